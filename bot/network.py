"""The organisation's network (graph and people) kept in memory between requests.

Loading 2,000,000 ties takes far longer than measuring a team's reach, so each
process keeps the last loaded network and brings it up to date when the people or
the interactions changed, without reloading it when it can:

- Every request first reads two marks, each one index lookup: the latest change to
  anyone (``people.updated_at``) and the latest tie's id. While they stand still the
  network is used as it is: App Home and ``/networking status`` ask for it on every
  open, and the full aggregates (:func:`storage.queries.people.network_fingerprint`,
  a scan of every tie) cost more than the whole answer at 100,000 people.
- When a mark moves, the full aggregates are read and tell what changed. New ties (a
  "we met", an event's ties, an import) are added to a new graph that shares the
  rest with the old one (``with_new_ties``). Changed people (a pause, a new
  preference, someone who left) are read again by themselves, and those who left
  taken out of the graph (``without_people``). Anything else (someone new or back,
  a removed or rewritten tie, rows committed out of id order, a new day) reloads.
- Marks do not move when a row is deleted, or when a transaction commits a row
  older than one already seen; so the full aggregates are also read at least every
  ``EXACT_EVERY`` seconds, by one request at a time while the others go on with the
  network they have.

Readers are never disturbed: each change makes a new :class:`Network`.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any, TypeVar

import networkx as nx

from matching.people import Person as EnginePerson
from matching.team_view import OrgShape, org_shape
from storage.bulk_memory import cycle_collection_paused, keep_out_of_collections
from storage.graph import load_graph, ties_stored_between, with_new_ties, without_people
from storage.queries.people import (
    active_ids_by_email,
    database_name,
    network_fingerprint,
    network_marks,
    people_changed_since,
)
from storage.roster import load_people, to_engine_person
from storage.uow import Session

#: Seconds between two reads of the full aggregates while the marks stand still (see the module's notes).
EXACT_EVERY = 10.0
#: More changed people than this at once (an import, a sync) reload everyone.
MAX_CHANGED_PEOPLE = 1000
#: Changed people are read from this long before the last change seen: a change stamped earlier by
#: another replica's clock, or committed after a later one, is still read (again is harmless).
CLOCKS_APART = timedelta(minutes=5)


@dataclass(frozen=True)
class Network:
    graph: nx.Graph
    people: dict[int, EnginePerson]

    @cached_property
    def shape(self) -> OrgShape:
        """Reports per manager, people per region and function: counted once per network, not per team."""
        return org_shape(self.people)


@dataclass(frozen=True)
class _Held:
    """A database's network in this process, and what it was last checked against."""

    network: Network
    fingerprint: tuple[Any, ...]  # the day and the full aggregates (``_fingerprint``)
    marks: tuple[Any, ...]  # the day and the two marks (``network_marks``)
    ids_by_email: dict[str, int]  # every active person's id by lower-case email (changed people need it)
    checked: int  # the number of the full check (``_checks``) this came from
    checked_at: float  # and its time.monotonic()


T = TypeVar("T")

_lock = threading.Lock()
_cached: dict[str, _Held] = {}
_refreshing: dict[str, threading.Lock] = {}
_checks = itertools.count()
_derived: dict[tuple[str, str], tuple[tuple[Any, ...], Any]] = {}


def _fingerprint(session: Session, on: date) -> tuple[Any, ...]:
    return (on, *network_fingerprint(session))


def _refresh_lock(key: str) -> threading.Lock:
    with _lock:
        return _refreshing.setdefault(key, threading.Lock())


def current_network(session: Session, on: date) -> Network:
    """Everyone active and every tie, as of now; brought up to date (or reloaded) only when the database changed."""
    key = database_name(session)
    asked = next(_checks)
    marks = (on, *network_marks(session))  # before the full aggregates: a change between them is seen twice
    with _lock:
        held = _cached.get(key)
    if held is not None and held.marks == marks:
        if time.monotonic() - held.checked_at < EXACT_EVERY:
            return held.network
        refreshing = _refresh_lock(key)
        if not refreshing.acquire(blocking=False):
            return held.network  # another request is reading the aggregates: no mark moved meanwhile
        try:
            return _refreshed(session, key, on, marks, held).network
        finally:
            refreshing.release()
    with _refresh_lock(key):  # one request brings it up to date; the others wait for it, then use it
        with _lock:
            held = _cached.get(key)
        if held is not None and held.checked > asked and held.marks[0] == on:
            return held.network  # checked after this request read the marks: nothing it saw is missing
        return _refreshed(session, key, on, marks, held).network


