"""Before an event: a reminder to those going a day and an hour before, one nudge to those who haven't answered.

Run by the scheduler's sweep every minute. Each nudge is recorded on the
invitation and carries an outbox key, so running the sweep twice, or on two
replicas, sends it once; a moved event gets its reminders again (the key holds
the event's ``schedule_version``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.outbox import enqueue
from bot.use_cases.events import messages
from storage.models import Event, Invitation, Person
from storage.models.events import GOING, NO_ANSWER, SCHEDULED
from storage.uow import UnitOfWork

DAY_BEFORE = timedelta(hours=24)
HOUR_BEFORE = timedelta(hours=1)
NUDGE_BEFORE = timedelta(days=2)


def send_due_nudges(uow: UnitOfWork, now: datetime) -> int:
    """Queue every reminder and nudge that is due at ``now``; returns how many."""
    with uow:
        session = uow.session
        upcoming = session.scalars(
            select(Event)
            .where(Event.status == SCHEDULED, Event.starts_at > now, Event.starts_at <= now + NUDGE_BEFORE)
            .order_by(Event.starts_at)
        )
        sent = 0
        for event in upcoming:
            sent += _remind(session, event, now) + _nudge(session, event, now)
        uow.commit()
        return sent


def _remind(session: Session, event: Event, now: datetime) -> int:
    """Those going hear a day before and an hour before, unless they answered after that moment."""
    if now >= event.starts_at - HOUR_BEFORE:
        kind, due, column = "hour", event.starts_at - HOUR_BEFORE, Invitation.reminded_hour_at
    elif now >= event.starts_at - DAY_BEFORE:
        kind, due, column = "day", event.starts_at - DAY_BEFORE, Invitation.reminded_day_at
    else:
        return 0
    due_people = _due(session, event, GOING, column, Invitation.responded_at, due)
    for invitation, person in due_people:
        message = messages.reminder(event, person, now)
        key = f"event:{event.id}:s{event.schedule_version}:{kind}:{person.id}"
        enqueue(session, key, text=message.text, blocks=message.blocks, users=[person.slack_id or ""])
        setattr(invitation, column.key, now)
    return len(due_people)


def _nudge(session: Session, event: Event, now: datetime) -> int:
    """Once, two days before: those invited back then who still haven't answered."""
    due = event.starts_at - NUDGE_BEFORE
    if now < due:
        return 0
    due_people = _due(session, event, NO_ANSWER, Invitation.nudged_at, Invitation.invited_at, due)
    for invitation, person in due_people:
        message = messages.nudge(event, person, now)
        enqueue(session, f"event:{event.id}:nudge:{person.id}", text=message.text, blocks=message.blocks,
                users=[person.slack_id or ""])
        invitation.nudged_at = now
    return len(due_people)


def _due(
    session: Session,
    event: Event,
    status: str,
    done: InstrumentedAttribute[datetime | None],
    since: InstrumentedAttribute[datetime | None] | InstrumentedAttribute[datetime],
    due: datetime,
) -> list[tuple[Invitation, Person]]:
    rows = session.execute(
        select(Invitation, Person)
        .join(Person, Person.id == Invitation.person_id)
        .where(
            Invitation.event_id == event.id,
            Invitation.status == status,
            done.is_(None),
            since <= due,
            Person.active.is_(True),
            Person.slack_id.is_not(None),
        )
        .order_by(Invitation.id)
    )
    return [(invitation, person) for invitation, person in rows]
