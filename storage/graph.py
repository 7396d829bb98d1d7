"""Load the organisation's interaction graph from storage for the engine.

The graph is a networkx graph whose edge attributes are *shared*: every tie with the
same weight and first day points to one read-only mapping (``{"weight", "since"}``),
and every neighbour entry to the node's own id object. At 100,000 people and
2,000,000 ties that is a third of the memory of one dict per tie, with the same
adjacency, so walks (team reach) are as fast. Edge attributes are read-only: to
change a tie, give it a new mapping (``graph.remove_edge`` then ``graph.add_edge``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import Any

import networkx as nx
import numpy as np
from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.orm import Session

from storage.models import Interaction, Person

_CHUNK = 100_000


def load_graph(session: Session, as_of: date | None = None, active_only: bool = True,
               up_to_id: int | None = None) -> nx.Graph:
    """The tie graph: one node per person, one edge per pair that ever interacted.

    Edge attributes: ``weight`` (sum of the interactions' weights) and ``since``
    (the date of the pair's first interaction). With ``as_of``, only interactions
    on or before that day count; with ``up_to_id``, only those stored up to that id
    (what a count of the table saw: later ones are added by :func:`with_new_ties`).

    Interactions are read in table order, then filtered and summed per pair with
    numpy: a ``GROUP BY`` on the pair (or a filter on the date index) makes SQLite
    fetch rows at random, which is slow once the table outgrows its cache. Memory
    holds the graph plus about 30 bytes per interaction during the call.
    """
    graph = nx.Graph()
    people = select(Person.id)
    if active_only:
        people = people.where(Person.active.is_(True))
    graph.add_nodes_from(session.scalars(people))
    # Days come as ISO text and go through a small cache: there are few distinct days, many rows.
    ties = select(Interaction.a_id, Interaction.b_id, Interaction.weight, cast(Interaction.occurred_on, String))
    if up_to_id is not None:  # a range of the primary key: still read in table order
        ties = ties.where(Interaction.id <= up_to_id)
    days: dict[str, int] = {}
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for rows in _chunks(session, ties):
        a_ids, b_ids, weights, day_texts = zip(*rows, strict=True)
        ordinals = [days.get(d) or days.setdefault(d, date.fromisoformat(d[:10]).toordinal()) for d in day_texts]
        parts.append((np.array(a_ids, np.int64), np.array(b_ids, np.int64), np.array(weights, np.float64),
                      np.array(ordinals, np.int64)))
    if not parts:
        return graph
    a, b, weight, day = (np.concatenate(column) for column in zip(*parts, strict=True))
    del parts
    if as_of is not None:  # filtered here: through the date index SQLite would fetch rows at random
        kept = day <= as_of.toordinal()
        a, b, weight, day = a[kept], b[kept], weight[kept], day[kept]
    if not a.size:
        return graph
    order = np.lexsort((b, a))
    a, b, weight, day = a[order], b[order], weight[order], day[order]
    starts = np.flatnonzero(np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])])
    a, b = a[starts], b[starts]
    weight, day = np.add.reduceat(weight, starts), np.minimum.reduceat(day, starts)
    nodes = np.fromiter(graph.nodes, np.int64, graph.number_of_nodes())
    keep = np.isin(a, nodes) & np.isin(b, nodes)
    _fill(graph, a[keep], b[keep], weight[keep], day[keep], TieAttributes())
    return graph


class TieAttributes:
    """One read-only attribute mapping per distinct (weight, first day), shared by every tie that has them."""

    def __init__(self) -> None:
        self._shared: dict[tuple[float, int], Mapping[str, Any]] = {}
        self._days: dict[int, date] = {}

    def __call__(self, weight: float, ordinal: int) -> Mapping[str, Any]:
        found = self._shared.get((weight, ordinal))
        if found is None:
            day = self._days.get(ordinal) or self._days.setdefault(ordinal, date.fromordinal(ordinal))
            found = self._shared[(weight, ordinal)] = MappingProxyType({"weight": weight, "since": day})
        return found


def _fill(graph: nx.Graph, a: np.ndarray, b: np.ndarray, weight: np.ndarray, day: np.ndarray,
          attributes: TieAttributes) -> None:
    """Set each pair's tie (both ends are nodes; pairs are unique), as ``Graph.add_edges_from`` would.

    The adjacency is filled directly, without add_edges_from's per-edge checks (a third of the
    time at 2M ties), with the node's own id object as the key rather than a new int per tie.
    The distinct (weight, first day) pairs are found with numpy, so each tie only looks its
    shared attributes up by position.
    """
    if not a.size:
        return
    order = np.lexsort((day, weight))  # np.unique on (weight, day) records sorts ten times slower
    new = np.r_[True, (weight[order][1:] != weight[order][:-1]) | (day[order][1:] != day[order][:-1])]
    which = np.empty(a.size, np.int64)
    which[order] = np.cumsum(new) - 1
    firsts = order[new]
    shared = [attributes(w, d) for w, d in zip(weight[firsts].tolist(), day[firsts].tolist(), strict=True)]
    adjacency = graph._adj
    node = {n: n for n in adjacency}
    for x, y, i in zip(a.tolist(), b.tolist(), which.tolist(), strict=True):
        x, y = node[x], node[y]
        adjacency[x][y] = adjacency[y][x] = shared[i]


def ties_stored_between(session: Session, after_id: int, up_to: int) -> tuple[int, int]:
    """How many interactions have an id in (``after_id``, ``up_to``], and the sum of their two people's ids."""
    count, total = session.execute(select(func.count(Interaction.id), func.sum(Interaction.a_id + Interaction.b_id))
                                   .where(Interaction.id > after_id, Interaction.id <= up_to)).one()
    return int(count or 0), int(total or 0)


def with_new_ties(session: Session, graph: nx.Graph, after_id: int, up_to: int | None = None) -> nx.Graph:
    """``graph`` with the interactions stored after id ``after_id`` (up to ``up_to``) added, as a new graph.

    The new graph shares everything the new ties leave unchanged with ``graph`` (the
    node table, the adjacency of people without a new tie, every tie's attributes), so
    it costs memory in proportion to the people with a new tie; ``graph`` itself is not
    changed, so requests still reading it are not disturbed. A tie between two people
    already tied adds its weight and keeps the earlier first day; a tie to someone not
    in the graph (who left) is ignored, as :func:`load_graph` would.
    """
    wanted = select(Interaction.a_id, Interaction.b_id, Interaction.weight,
                    cast(Interaction.occurred_on, String)).where(Interaction.id > after_id)
    rows = session.execute(wanted if up_to is None else wanted.where(Interaction.id <= up_to)).all()
    fresh = nx.Graph()
    fresh.graph = graph.graph
    fresh._node = graph._node
    fresh._adj = dict(graph._adj)
    if not rows:
        return fresh
    adjacency, attributes = fresh._adj, TieAttributes()
    copied: set[int] = set()
    for a_id, b_id, w, day_text in rows:
        if a_id not in adjacency or b_id not in adjacency or a_id == b_id:
            continue
        for end in (a_id, b_id):
            if end not in copied:
                adjacency[end] = dict(adjacency[end])
                copied.add(end)
        ordinal = date.fromisoformat(day_text[:10]).toordinal()
        old = adjacency[a_id].get(b_id)
        if old is not None:
            w, ordinal = old["weight"] + w, min(old["since"].toordinal(), ordinal)
        adjacency[a_id][b_id] = adjacency[b_id][a_id] = attributes(float(w), ordinal)
    return fresh


def without_people(graph: nx.Graph, leaving: Collection[int]) -> nx.Graph:
    """``graph`` without ``leaving`` and their ties, as a new graph sharing the rest (``graph`` is not changed).

    The same graph :func:`load_graph` would give once they are no longer active; it costs memory in
    proportion to the people who lose a tie.
    """
    gone = set(leaving) & graph._adj.keys()
    fresh = nx.Graph()
    fresh.graph = graph.graph
    fresh._node = {n: attributes for n, attributes in graph._node.items() if n not in gone}
    adjacency = fresh._adj = dict(graph._adj)
    copied: set[int] = set()
    for person in gone:
        for other in adjacency.pop(person):
            if other in gone:
                continue
            if other not in copied:
                adjacency[other] = dict(adjacency[other])
                copied.add(other)
            del adjacency[other][person]
    return fresh


def _chunks(session: Session, statement: Select[*tuple[Any, ...]]) -> Iterator[Sequence[tuple[Any, ...]]]:
    """The rows as plain tuples, ``_CHUNK`` at a time, streamed (a server-side cursor on PostgreSQL).

    The driver's own cursor skips SQLAlchemy's per-row work: a sixth of the time at 2M rows on
    SQLite, a third of the reading on PostgreSQL (parameters passed in the driver's own style).
    """
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    parameters: Any = ([compiled.params[name] for name in compiled.positiontup] if compiled.positiontup
                       else compiled.params)
    streamed = connection.dialect.name == "postgresql"  # a named cursor is a server-side one (psycopg)
    cursor = connection.connection.cursor(name="cno_graph_rows") if streamed else connection.connection.cursor()
    try:
        cursor.execute(str(compiled), parameters)
        while rows := cursor.fetchmany(_CHUNK):
            yield rows
    finally:
        cursor.close()
