"""The organisation's network (graph and people) kept in memory between requests.

Loading 2,000,000 ties takes far longer than measuring a team's reach, so each
process keeps the last loaded network and reloads it only when the people or
the interactions changed. The check is one aggregate query per table.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matching.people import Person as EnginePerson
from storage.graph import load_graph
from storage.models import Interaction, Person
from storage.roster import load_people


@dataclass(frozen=True)
class Network:
    graph: nx.Graph
    people: dict[int, EnginePerson]


_lock = threading.Lock()
_cached: dict[str, tuple[tuple[Any, ...], Network]] = {}


def _fingerprint(session: Session, on: date) -> tuple[Any, ...]:
    people = session.execute(
        select(func.count(Person.id), func.sum(Person.id), func.max(Person.updated_at), func.max(Person.created_at))
    ).one()
    ties = session.execute(
        select(func.count(Interaction.id), func.max(Interaction.id), func.sum(Interaction.a_id + Interaction.b_id))
    ).one()
    return (on, *people, *ties)


def current_network(session: Session, on: date) -> Network:
    """Everyone active and every tie, as of now; reloaded only when the database changed."""
    bind = session.get_bind()
    key = bind.url.render_as_string(hide_password=True)
    fingerprint = _fingerprint(session, on)
    with _lock:
        hit = _cached.get(key)
        if hit is not None and hit[0] == fingerprint:
            return hit[1]
    network = Network(graph=load_graph(session), people=load_people(session, on))
    with _lock:
        _cached[key] = (fingerprint, network)
    return network


def forget_cached_network() -> None:
    """Drop the in-memory network (tests, or after an erasure)."""
    with _lock:
        _cached.clear()
