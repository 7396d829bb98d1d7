"""Erasure on request: `cno forget EMAIL` and `/networking forget-me`.

The work is :func:`storage.erasure.erase_person` (every table, including ones
added later); this adds what only the bot knows: ids kept inside JSON (handover
contact lists) and the in-memory network cache.
"""

from __future__ import annotations

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from bot.errors import UsageError
from bot.network import forget_cached_network
from bot.use_cases.lifecycle.leaving import leave_events
from bot.use_cases.lifecycle.leaving_mentoring import pass_on_offers, withdraw_requests_quietly
from storage.erasure import ErasureReport, erase_person
from storage.models import Handover, OnboardingIntro, OnboardingPlan, OutboxMessage, Person
from storage.models.base import utcnow


def _our_messages_about(session: Session, person_id: int) -> list[str]:
    """Outbox key prefixes of this capability's messages about the person (a first name is not searchable)."""
    prefixes = [f"onboarding:welcome:{person_id}:"]
    prefixes += [f"handover:{h}:" for h in session.scalars(select(Handover.id).where(Handover.leaver_id == person_id))]
    intros = select(OnboardingIntro.id).where(
        or_(
            OnboardingIntro.partner_id == person_id,
            OnboardingIntro.plan_id.in_(select(OnboardingPlan.id).where(OnboardingPlan.person_id == person_id)),
        )
    )
    prefixes += [f"onboarding:intro:{i}:" for i in session.scalars(intros)]
    return prefixes


def forget_person(session: Session, person: Person) -> ErasureReport:
    """Erase ``person``; the caller commits (then :func:`bot.network.forget_cached_network` again).

    First, quietly, what others are waiting on: their event places go to the waiting
    list, requests they were asked to take on go to the next candidate, and offer
    DMs about their own requests are not sent. Nobody is told why.
    """
    now = utcnow()
    leave_events(session, person.id, now)
    pass_on_offers(session, person, now)
    withdraw_requests_quietly(session, person, now)
    prefixes = _our_messages_about(session, person.id)
    for prefix in prefixes:
        session.execute(delete(OutboxMessage).where(OutboxMessage.key.like(prefix + "%")))
    for handover in session.scalars(select(Handover)):
        kept = [c for c in handover.contacts or [] if c.get("id") != person.id]
        if len(kept) != len(handover.contacts or []):
            handover.contacts = kept
    report = erase_person(session, person)
    forget_cached_network()
    return report


def forget(session: Session, email: str) -> ErasureReport:
    """Erase the person with this email; UsageError when there is none. The caller commits."""
    person = session.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower()))
    if person is None:
        raise UsageError(f"No person with email {email.strip()!r}")
    return forget_person(session, person)


def forget_slack_user(session: Session, slack_id: str) -> ErasureReport | None:
    """Erase the person with this Slack id (their own request); None when we hold nothing about them."""
    person = session.scalar(select(Person).where(Person.slack_id == slack_id))
    return forget_person(session, person) if person is not None else None
