"""After an event: ask those who went whom they met, then send the CNO the event's result."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from bot import ticks
from bot.bootstrap import Services
from bot.outbox import enqueue
from bot.use_cases.events import messages
from bot.use_cases.events.event import in_event_transaction
from bot.use_cases.events.met import ask_who_they_met
from bot.use_cases.events.results import event_result
from storage.models import Event
from storage.models.events import DONE
from storage.queries.events import done_events_without_result, started_events
from storage.uow import Session

ANSWER_WINDOW = timedelta(days=2)  # how long "who did you meet?" answers are awaited before the result
SLICE = 2000  # "who did you meet?" questions per transaction
TICK_BUDGET = ticks.SWEEP_SECONDS


def ends_at(event: Event) -> datetime:
    return event.starts_at + timedelta(minutes=event.duration_minutes)


def follow_up_ended_events(services: Services, now: datetime, budget: float = TICK_BUDGET) -> int:
    """Events that have ended become done, and everyone going is asked whom they met; returns events ended.

    The questions go in slices of :data:`SLICE`, each its own transaction, to every done event
    whose result has not gone yet, for up to ``budget`` seconds a tick (at least one slice):
    the next tick asks those not asked yet (an asked person has their question's outbox row).
    Each slice's time goes to the ``cno_sweep_slice_seconds`` metric.
    """
    with services.uow() as uow:
        ended = [event for event in started_events(uow.session, now) if ends_at(event) <= now]
        for event in ended:
            event.status = DONE
            event.ended_at = now
        uow.commit()
        count = len(ended)
    with services.uow() as uow:
        done = [event.id for event in done_events_without_result(uow.session, now)]
    slices = ticks.Slices("event_met_questions", budget)
    for event_id in done:
        while not slices.out_of_time:
            if slices.run(partial(in_event_transaction, services, event_id, _ask_a_slice)) < SLICE:
                break
    return count


def _ask_a_slice(session: Session, event: Event) -> int:
    return ask_who_they_met(session, event, SLICE)


def send_due_results(services: Services, now: datetime) -> int:
    """Once the answers had time to come in, the CNO who created the event gets its result."""
    with services.uow() as uow:
        session = uow.session
        due = [event for event in done_events_without_result(session, now) if ends_at(event) + ANSWER_WINDOW <= now]
        for event in due:
            message = messages.result(event, event_result(session, event))
            if event.created_by:
                enqueue(session, f"event:{event.id}:result", text=message.text, blocks=message.blocks,
                        users=[event.created_by])
            event.result_sent_at = now
        uow.commit()
        return len(due)