def _refreshed(session: Session, key: str, on: date, marks: tuple[Any, ...], held: _Held | None) -> _Held:
    checked = next(_checks)
    fingerprint = _fingerprint(session, on)
    if held is not None and held.fingerprint == fingerprint:
        network, ids_by_email = held.network, held.ids_by_email
    else:
        updated = _updated(session, held, fingerprint, on) if held is not None else None
        network, ids_by_email = updated or _loaded(session, fingerprint, on)
    fresh = _Held(network, fingerprint, marks, ids_by_email, checked, time.monotonic())
    with _lock:
        _cached[key] = fresh
    return fresh


def _loaded(session: Session, fingerprint: tuple[Any, ...], on: date) -> tuple[Network, dict[str, int]]:
    """The whole network, its ties up to the highest id ``fingerprint`` saw: a tie stored since is added by
    the next check as a new one (loaded now too, it would be added twice). People are read as they are now:
    a change since is read again, harmlessly."""
    with cycle_collection_paused():
        graph = load_graph(session, up_to_id=fingerprint[6])
        loaded = Network(graph=graph, people=load_people(session, on)), active_ids_by_email(session)
    keep_out_of_collections(len(loaded[0].people))
    return loaded


def _updated(session: Session, held: _Held, now: tuple[Any, ...], on: date) -> tuple[Network, dict[str, int]] | None:
    """``held``'s network brought up to the aggregates ``now`` by its changed people and new ties, or None to reload."""
    before = held.fingerprint
    if before[0] != now[0]:
        return None  # a new day: everyone's offset from UTC may have moved
    network, ids_by_email = held.network, held.ids_by_email
    if before[1:5] != now[1:5]:
        changed = _with_changed_people(session, held, now, on)
        if changed is None:
            return None
        network, ids_by_email = changed
    if before[5:] != now[5:]:
        graph = _with_new_ties(session, network.graph, before, now)
        if graph is None:
            return None
        network = Network(graph=graph, people=network.people)
    return network, ids_by_email


def _with_changed_people(session: Session, held: _Held, now: tuple[Any, ...], on: date
                         ) -> tuple[Network, dict[str, int]] | None:
    """The network with the people changed since ``held`` read again, or None when only a reload will do.

    Only changes to people already known are taken this way (nobody added, deleted or back):
    someone who left is taken out of the people and of the graph, anyone else read again.
    """
    (count, total, last_change), (now_count, now_total) = held.fingerprint[1:4], now[1:3]
    if last_change is None or (count, total) != (now_count, now_total):
        return None
    changed = people_changed_since(session, last_change - CLOCKS_APART, MAX_CHANGED_PEOPLE + 1)
    if len(changed) > MAX_CHANGED_PEOPLE:
        return None
    people, ids_by_email = dict(held.network.people), dict(held.ids_by_email)
    leaving: list[int] = []
    for person in changed:
        known = person.id in people
        if not person.active:
            if known:
                leaving.append(person.id)
                del people[person.id]
                ids_by_email.pop(person.email.lower(), None)
            continue
        if not known or ids_by_email.get(person.email.lower()) != person.id:
            return None  # someone new, back, or with a new email (others' "do not match" lists name them)
        people[person.id] = to_engine_person(person, on, ids_by_email)
    graph = without_people(held.network.graph, leaving) if leaving else held.network.graph
    return Network(graph=graph, people=people), ids_by_email


def _with_new_ties(session: Session, graph: nx.Graph, before: tuple[Any, ...], now: tuple[Any, ...]
                   ) -> nx.Graph | None:
    """``graph`` with the ties stored since ``before``, when the only change to the ties is new ones, else None."""
    (old_count, old_max, old_sum), (new_count, new_max, new_sum) = before[5:], now[5:]
    if old_max is None or new_max is None or new_max <= old_max:
        return None
    added, added_sum = ties_stored_between(session, old_max, new_max)
    if old_count + added != new_count or (old_sum or 0) + added_sum != new_sum:
        return None  # a tie was removed or changed, or committed out of id order: reload
    return with_new_ties(session, graph, old_max, new_max)


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
