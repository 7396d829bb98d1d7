"""Before an event: a reminder to those going a day and an hour before, one nudge to those who haven't answered.

Run by the scheduler's sweep every minute. Each nudge is recorded on the
invitation and carries an outbox key, so running the sweep twice, or on two
replicas, sends it once; a moved event gets its reminders again (the key holds
the event's ``schedule_version``).

An event for 100,000 people nudges tens of thousands: the sweep works in slices of
:data:`SLICE` invitations, each its own transaction (the messages and the marks on the
invitations commit together), for up to :data:`TICK_BUDGET` seconds a tick; the next
tick resumes with the invitations not marked yet. Each slice's time goes to the
``cno_sweep_slice_seconds`` metric (``sweep="event_nudges"``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from bot import ticks
from bot.bootstrap import Services
from bot.outbox import Outgoing, enqueue_many
from bot.use_cases.events import messages
from bot.use_cases.events.event import in_event_transaction
from storage.models import Event, Invitation, Person
from storage.queries.events import events_starting_between, going_to_remind, silent_to_nudge
from storage.uow import Session

DAY_BEFORE = timedelta(hours=24)
HOUR_BEFORE = timedelta(hours=1)
NUDGE_BEFORE = timedelta(days=2)
SLICE = 2000  # invitations per transaction
TICK_BUDGET = ticks.SWEEP_SECONDS

Step = Callable[[Session, Event, datetime, int], int]


def send_due_nudges(services: Services, now: datetime, budget: float = TICK_BUDGET) -> int:
    """Queue the reminders and nudges due at ``now``, a slice at a time; returns how many."""
    with services.uow() as uow:
        events = [event.id for event in events_starting_between(uow.session, now, now + NUDGE_BEFORE)]
    slices = ticks.Slices("event_nudges", budget)
    for event_id in events:
        for step in (_remind, _nudge):
            while not slices.out_of_time:
                work = partial(_slice_of, step, now)
                if slices.run(partial(in_event_transaction, services, event_id, work)) < SLICE:
                    break
    return slices.done


def _slice_of(step: Step, now: datetime, session: Session, event: Event) -> int:
    return step(session, event, now, SLICE)


def _remind(session: Session, event: Event, now: datetime, most: int) -> int:
    """Those going hear a day before and an hour before, unless they answered after that moment."""
    if now >= event.starts_at - HOUR_BEFORE:
        kind, due = "hour", event.starts_at - HOUR_BEFORE
    elif now >= event.starts_at - DAY_BEFORE:
        kind, due = "day", event.starts_at - DAY_BEFORE
    else:
        return 0
    due_people = going_to_remind(session, event.id, kind, due, most)
    _queue(session, due_people, lambda p: f"event:{event.id}:s{event.schedule_version}:{kind}:{p.id}",
           lambda p: messages.reminder(event, p, now))
    for invitation, _ in due_people:
        if kind == "hour":
            invitation.reminded_hour_at = now
        else:
            invitation.reminded_day_at = now
    return len(due_people)


def _nudge(session: Session, event: Event, now: datetime, most: int) -> int:
    """Once, two days before: those invited back then who still haven't answered."""
    due = event.starts_at - NUDGE_BEFORE
    if now < due:
        return 0
    due_people = silent_to_nudge(session, event.id, due, most)
    _queue(session, due_people, lambda p: f"event:{event.id}:nudge:{p.id}", lambda p: messages.nudge(event, p, now))
    for invitation, _ in due_people:
        invitation.nudged_at = now
    return len(due_people)


def _queue(session: Session, due: list[tuple[Invitation, Person]], key: Callable[[Person], str],
           message: Callable[[Person], messages.Message]) -> None:
    """One DM each, in bulk; rendered once per time zone (the only thing of the person's they show)."""
    by_zone: dict[str | None, messages.Message] = {}
    outgoing = []
    for _, person in due:
        if person.timezone not in by_zone:
            by_zone[person.timezone] = message(person)
        rendered = by_zone[person.timezone]
        outgoing.append(Outgoing(key(person), rendered.text, rendered.blocks, users=(person.slack_id or "",)))
    enqueue_many(session, outgoing)
