"""A hand-checked organisation of eight people, shared by the metrics tests.

    id  function region level team manager
    1   Sales    EMEA   5     s    -
    2   Sales    EMEA   3     s    1
    3   Sales    AMER   2     s    1
    4   IT       EMEA   4     i    -
    5   IT       APAC   2     i    4
    6   Legal    AMER   3     l    -
    7   Legal    APAC   2     l    6
    8   HR       EMEA   6     h    -

Ties (since): 1-2 (2026-01-01), 2-3 (2026-01-01), 2-4 (2026-03-01), 4-5 (2025-06-01),
5-7 (2026-05-01), 6-7 (2025-01-01), 3-6 (2026-06-01), 4-8 (2024-01-01).
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from matching.people import Person

ROWS = [
    (1, "Sales", "EMEA", 5, "s", None),
    (2, "Sales", "EMEA", 3, "s", 1),
    (3, "Sales", "AMER", 2, "s", 1),
    (4, "IT", "EMEA", 4, "i", None),
    (5, "IT", "APAC", 2, "i", 4),
    (6, "Legal", "AMER", 3, "l", None),
    (7, "Legal", "APAC", 2, "l", 6),
    (8, "HR", "EMEA", 6, "h", None),
]
TIES = [
    (1, 2, date(2026, 1, 1)),
    (2, 3, date(2026, 1, 1)),
    (2, 4, date(2026, 3, 1)),
    (4, 5, date(2025, 6, 1)),
    (5, 7, date(2026, 5, 1)),
    (6, 7, date(2025, 1, 1)),
    (3, 6, date(2026, 6, 1)),
    (4, 8, date(2024, 1, 1)),
]


def small_people() -> dict[int, Person]:
    return {
        pid: Person(pid, function, region, level, team=team, manager_id=manager)
        for pid, function, region, level, team, manager in ROWS
    }


def small_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(pid for pid, *_ in ROWS)
    for a, b, since in TIES:
        graph.add_edge(a, b, weight=1.0, since=since)
    return graph
