"""The organisation's network (graph and people) kept in memory between requests.

Loading 2,000,000 ties takes far longer than measuring a team's reach, so each
process keeps the last loaded network and reloads it only when the people or
the interactions changed. The check is one aggregate query per table.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import networkx as nx

from matching.people import Person as EnginePerson
from storage.graph import load_graph
from storage.queries.people import database_name, network_fingerprint
from storage.roster import load_people
from storage.uow import Session


@dataclass(frozen=True)
class Network:
    graph: nx.Graph
    people: dict[int, EnginePerson]


T = TypeVar("T")

_lock = threading.Lock()
_cached: dict[str, tuple[tuple[Any, ...], Network]] = {}
_derived: dict[tuple[str, str], tuple[tuple[Any, ...], Any]] = {}


def _fingerprint(session: Session, on: date) -> tuple[Any, ...]:
    return (on, *network_fingerprint(session))


def current_network(session: Session, on: date) -> Network:
    """Everyone active and every tie, as of now; reloaded only when the database changed."""
    key = database_name(session)
    fingerprint = _fingerprint(session, on)
    with _lock:
        hit = _cached.get(key)
        if hit is not None and hit[0] == fingerprint:
            return hit[1]
    network = Network(graph=load_graph(session), people=load_people(session, on))
    with _lock:
        _cached[key] = (fingerprint, network)
    return network


def network_derived(session: Session, on: date, name: str, compute: Callable[[], T]) -> T:
    """``compute()``'s result, kept until the network (people or ties) changes or the day does.

    For figures derived from the whole organisation that are slow to compute
    (e.g. the lowest-reach quarter: second-degree reach of everyone), asked for
    again and again while nothing changed. ``name`` tells the figures apart.
    """
    key = (database_name(session), name)
    fingerprint = _fingerprint(session, on)
    with _lock:
        hit = _derived.get(key)
        if hit is not None and hit[0] == fingerprint:
            return hit[1]
    value = compute()
    with _lock:
        _derived[key] = (fingerprint, value)
    return value


def forget_cached_network() -> None:
    """Drop the in-memory network and what was derived from it (tests, or after an erasure)."""
    with _lock:
        _cached.clear()
        _derived.clear()
