"""Cross-silo tables (or breakout groups) of the people going to an event, sent to the CNO who asked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import networkx as nx
from sqlalchemy import select

from bot.outbox import enqueue
from bot.use_cases.events import messages
from bot.use_cases.events.errors import EventClosed
from bot.use_cases.events.schedule import get_event
from matching.tables import mix_tables
from message_templates import mrkdwn
from storage.models import Interaction, Invitation, Person
from storage.models.events import GOING, SCHEDULED
from storage.roster import to_engine_person
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Seating:
    event_id: int
    title: str
    going: int
    tables: int


def seat_tables(uow: UnitOfWork, event_id: int, table_size: int, requested_by: str, request_id: str,
                now: datetime) -> Seating:
    """Seat everyone going at mixed tables of about ``table_size`` and DM the plan to ``requested_by``.

    ``request_id`` (the Slack trigger) keys the message, so a retried request sends one plan.
    """
    with uow:
        session = uow.session
        event = get_event(session, event_id)
        if event.status != SCHEDULED:
            raise EventClosed(f"*{mrkdwn(event.title)}* is {event.status}: there are no tables to make.")
        going = list(session.scalars(
            select(Person).join(Invitation, Invitation.person_id == Person.id)
            .where(Invitation.event_id == event_id, Invitation.status == GOING).order_by(Person.id)
        ))
        ids = [p.id for p in going]
        graph = nx.Graph()
        graph.add_nodes_from(ids)
        if ids:
            graph.add_edges_from(session.execute(
                select(Interaction.a_id, Interaction.b_id).where(Interaction.a_id.in_(ids), Interaction.b_id.in_(ids))
            ).all())
        people = {p.id: to_engine_person(p, now.date()) for p in going}
        tables = mix_tables(people, ids, graph, table_size, seed=event.id)
        plan = messages.tables(event, tables, {p.id: p for p in going}, table_size)
        for part, message in enumerate(plan, start=1):
            key = f"event:{event.id}:tables:{request_id}" + (f":part:{part}" if part > 1 else "")
            enqueue(session, key, text=message.text, blocks=message.blocks, users=[requested_by])
        uow.commit()
        return Seating(event.id, event.title, len(going), len(tables))
