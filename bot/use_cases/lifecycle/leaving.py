"""Leaving: mark the person left and open a handover; what they were part of lets them go.

:func:`people_left` is what every path calls (``user_change`` with ``deleted``,
``cno sync-slack``, a people import marking someone left): it marks them left,
takes them out of what was planned with them and opens a handover, which
:mod:`bot.use_cases.lifecycle.handover` analyses and proposes to their manager.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.outbox import cancel_pending
from bot.use_cases.events.places import fill_free_places, invite_key, leave_waiting_list
from bot.use_cases.lifecycle.leaving_mentoring import leave_mentoring
from bot.use_cases.rounds.withdrawal import withdraw_from_unsent_intros
from storage.models import Handover, Person
from storage.models.events import DECLINED, GOING
from storage.models.handover import NEW
from storage.models.onboarding import CANCELLED as ONBOARDING_CANCELLED
from storage.models.outbox import CANCELLED
from storage.queries.handover import has_handover
from storage.queries.lifecycle import pending_messages_to, upcoming_invitations_of
from storage.queries.onboarding import running_plans_of
from storage.queries.people import person_by_email, person_by_slack_id
from storage.uow import Session

log = logging.getLogger(__name__)


def people_left(
    session: Session, person_ids: Iterable[int], today: date, now: datetime | None = None
) -> list[Handover]:
    """Mark these people left (if not already) and open a handover for each; the caller commits.

    Idempotent: someone who already has a handover gets no second one. They drop
    out of the rounds (participants are active people, and intros made ahead or
    still waiting in the outbox go without them, their partners re-paired when
    someone is free: :mod:`bot.use_cases.rounds.withdrawal`), their onboarding stops and
    DMs waiting for them alone are cancelled, they give up their places at
    upcoming events (the waiting list moves up), and their mentoring requests,
    offers and relationships end (:mod:`bot.use_cases.lifecycle.leaving_mentoring`).
    """
    opened = []
    for person_id in person_ids:
        person = session.get(Person, person_id)
        if person is None:
            continue
        person.active = False
        person.left_on = person.left_on or today
        for plan in running_plans_of(session, person_id):
            plan.status = ONBOARDING_CANCELLED
        if person.slack_id:
            _cancel_their_dms(session, person.slack_id)
        leave_events(session, person_id, now or utcnow())
        withdraw_from_unsent_intros(session, person_id, now or utcnow())
        leave_mentoring(session, person, now or utcnow())
        if not has_handover(session, person_id):
            handover = Handover(leaver_id=person_id, left_on=person.left_on, status=NEW)
            session.add(handover)
            opened.append(handover)
    session.flush()
    return opened


def _cancel_their_dms(session: Session, slack_id: str) -> None:
    for row in pending_messages_to(session, slack_id):
        if list(row.users) == [slack_id]:
            row.status = CANCELLED


def leave_events(session: Session, person_id: int, now: datetime) -> None:
    """They give up their places at upcoming events; the waiting list moves up."""
    for invitation in upcoming_invitations_of(session, person_id, now):
        was_going = invitation.status == GOING
        invitation.status, invitation.responded_at = DECLINED, now
        leave_waiting_list(invitation)
        cancel_pending(session, invite_key(invitation.event_id, person_id))
        session.flush()
        if was_going:
            fill_free_places(session, invitation.event, now)


def leave_from_slack(services: Services, user: dict[str, Any], now: datetime) -> list[int]:
    """``user_change`` with ``deleted``: the person with that Slack id (or profile email) has left.

    Returns the handovers opened (none when we don't know them or they had left already).
    """
    slack_id = str(user.get("id") or "")
    email = str((user.get("profile") or {}).get("email") or "").strip().lower()
    with services.uow() as uow:
        session = uow.session
        person = person_by_slack_id(session, slack_id) if slack_id else None
        if person is None and email:
            person = person_by_email(session, email)
        if person is None:
            return []
        opened = people_left(session, [person.id], now.astimezone(services.settings.zone).date())
        uow.commit()
        if opened:
            log.info("user_change: person %s left; handover %s opened", opened[0].leaver_id, opened[0].id)
        return [handover.id for handover in opened]
