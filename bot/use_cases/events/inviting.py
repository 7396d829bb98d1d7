"""Queueing an event's invitations, a chunk at a time, in the scheduler's sweep.

Submitting the modal only stores the event (``invitations_queued`` False); the
sweep then invites everyone in the audience who has no invitation yet. Each pass
is its own short transaction of at most :data:`CHUNK` people, so a crash loses at
most one pass and the next tick carries on where it stopped (the invitation's
unique (event, person) pair and the outbox keys make queueing twice harmless).
"""

from __future__ import annotations

import time
from datetime import datetime

from bot import ticks
from bot.bootstrap import Services
from bot.metrics import SWEEP_SLICES
from bot.outbox import Outgoing, enqueue_many
from bot.use_cases.events import messages
from bot.use_cases.events.audience import Audience, audience_ids
from bot.use_cases.events.keys import invite_key
from storage.models import Event, Invitation
from storage.models.events import NO_ANSWER, SCHEDULED
from storage.queries.events import event_by_id, events_awaiting_invitations, invited_ids
from storage.queries.people import people_by_id
from storage.uow import Session

CHUNK = 5000
TICK_BUDGET = ticks.SWEEP_SECONDS


def not_invited_yet(session: Session, event: Event, now: datetime) -> list[int]:
    """Ids of the people in the event's audience who have no invitation yet, in id order."""
    already = invited_ids(session, event.id)
    return [i for i in audience_ids(session, Audience.from_json(event.audience), now.date()) if i not in already]


def _invite(session: Session, event: Event, person_ids: list[int], now: datetime) -> int:
    """One invitation and one DM (through the outbox) each; rendered once per time zone."""
    people = sorted(people_by_id(session, person_ids).values(), key=lambda p: p.id)
    session.add_all(Invitation(event_id=event.id, person_id=p.id, invited_at=now, status=NO_ANSWER) for p in people)
    by_zone: dict[str, messages.Message] = {}
    outgoing = []
    for person in people:
        if person.timezone not in by_zone:
            by_zone[person.timezone] = messages.invite_as(event, person, NO_ANSWER, now)
        message = by_zone[person.timezone]
        outgoing.append(Outgoing(invite_key(event.id, person.id), message.text, message.blocks,
                                 users=(person.slack_id or "",)))
    return enqueue_many(session, outgoing)


def queue_chunk(services: Services, event_id: int, now: datetime, chunk: int) -> tuple[bool, int]:
    """One pass: invite up to ``chunk`` more people; returns (all queued, invitations queued now)."""
    with services.uow() as uow:
        session = uow.session
        event = event_by_id(session, event_id, lock=True)
        if event is None or event.invitations_queued:
            return True, 0
        if event.status != SCHEDULED or event.starts_at <= now:  # cancelled or over: nobody to invite any more
            event.invitations_queued = True
            uow.commit()
            return True, 0
        missing = not_invited_yet(session, event, now)
        queued = _invite(session, event, missing[:chunk], now) if missing else 0
        event.invitations_queued = len(missing) <= chunk
        uow.commit()
        return event.invitations_queued, queued


def queue_due_invitations(services: Services, now: datetime, chunk: int | None = None,
                          budget: float | None = TICK_BUDGET) -> int:
    """Queue the invitations of every event still waiting for them, pass after pass; returns how many.

    Stops after the pass that uses up ``budget`` seconds (None: when all are queued), so a tick
    never overruns: the next tick goes on with those not invited yet.
    """
    chunk = chunk or CHUNK
    with services.uow() as uow:
        waiting = events_awaiting_invitations(uow.session)
    total, began, budget = 0, time.monotonic(), ticks.budget(budget)
    for event_id in waiting:
        done = False
        while not done:
            started = time.monotonic()
            done, queued = queue_chunk(services, event_id, now, chunk)
            SWEEP_SLICES.labels(sweep="event_invitations").observe(time.monotonic() - started)
            total += queued
            if budget is not None and time.monotonic() - began >= budget:
                return total
    return total
