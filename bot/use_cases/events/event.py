"""One event, found by its id: the person who asked is told when there is no such event."""

from __future__ import annotations

from collections.abc import Callable

from bot.bootstrap import Services
from bot.use_cases.events.errors import EventNotFound
from storage.models import Event
from storage.queries.events import event_by_id
from storage.uow import Session


def get_event(session: Session, event_id: int, lock: bool = False, shared: bool = False) -> Event:
    """The event (locked for this transaction when ``lock``, see ``event_by_id``); :class:`EventNotFound` if none."""
    event = event_by_id(session, event_id, lock=lock, shared=shared)
    if event is None:
        raise EventNotFound(event_id)
    return event


def in_event_transaction(services: Services, event_id: int, work: Callable[[Session, Event], int]) -> int:
    """``work`` on the event in a transaction of its own, committed; 0 when the event is gone (a sweep's slice)."""
    with services.uow() as uow:
        event = event_by_id(uow.session, event_id)
        done = work(uow.session, event) if event is not None else 0
        uow.commit()
        return done
