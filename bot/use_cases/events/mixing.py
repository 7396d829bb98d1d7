"""Cross-silo tables (or breakout groups) of the people going to an event, sent to the CNO who asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import networkx as nx

from bot.bootstrap import Services
from bot.outbox import enqueue
from bot.use_cases.events import messages
from bot.use_cases.events.access import require_cno
from bot.use_cases.events.errors import EventClosed
from bot.use_cases.events.event import get_event
from matching.tables import mix_tables
from storage.models.events import SCHEDULED
from storage.queries.event_ties import ties_among
from storage.queries.events import people_going
from storage.roster import to_engine_person


@dataclass(frozen=True)
class Seating:
    event_id: int
    title: str
    going: int
    tables: int


def seat_tables(services: Services, event_id: int, table_size: int, requested_by: str, request_id: str,
                now: datetime) -> Seating:
    """Seat everyone going at mixed tables of about ``table_size`` and DM the plan to ``requested_by`` (the CNO).

    ``request_id`` (the Slack trigger) keys the message, so a retried request sends one plan.
    """
    with services.uow() as uow:
        session = uow.session
        require_cno(session, services.settings, requested_by)
        event = get_event(session, event_id)
        if event.status != SCHEDULED:
            raise EventClosed("no_tables", event.title, event.status)
        going = people_going(session, event_id)
        ids = [p.id for p in going]
        graph = nx.Graph()
        graph.add_nodes_from(ids)
        graph.add_edges_from(ties_among(session, ids))
        people = {p.id: to_engine_person(p, now.date()) for p in going}
        tables = mix_tables(people, ids, graph, table_size, seed=event.id)
        message = messages.tables(event, tables, {p.id: p for p in going}, table_size)
        enqueue(session, f"event:{event.id}:tables:{request_id}", text=message.text, blocks=message.blocks,
                users=[requested_by])
        uow.commit()
        return Seating(event.id, event.title, len(going), len(tables))
