"""Before an event: a reminder to those going a day and an hour before, one nudge to those who haven't answered.

Run by the scheduler's sweep every minute. Each nudge is recorded on the
invitation and carries an outbox key, so running the sweep twice, or on two
replicas, sends it once; a moved event gets its reminders again (the key holds
the event's ``schedule_version``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.bootstrap import Services
from bot.outbox import enqueue
from bot.use_cases.events import messages
from storage.models import Event
from storage.queries.events import events_starting_between, going_to_remind, silent_to_nudge
from storage.uow import Session

DAY_BEFORE = timedelta(hours=24)
HOUR_BEFORE = timedelta(hours=1)
NUDGE_BEFORE = timedelta(days=2)


def send_due_nudges(services: Services, now: datetime) -> int:
    """Queue every reminder and nudge that is due at ``now``; returns how many."""
    with services.uow() as uow:
        session = uow.session
        sent = 0
        for event in events_starting_between(session, now, now + NUDGE_BEFORE):
            sent += _remind(session, event, now) + _nudge(session, event, now)
        uow.commit()
        return sent


def _remind(session: Session, event: Event, now: datetime) -> int:
    """Those going hear a day before and an hour before, unless they answered after that moment."""
    if now >= event.starts_at - HOUR_BEFORE:
        kind, due = "hour", event.starts_at - HOUR_BEFORE
    elif now >= event.starts_at - DAY_BEFORE:
        kind, due = "day", event.starts_at - DAY_BEFORE
    else:
        return 0
    due_people = going_to_remind(session, event.id, kind, due)
    for invitation, person in due_people:
        message = messages.reminder(event, person, now)
        key = f"event:{event.id}:s{event.schedule_version}:{kind}:{person.id}"
        enqueue(session, key, text=message.text, blocks=message.blocks, users=[person.slack_id or ""])
        if kind == "hour":
            invitation.reminded_hour_at = now
        else:
            invitation.reminded_day_at = now
    return len(due_people)


def _nudge(session: Session, event: Event, now: datetime) -> int:
    """Once, two days before: those invited back then who still haven't answered."""
    due = event.starts_at - NUDGE_BEFORE
    if now < due:
        return 0
    due_people = silent_to_nudge(session, event.id, due)
    for invitation, person in due_people:
        message = messages.nudge(event, person, now)
        enqueue(session, f"event:{event.id}:nudge:{person.id}", text=message.text, blocks=message.blocks,
                users=[person.slack_id or ""])
        invitation.nudged_at = now
    return len(due_people)

