"""After an event: ask those who went whom they met, then send the CNO the event's result."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.bootstrap import Services
from bot.outbox import enqueue
from bot.use_cases.events import messages
from bot.use_cases.events.met import ask_who_they_met
from bot.use_cases.events.results import event_result
from storage.models import Event
from storage.models.events import DONE
from storage.queries.events import done_events_without_result, started_events

ANSWER_WINDOW = timedelta(days=2)  # how long "who did you meet?" answers are awaited before the result


def ends_at(event: Event) -> datetime:
    return event.starts_at + timedelta(minutes=event.duration_minutes)


def follow_up_ended_events(services: Services, now: datetime) -> int:
    """Events that have ended become done, and everyone going is asked whom they met; returns events."""
    with services.uow() as uow:
        session = uow.session
        ended = [event for event in started_events(session, now) if ends_at(event) <= now]
        for event in ended:
            event.status = DONE
            event.ended_at = now
            ask_who_they_met(session, event)
        uow.commit()
        return len(ended)


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
