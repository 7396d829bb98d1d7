"""Cross-silo tables: seat an event's attendees so that every table mixes functions, regions and teams.

A table is a small group that talks for the length of an event (a lunch table,
a breakout room). The best tables put together people who would not otherwise
meet: different functions, regions and teams, and no pair that already knows
each other.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from matching.errors import MatchingError
from matching.people import Person

__all__ = ["Table", "mix_tables", "SAME_FUNCTION", "SAME_TEAM", "ALREADY_TIED", "SAME_REGION"]

# What seating two people at one table costs; the lower the total, the better the mix.
SAME_FUNCTION = 4.0
SAME_TEAM = 3.0
ALREADY_TIED = 3.0
SAME_REGION = 2.0
_SWAP_PASSES = 4


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its number (from 1), its members, and how mixed it is.

    ``functions`` and ``regions`` count the distinct ones at the table;
    ``known_pairs`` counts pairs at the table who already have a tie.
    """

    number: int
    members: tuple[int, ...]
    functions: int
    regions: int
    known_pairs: int


def _pair_cost(a: Person, b: Person, graph: nx.Graph) -> float:
    cost = 0.0
    if a.function == b.function:
        cost += SAME_FUNCTION
    if a.region == b.region:
        cost += SAME_REGION
    if a.team and a.team == b.team:
        cost += SAME_TEAM
    if graph.has_edge(a.id, b.id):
        cost += ALREADY_TIED
    return cost


def _cost_with(person: Person, members: Iterable[int], people: Mapping[int, Person], graph: nx.Graph) -> float:
    return sum(_pair_cost(person, people[m], graph) for m in members if m != person.id)


def mix_tables(
    people: Mapping[int, Person],
    attendee_ids: Iterable[int],
    graph: nx.Graph,
    table_size: int,
    seed: int | None = 0,
) -> tuple[Table, ...]:
    """Seat attendees at tables of about ``table_size`` that mix silos.

    Parameters
    ----------
    people : mapping of int to Person
        The organisation, keyed by id; every attendee must be in it.
    attendee_ids : iterable of int
        Who attends (duplicates are ignored).
    graph : networkx.Graph
        Existing ties; pairs who already know each other are kept apart when possible.
    table_size : int
        The largest table wanted (at least 2). Tables are balanced: their sizes
        differ by at most one, and there are ``ceil(n / table_size)`` of them.
    seed : int or None, default 0
        Breaks ties between equally good seatings; the same seed gives the same tables.

    Returns
    -------
    tuple of Table
        Numbered from 1 in the order of their smallest member id, members sorted
        by id. Empty when nobody attends.

    Raises
    ------
    MatchingError
        If ``table_size`` is below 2 or an attendee is not in ``people``.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {i: Person(i, f, "EMEA", 3) for i, f in [(1, "Sales"), (2, "Sales"), (3, "IT"), (4, "IT")]}
    >>> [t.members for t in mix_tables(people, [1, 2, 3, 4], nx.Graph([(1, 3)]), table_size=2)]
    [(1, 4), (2, 3)]

    Notes
    -----
    Seating pays a cost for every pair at a table: same function
    (``SAME_FUNCTION``), same team, an existing tie, same region. People from
    the largest functions are seated first, each at the open table where they
    add the least cost; then a few passes swap two people at different tables
    whenever that lowers the total. Time O(n * k) for the greedy seating (k
    tables) plus O(passes * n^2) for the swaps
    (about a second for 500 attendees).
    """
    if table_size < 2:
        raise MatchingError(f"a table seats at least 2 people, not {table_size}")
    ids = sorted(set(attendee_ids))
    missing = [i for i in ids if i not in people]
    if missing:
        raise MatchingError(f"attendee {missing[0]} is not in the organisation")
    if not ids:
        return ()
    count = math.ceil(len(ids) / table_size)
    base, extra = divmod(len(ids), count)
    room = [base + (1 if t < extra else 0) for t in range(count)]

    rng = random.Random(seed)
    order = ids[:]
    rng.shuffle(order)
    function_sizes = Counter(people[i].function for i in ids)
    order.sort(key=lambda i: -function_sizes[people[i].function])

    tables: list[list[int]] = [[] for _ in range(count)]
    for pid in order:
        person = people[pid]
        open_tables = [t for t in range(count) if len(tables[t]) < room[t]]
        best = min(open_tables, key=lambda t: (_cost_with(person, tables[t], people, graph), len(tables[t]), t))
        tables[best].append(pid)

    _improve_by_swaps(tables, people, graph)
    tables.sort(key=min)
    return tuple(_describe(n + 1, members, people, graph) for n, members in enumerate(tables))


def _improve_by_swaps(tables: list[list[int]], people: Mapping[int, Person], graph: nx.Graph) -> None:
    """Swap two people at different tables while that lowers the total cost (first improvement).

    ``cost[p][t]`` is what person ``p`` pays with the members of table ``t``
    (other than ``p``); a swap refreshes only the two tables' columns.
    """
    def column(t: int) -> None:
        for pid in people_ids:
            cost[pid][t] = _cost_with(people[pid], tables[t], people, graph)

    people_ids = [p for members in tables for p in members]
    cost: dict[int, list[float]] = {p: [0.0] * len(tables) for p in people_ids}
    for t in range(len(tables)):
        column(t)
    for _ in range(_SWAP_PASSES):
        improved = False
        for a in range(len(tables)):
            for b in range(a + 1, len(tables)):
                for i in range(len(tables[a])):
                    for j in range(len(tables[b])):
                        p, q = tables[a][i], tables[b][j]
                        between = _pair_cost(people[p], people[q], graph)
                        gain = cost[p][a] + cost[q][b] - (cost[p][b] - between + cost[q][a] - between)
                        if gain > 1e-9:
                            tables[a][i], tables[b][j] = q, p
                            column(a)
                            column(b)
                            improved = True
        if not improved:
            return


def _describe(number: int, members: list[int], people: Mapping[int, Person], graph: nx.Graph) -> Table:
    ordered = tuple(sorted(members))
    known = sum(1 for i, a in enumerate(ordered) for b in ordered[i + 1 :] if graph.has_edge(a, b))
    return Table(
        number=number,
        members=ordered,
        functions=len({people[m].function for m in ordered}),
        regions=len({people[m].region for m in ordered}),
        known_pairs=known,
    )
