"""Organisations with community structure for the outcome benchmark (``bench.outcomes``).

A degree-corrected stochastic block model: people sit in departments of about 25
(each department belongs to one function and one region, as in a real firm), and
departments in teams of about 8 with a manager. Ties fall mostly inside the
department, then inside the function, the region, and anywhere; each person's share
of ties follows a heavy-tailed "sociability" (log-normal), so a few people know
many and a quarter know few: the people whose reach an intro should grow most.
Levels, time zones and working hours are attached so that the engine's hard rules
bite as they do in a real organisation.
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from matching.people import Person
from matching.synthetic import FUNCTIONS, INTERESTS, REGIONS

DEPARTMENT_SIZE = 25
TEAM_SIZE = 8
#: Where a tie's other end is drawn: same department, same function, same region, anywhere.
MIXING = (0.55, 0.20, 0.10, 0.15)


def _pick(groups: np.ndarray, u: np.ndarray, weight: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each ``u``, someone in the same group as ``u``, drawn in proportion to ``weight``."""
    order = np.lexsort((np.arange(len(groups)), groups))
    cum = np.cumsum(weight[order])
    sorted_groups = groups[order]
    lo = np.searchsorted(sorted_groups, groups[u], side="left")
    hi = np.searchsorted(sorted_groups, groups[u], side="right")
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    target = base + rng.random(len(u)) * (cum[hi - 1] - base)
    at = np.minimum(np.searchsorted(cum, target, side="right"), hi - 1)
    return order[np.maximum(at, lo)]


def community_org(n: int, seed: int, ties_per_person: float = 20.0) -> tuple[dict[int, Person], nx.Graph]:
    """An organisation of ``n`` people in departments, with a degree-corrected block-model graph.

    Parameters
    ----------
    n : int
        Number of people (ids ``0..n-1``).
    seed : int
        The same seed gives the same organisation.
    ties_per_person : float, optional
        Average number of ties per person.

    Returns
    -------
    people : dict of int to Person
        ``team`` is the department.
    graph : networkx.Graph

    Examples
    --------
    >>> people, graph = community_org(500, seed=1)
    >>> len(people), 15 < 2 * graph.number_of_edges() / 500 < 21
    (500, True)
    """
    rng = np.random.default_rng(seed)
    n_dept = max(1, round(n / DEPARTMENT_SIZE))
    dept = np.sort(rng.integers(0, n_dept, size=n))
    func_of = rng.choice(len(FUNCTIONS), size=n_dept, p=np.array([26, 17, 13, 11, 8, 7, 6, 5, 4, 3]) / 100)
    reg_of = rng.choice(len(REGIONS), size=n_dept, p=[s for _, s, _ in REGIONS])
    func, reg = func_of[dept], reg_of[dept]
    level = rng.choice([1, 2, 3, 4, 5, 6], size=n, p=[0.25, 0.3, 0.2, 0.12, 0.08, 0.05])
    manager = np.full(n, -1, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, dept[1:] != dept[:-1]])
    for s, e in zip(starts, np.r_[starts[1:], n], strict=True):
        level[s] = 7
        for t0 in range(s, e, TEAM_SIZE):
            if t0 != s:
                manager[t0] = s
                level[t0] = max(level[t0], 5)
            manager[t0 + 1:min(t0 + TEAM_SIZE, e)] = t0
    zone = np.array([REGIONS[r][2][d % len(REGIONS[r][2])] for r, d in zip(reg, dept, strict=True)])
    start = rng.choice([8.0, 9.0, 10.0], size=n, p=[0.25, 0.55, 0.2])
    people = {
        k: Person(id=k, function=FUNCTIONS[func[k]], region=REGIONS[reg[k]][0], level=int(level[k]),
                  team=f"dept {dept[k]}", manager_id=None if manager[k] < 0 else int(manager[k]),
                  utc_offset_hours=float(zone[k]), work_start_hour=float(start[k]),
                  work_end_hour=float(start[k] + 8),
                  interests=frozenset(INTERESTS[x] for x in rng.choice(len(INTERESTS), 2, replace=False)))
        for k in range(n)
    }
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    if n < 2:
        return people, graph
    sociability = rng.lognormal(0.0, 0.9, size=n)
    m = int(n * ties_per_person / 2 * 1.3)  # sociable people's draws collide
    u = rng.choice(n, size=m, p=sociability / sociability.sum())
    kind = rng.choice(4, size=m, p=MIXING)
    v = _pick(np.zeros(n, dtype=np.int64), u, sociability, rng)
    for code, groups in ((0, dept), (1, func), (2, reg)):
        sel = kind == code
        v[sel] = _pick(groups, u[sel], sociability, rng)
    a, b = np.minimum(u, v), np.maximum(u, v)
    key = np.unique(a[a != b] * n + b[a != b])
    graph.add_edges_from(zip((key // n).tolist(), (key % n).tolist(), strict=True))
    return people, graph
