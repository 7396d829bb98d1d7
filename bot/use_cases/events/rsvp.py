"""A person answers an invitation: going, maybe or can't come, with the waiting list when places run out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bootstrap import Services
from bot.use_cases.events import messages
from bot.use_cases.events.event import get_event
from bot.use_cases.events.keys import invite_key
from bot.use_cases.events.messages import Message
from bot.use_cases.events.places import (
    fill_free_places,
    has_room,
    join_waiting_list,
    leave_waiting_list,
    refresh_clicked,
)
from storage.models import Event
from storage.models.events import CANCELLED, DECLINED, GOING, MAYBE, SCHEDULED, WAITLISTED
from storage.queries.events import invitation_of
from storage.uow import Session

CHOICES = {"rsvp_going": GOING, "rsvp_maybe": MAYBE, "rsvp_declined": DECLINED}


@dataclass(frozen=True)
class RsvpOutcome:
    """The person's answer as it now stands, or why it could not be taken.

    ``closed`` names the reason (a case of message_templates/events/refusal), ``title`` is the event's.
    """

    status: str | None
    moved_up: int = 0
    closed: str | None = None
    title: str = ""
    replace_with: Message | None = None  # the clicked invitation, re-rendered, to replace at once


def _held_for_an_answer(session: Session, event_id: int) -> Event:
    """The event, held still while an answer is recorded, so a cancellation or an edit never interleaves.

    An event without a cap has no places to count: its answers share the lock and go side by
    side (thousands of people answering one invitation at once). A capped event is locked
    exclusively, one answer at a time, so that its places are never given twice. A shared lock
    is not upgraded in place (two answers upgrading together would deadlock): it is released first.
    """
    event = get_event(session, event_id, lock=True, shared=True)
    if event.capacity is None:
        return event
    session.rollback()
    return get_event(session, event_id, lock=True)


def answer(services: Services, event_id: int, slack_id: str, choice: str, now: datetime,
           clicked: tuple[str, str] | None = None) -> RsvpOutcome:
    """Record ``choice`` (going / maybe / declined) for the person with ``slack_id``.

    "Going" takes a place while there is one and joins the waiting list
    otherwise; leaving a place moves the first person on the waiting list up.
    The person's invitation is re-rendered in place: at once through the click
    (``replace_with``) when ``clicked`` (channel, ts) is the invitation itself,
    through the outbox otherwise.
    """
    with services.uow() as uow:
        session = uow.session
        event = _held_for_an_answer(session, event_id)
        invitation = invitation_of(session, event_id, slack_id)
        if invitation is None:
            return RsvpOutcome(None, closed="not_invited", title=event.title)
        if event.status == CANCELLED:
            return RsvpOutcome(invitation.status, closed="cancelled", title=event.title)
        if event.status != SCHEDULED or event.starts_at <= now:
            return RsvpOutcome(invitation.status, closed="started", title=event.title)
        before = invitation.status
        if choice == GOING and before in (GOING, WAITLISTED):
            return RsvpOutcome(before, title=event.title)
        if choice == GOING:
            if has_room(session, event):
                invitation.status = GOING
            else:
                join_waiting_list(session, invitation, now)
        else:
            invitation.status = choice
            leave_waiting_list(invitation)
        invitation.responded_at = now
        session.flush()
        rendered = messages.invite(event, invitation, now)
        replace_with = refresh_clicked(session, invite_key(event.id, invitation.person_id), rendered, clicked)
        moved = fill_free_places(session, event, now) if before == GOING else []
        uow.commit()
        return RsvpOutcome(invitation.status, moved_up=len(moved), replace_with=replace_with, title=event.title)
