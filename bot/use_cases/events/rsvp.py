"""A person answers an invitation: going, maybe or can't come, with the waiting list when places run out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.use_cases.events import messages
from bot.use_cases.events.messages import Message
from bot.use_cases.events.places import (
    fill_free_places,
    has_room,
    invite_key,
    join_waiting_list,
    leave_waiting_list,
    refresh_clicked,
)
from bot.use_cases.events.schedule import get_event
from message_templates import mrkdwn
from storage.models import Invitation, Person
from storage.models.events import CANCELLED, DECLINED, GOING, MAYBE, SCHEDULED, WAITLISTED
from storage.uow import UnitOfWork

CHOICES = {"rsvp_going": GOING, "rsvp_maybe": MAYBE, "rsvp_declined": DECLINED}


@dataclass(frozen=True)
class Answer:
    """The person's answer as it now stands, or why it could not be taken (``closed``)."""

    status: str | None
    moved_up: int = 0
    closed: str | None = None
    replace_with: Message | None = None  # the clicked invitation, re-rendered, to replace at once


def answer(uow: UnitOfWork, event_id: int, slack_id: str, choice: str, now: datetime,
           clicked: tuple[str, str] | None = None) -> Answer:
    """Record ``choice`` (going / maybe / declined) for the person with ``slack_id``.

    "Going" takes a place while there is one and joins the waiting list
    otherwise; leaving a place moves the first person on the waiting list up.
    The person's invitation is re-rendered in place: at once through the click
    (``replace_with``) when ``clicked`` (channel, ts) is the invitation itself,
    through the outbox otherwise.
    """
    with uow:
        session = uow.session
        event = get_event(session, event_id, lock=True)  # one answer at a time per event: places are counted
        invitation = session.scalar(
            select(Invitation).join(Person).where(Invitation.event_id == event_id, Person.slack_id == slack_id)
        )
        if invitation is None:
            return Answer(None, closed="This invitation isn't addressed to you.")
        if event.status == CANCELLED:
            return Answer(invitation.status, closed=f"*{mrkdwn(event.title)}* is cancelled.")
        if event.status != SCHEDULED or event.starts_at <= now:
            return Answer(invitation.status, closed=f"*{mrkdwn(event.title)}* has already started: answers are closed.")
        before = invitation.status
        if choice == GOING and before in (GOING, WAITLISTED):
            return Answer(before)
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
        return Answer(invitation.status, moved_up=len(moved), replace_with=replace_with)
