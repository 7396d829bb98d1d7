"""Erasure on request: `cno forget EMAIL` and `/networking forget-me`.

The work is :func:`storage.erasure.erase_person` (every table, including ones
added later); this adds what only the bot knows: ids kept inside JSON (handover
contact lists) and the in-memory network cache.
"""

from __future__ import annotations

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.errors import UsageError
from bot.network import forget_cached_network
from bot.use_cases.lifecycle.leaving import leave_events
from bot.use_cases.lifecycle.leaving_mentoring import pass_on_offers, withdraw_requests_quietly
from message_templates import render_text
from storage.erasure import ErasureReport, erase_person
from storage.models import Person
from storage.queries.handover import all_handovers, handover_ids_of
from storage.queries.lifecycle import delete_messages_keyed
from storage.queries.onboarding import onboarding_intros_about
from storage.queries.people import person_by_email, person_by_slack_id
from storage.uow import Session


def _our_messages_about(session: Session, person_id: int) -> list[str]:
    """Outbox key prefixes of this capability's messages about the person (a first name is not searchable)."""
    prefixes = [f"onboarding:welcome:{person_id}:"]
    prefixes += [f"handover:{h}:" for h in handover_ids_of(session, person_id)]
    prefixes += [f"onboarding:intro:{i}:" for i in onboarding_intros_about(session, person_id)]
    return prefixes


def forget_person(session: Session, person: Person) -> ErasureReport:
    """Erase ``person``; the caller commits, then calls :func:`bot.network.forget_cached_network` again.

    First, quietly, what others are waiting on: their event places go to the waiting
    list, requests they were asked to take on go to the next candidate, and offer
    DMs about their own requests are not sent. Nobody is told why.
    """
    now = utcnow()
    leave_events(session, person.id, now)
    pass_on_offers(session, person, now)
    withdraw_requests_quietly(session, person, now)
    for prefix in _our_messages_about(session, person.id):
        delete_messages_keyed(session, prefix)
    for handover in all_handovers(session):
        kept = [c for c in handover.contacts or [] if c.get("id") != person.id]
        if len(kept) != len(handover.contacts or []):
            handover.contacts = kept
    report = erase_person(session, person)
    forget_cached_network()
    return report


def forget(services: Services, email: str) -> ErasureReport:
    """`cno forget EMAIL`: erase the person with this email; UsageError when there is none."""
    with services.uow() as uow:
        person = person_by_email(uow.session, email.strip().lower())
        if person is None:
            raise UsageError(render_text("lifecycle/refused", reason="no_person_with_email", email=repr(email.strip())))
        report = forget_person(uow.session, person)
        uow.commit()
    forget_cached_network()
    return report


def forget_me(services: Services, slack_id: str) -> bool:
    """`/networking forget-me`, confirmed: erase the person with this Slack id; False when we hold nothing."""
    with services.uow() as uow:
        person = person_by_slack_id(uow.session, slack_id)
        if person is None:
            return False
        forget_person(uow.session, person)
        uow.commit()
    forget_cached_network()
    return True
