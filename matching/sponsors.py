"""Rank sponsors for a requester, with reasons in plain words.

A sponsor advocates for someone: at least two levels above them, well connected
across the organisation, in another part of it. The hard rules of
:mod:`matching.candidates` apply.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection, Mapping

import networkx as nx
import numpy as np

from matching.candidates import SPARE_CAPACITY, Candidate, best_phrase, eligible, level_phrase, spare, tokens, where
from matching.people import Person
from matching.tie_arrays import index_of

__all__ = ["rank_sponsors"]

# Weights of the sponsor score; connectedness across the organisation dominates.
SPONSOR_CONNECTEDNESS = 3.0
SPONSOR_OTHER_FUNCTION = 1.0
SPONSOR_GOAL = 0.5
SPONSOR_SENIORITY = 0.5


def rank_sponsors(
    requester: Person,
    people: Mapping[int, Person],
    graph: nx.Graph,
    goal: str,
    load: Mapping[int, int] | None = None,
    exclude: Collection[int] = (),
    limit: int = 10,
) -> list[Candidate]:
    """Rank possible sponsors for ``requester``.

    Only people known to be at least two levels above the requester, on another team (when both
    teams are known) and with spare sponsor capacity are candidates.

    Parameters
    ----------
    requester : Person
        Who asks.
    people : mapping of int to Person
        The organisation.
    graph : networkx.Graph
        Interaction graph, for how well connected each candidate is.
    goal : str
        What the requester wants sponsorship for; a candidate who knows it scores a little higher.
    load : mapping of int to int, optional
        Current protégés per person; people with ``load >= sponsor_capacity`` are left out.
    exclude : collection of int, optional
        People already asked or who declined.
    limit : int, default 10
        Most candidates returned.

    Returns
    -------
    list of Candidate
        Best first; equal scores by lower id.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {i: Person(i, f, "EMEA", lvl, team=t) for i, f, lvl, t in [
    ...     (1, "Sales", 2, "s"), (2, "IT", 5, "i"), (3, "Legal", 3, "l"), (4, "HR", 6, "h")]}
    >>> g = nx.Graph([(2, 1), (2, 3), (4, 3)])
    >>> [c.person_id for c in rank_sponsors(people[1], people, g, "lead a team")]
    [2, 4]
    >>> rank_sponsors(people[1], people, g, "")[0].reasons[1]
    'Works with 2 people across 2 functions and 1 region.'

    Notes
    -----
    Connectedness is cheap and local: the share of the organisation's functions and
    regions among a candidate's direct contacts (a proxy for brokerage, standing in
    for betweenness, which is too slow at 100,000 people), plus the number of contacts
    on a log scale. O(n + sum of the candidates' degrees) per request.
    """
    load = load or {}
    wanted = tokens(goal)
    all_functions = {p.function for p in people.values()}
    all_regions = {p.region for p in people.values()}
    candidates = list(eligible(requester, people, "sponsor_capacity", load, exclude))
    seniority = {  # levels above the requester; an unknown level (either side) cannot show seniority
        p.id: p.level - requester.level for p in candidates if p.level is not None and requester.level is not None
    }
    pool = [
        p
        for p in candidates
        if seniority.get(p.id, 0) >= 2 and not (p.team is not None and p.team == requester.team)
    ]
    reach = _contact_spread(graph, people, [p.id for p in pool])
    most = max((r[0] for r in reach), default=0)
    scored: list[tuple[float, int, int]] = []
    for k, p in enumerate(pool):
        n_contacts, n_functions, n_regions = reach[k]
        spread = 0.6 * n_functions / len(all_functions) + 0.4 * n_regions / len(all_regions)
        volume = math.log1p(n_contacts) / math.log1p(most) if most else 0.0
        score = SPONSOR_CONNECTEDNESS * (0.7 * spread + 0.3 * volume)
        score += SPONSOR_SENIORITY * min(seniority[p.id] - 1, 3) / 3
        if p.function != requester.function:
            score += SPONSOR_OTHER_FUNCTION
        if wanted:
            score += SPONSOR_GOAL * _goal_fit(wanted, p)[0]
        score += SPARE_CAPACITY * spare(p, p.sponsor_capacity, load)
        scored.append((-round(score, 6), p.id, k))
    out: list[Candidate] = []
    # Reasons are written for the few returned, not for every senior person.
    for neg_score, pid, k in sorted(scored)[: max(limit, 0)]:
        p = pool[k]
        n_contacts, n_functions, n_regions = reach[k]
        reasons = [
            f"{level_phrase(seniority[p.id])}, {where(p, requester, False)}.",
            f"Works with {n_contacts} {'person' if n_contacts == 1 else 'people'} across "
            f"{n_functions} function{'s' if n_functions != 1 else ''} and "
            f"{n_regions} region{'s' if n_regions != 1 else ''}.",
        ]
        fit, phrase = _goal_fit(wanted, p) if wanted else (0.0, "")
        if fit:
            reasons.append(f"Knows {phrase.lower()}, close to your goal.")
        out.append(Candidate(pid, -neg_score, tuple(reasons)))
    return out


def _goal_fit(wanted: frozenset[str], p: Person) -> tuple[float, str]:
    return max(best_phrase(wanted, p.mentor_topics), best_phrase(wanted, p.skills), key=lambda b: b[0])


def _contact_spread(graph: nx.Graph, people: Mapping[int, Person], ids: list[int]) -> list[tuple[int, int, int]]:
    """For each of ``ids``: (contacts in ``people``, distinct functions, distinct regions among them)."""
    adj = graph._adj
    empty: dict[int, dict[str, object]] = {}
    degree = np.fromiter((len(adj.get(i, empty)) for i in ids), dtype=np.int64, count=len(ids))
    neighbours = np.fromiter(
        itertools.chain.from_iterable(adj.get(i, empty) for i in ids), dtype=np.int64, count=int(degree.sum())
    )
    rows = np.repeat(np.arange(len(ids), dtype=np.int64), degree)
    person_ids = np.fromiter(people.keys(), dtype=np.int64, count=len(people))
    pos = index_of(person_ids, neighbours)
    rows, pos = rows[pos >= 0], pos[pos >= 0]
    counts = [np.bincount(rows, minlength=len(ids))]
    for attribute in ("function", "region"):
        names: dict[str, int] = {}
        code = np.fromiter(
            (names.setdefault(getattr(p, attribute), len(names)) for p in people.values()),
            dtype=np.int64,
            count=len(people),
        )
        present = np.zeros((len(ids), max(len(names), 1)), dtype=bool)
        present[rows, code[pos]] = True
        counts.append(present.sum(axis=1))
    return list(zip(*(c.tolist() for c in counts), strict=True))
