"""A realistic synthetic organisation, for demos, tests and benchmarks.

Functions and regions of uneven sizes, teams of about 8 with a manager, levels 1-7,
time zones by region, skills and interests, and an interaction graph that is dense
inside teams and functions and sparse across them.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
from numpy.typing import NDArray

from matching.errors import InvalidConfigError
from matching.people import Person

FUNCTIONS = ("Engineering", "Sales", "Operations", "Customer Success", "Marketing", "Product",
             "Finance", "Data", "People", "Legal")
_FUNCTION_SHARE = np.array([0.26, 0.17, 0.13, 0.11, 0.08, 0.07, 0.06, 0.05, 0.04, 0.03])
#: Region, share of people, and the UTC offsets found there.
REGIONS = (("EMEA", 0.40, (0.0, 1.0, 2.0)), ("Americas", 0.35, (-8.0, -6.0, -5.0, -3.0)),
           ("APAC", 0.25, (5.5, 8.0, 9.0, 10.0)))
INTERESTS = ("climbing", "chess", "running", "cooking", "photography", "jazz", "board games",
             "gardening", "cycling", "yoga", "sci-fi", "podcasts", "hiking", "football", "painting",
             "volunteering", "languages", "coffee", "baking", "travel")
SKILLS = {
    "Engineering": ("python", "kubernetes", "security", "frontend", "databases"),
    "Sales": ("negotiation", "enterprise deals", "forecasting"),
    "Operations": ("supply chain", "lean", "procurement"),
    "Customer Success": ("onboarding", "churn analysis", "support tooling"),
    "Marketing": ("brand", "seo", "events"),
    "Product": ("roadmapping", "user research", "pricing"),
    "Finance": ("fp&a", "accounting", "pricing"),
    "Data": ("python", "machine learning", "dashboards", "databases"),
    "People": ("recruiting", "coaching", "compensation"),
    "Legal": ("contracts", "privacy", "compliance"),
}
TEAM_SIZE = 8


def _people(n: int, rng: np.random.Generator) -> tuple[dict[int, Person], np.ndarray, np.ndarray, np.ndarray]:
    func = rng.choice(len(FUNCTIONS), size=n, p=_FUNCTION_SHARE)
    reg = rng.choice(len(REGIONS), size=n, p=[s for _, s, _ in REGIONS])
    order = np.lexsort((rng.random(n), reg, func))  # people of one group are contiguous
    func, reg = func[order], reg[order]
    team = np.empty(n, dtype=np.int64)
    manager = np.full(n, -1, dtype=np.int64)
    level = rng.choice([1, 2, 3, 4], size=n, p=[0.3, 0.35, 0.25, 0.1])
    offsets = np.empty(n)
    team_no, start = 0, 0
    while start < n:
        stop = start
        while stop < n and func[stop] == func[start] and reg[stop] == reg[start]:
            stop += 1
        head = start
        level[head] = 7
        zones = REGIONS[reg[start]][2]
        for t0 in range(start, stop, TEAM_SIZE):
            t1 = min(t0 + TEAM_SIZE, stop)
            team[t0:t1] = team_no
            offsets[t0:t1] = zones[team_no % len(zones)]
            if t0 != head:
                level[t0] = rng.integers(5, 7)
                manager[t0] = head
            manager[t0 + 1:t1] = t0
            team_no += 1
        start = stop
    hours = rng.choice([8.0, 9.0, 10.0], size=n, p=[0.25, 0.55, 0.2])
    n_interests = rng.integers(1, 4, size=n)
    people = {}
    for k in range(n):
        fname = FUNCTIONS[func[k]]
        skills = SKILLS[fname]
        interests = frozenset(INTERESTS[x] for x in rng.choice(len(INTERESTS), n_interests[k], replace=False))
        if rng.random() < 0.3:  # some want to learn what another function knows
            other = SKILLS[FUNCTIONS[rng.integers(len(FUNCTIONS))]]
            interests |= {other[rng.integers(len(other))]}
        people[k] = Person(
            id=k, function=fname, region=REGIONS[reg[k]][0], level=int(level[k]),
            team=f"{fname} {REGIONS[reg[k]][0]} {team[k]}",
            manager_id=None if manager[k] < 0 else int(manager[k]),
            utc_offset_hours=float(offsets[k]),
            work_start_hour=float(hours[k]), work_end_hour=float(hours[k] + 8),
            skills=frozenset(skills[x] for x in rng.choice(len(skills), min(2, len(skills)), replace=False)),
            interests=interests,
            prefers_other_function=bool(rng.random() < 0.1), prefers_other_region=bool(rng.random() < 0.05),
        )
    return people, func, reg, team


def _draw_within(keys: np.ndarray, u: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each ``u``, a random person with the same key (people sorted by key)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    lo = np.searchsorted(sorted_keys, keys[u], side="left")
    hi = np.searchsorted(sorted_keys, keys[u], side="right")
    drawn: NDArray[np.intp] = order[lo + (rng.random(len(u)) * (hi - lo)).astype(np.int64)]
    return drawn


def synthetic_org(n: int, seed: int, ties_per_person: float = 20) -> tuple[dict[int, Person], nx.Graph]:
    """A synthetic organisation of ``n`` people and its interaction graph.

    Parameters
    ----------
    n : int
        Number of people (ids ``0..n-1``).
    seed : int
        The same seed gives the same organisation.
    ties_per_person : float, optional
        Average number of ties per person (20).

    Returns
    -------
    people : dict of int to Person
    graph : networkx.Graph
        Every person is a node; edges carry ``weight`` (1-10, stronger inside teams)
        and ``since`` (a date in 2023-2026).

    Raises
    ------
    InvalidConfigError
        If ``n < 0`` or ``ties_per_person < 0``.

    Examples
    --------
    >>> people, graph = synthetic_org(200, seed=1)
    >>> len(people), graph.number_of_nodes()
    (200, 200)
    >>> 15 < 2 * graph.number_of_edges() / 200 < 25
    True

    Notes
    -----
    Groups (function x region) are split into teams of 8: the first team's first
    person heads the group (level 7), every other team's first person manages the
    team (level 5-6) and reports to the head. About 7 ties per person stay inside the
    team, then 60% of the rest inside the function, 25% inside the region and 15%
    anywhere. O(n * ties_per_person); about 10 s for 100,000 people.
    """
    if n < 0 or ties_per_person < 0:
        msg = f"synthetic_org needs n >= 0 and ties_per_person >= 0, not {n}, {ties_per_person}"
        raise InvalidConfigError(msg)
    rng = np.random.default_rng(seed)
    people, func, reg, team = _people(n, rng)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    if n < 2:
        return people, graph
    # Team ties: every pair inside a team, thinned when few ties are wanted.
    keep_team = min(1.0, 0.45 * ties_per_person / (TEAM_SIZE - 1))
    us, vs = [], []
    starts = np.flatnonzero(np.r_[True, team[1:] != team[:-1]])
    for s, e in zip(starts, np.r_[starts[1:], n], strict=True):
        for p in range(s, e):
            for q in range(p + 1, e):
                us.append(p)
                vs.append(q)
    u_team, v_team = np.array(us, dtype=np.int64), np.array(vs, dtype=np.int64)
    mask = rng.random(len(u_team)) < keep_team
    u_team, v_team = u_team[mask], v_team[mask]
    remaining = max(0, int(n * ties_per_person / 2) - len(u_team))
    u = rng.integers(0, n, size=remaining)
    kind = rng.random(remaining)
    v = rng.integers(0, n, size=remaining)
    in_func, in_reg = kind < 0.6, (kind >= 0.6) & (kind < 0.85)
    v[in_func] = _draw_within(func, u[in_func], rng)
    v[in_reg] = _draw_within(reg, u[in_reg], rng)
    a = np.concatenate([u_team, np.minimum(u, v)])
    b = np.concatenate([v_team, np.maximum(u, v)])
    weight = np.concatenate([rng.uniform(3, 10, len(u_team)), rng.uniform(1, 4, remaining)])
    keep = a != b
    a, b, weight = a[keep], b[keep], weight[keep]
    first = date(2023, 1, 1).toordinal()
    since = rng.integers(first, date(2026, 10, 1).toordinal(), size=len(a))
    graph.add_edges_from(
        (int(x), int(y), {"weight": round(float(w), 2), "since": date.fromordinal(int(d))})
        for x, y, w, d in zip(a, b, weight, since, strict=True)
    )
    return people, graph
