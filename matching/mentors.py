"""Rank mentors and sponsors for a requester, with reasons in plain words.

A mentor gives guidance on a topic: they know it, are usually more senior and,
preferably, work in another function. A sponsor advocates for someone: at least two
levels above them, well connected across the organisation, in another part of it.

Hard rules, for both: never the requester, never anyone in the requester's chain of
management (managers up the chain, reports down it), never someone the requester or
the candidate asked never to be matched with, never anyone in ``exclude`` (already
asked or declined), never anyone at or over capacity (capacity 0: not available).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np

from matching.people import Person
from matching.tie_arrays import index_of

__all__ = ["Candidate", "rank_mentors", "rank_sponsors", "management_chain", "tokens"]

# Weights of the mentor score; relevance dominates, the rest orders people who know the topic.
MENTOR_RELEVANCE = 3.0
MENTOR_SKILLS = 1.5
MENTOR_SENIORITY = 1.0
MENTOR_OTHER_FUNCTION = 0.5
MENTOR_OTHER_REGION = 0.3
MENTOR_NEW_TIE = 0.2
# Weights of the sponsor score; connectedness across the organisation dominates.
SPONSOR_CONNECTEDNESS = 3.0
SPONSOR_OTHER_FUNCTION = 1.0
SPONSOR_GOAL = 0.5
SPONSOR_SENIORITY = 0.5
# Spare capacity breaks near-ties, spreading the load.
SPARE_CAPACITY = 0.1

_STOPWORDS = frozenset("a an and at for from how i in into is it me my of on or the to with about".split())
_NUMBERS = ["No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]


@dataclass(frozen=True)
class Candidate:
    """A ranked mentor or sponsor: who, how good a fit (higher is better), and why."""

    person_id: int
    score: float
    reasons: tuple[str, ...]


@functools.lru_cache(maxsize=8192)
def tokens(text: str) -> frozenset[str]:
    """Lower-case words of ``text``, without common short words.

    Examples
    --------
    >>> sorted(tokens("Data Engineering, and the SQL"))
    ['data', 'engineering', 'sql']
    """
    return frozenset(w for w in re.findall(r"[a-z0-9+#]+", text.lower()) if w not in _STOPWORDS)


def management_chain(person: Person, people: Mapping[int, Person]) -> set[int]:
    """Ids of everyone above ``person`` (managers up the chain) and below (all reports).

    Examples
    --------
    >>> people = {1: Person(1, "IT", "EMEA", 5), 2: Person(2, "IT", "EMEA", 4, manager_id=1),
    ...           3: Person(3, "IT", "EMEA", 3, manager_id=2), 4: Person(4, "IT", "EMEA", 3, manager_id=1)}
    >>> sorted(management_chain(people[2], people))
    [1, 3]

    Notes
    -----
    O(n): the reports are found from a parent-to-children map built from ``people``.
    """
    chain: set[int] = set()
    boss = person.manager_id
    while boss is not None and boss not in chain and boss != person.id:
        chain.add(boss)
        boss = people[boss].manager_id if boss in people else None
    children: dict[int, list[int]] = {}
    for p in people.values():
        if p.manager_id is not None:
            children.setdefault(p.manager_id, []).append(p.id)
    stack = list(children.get(person.id, ()))
    below: set[int] = set()
    while stack:
        pid = stack.pop()
        if pid in below or pid == person.id:
            continue
        below.add(pid)
        stack.extend(children.get(pid, ()))
    return chain | below


def _eligible(
    requester: Person,
    people: Mapping[int, Person],
    capacity_of: str,
    load: Mapping[int, int],
    exclude: Collection[int],
) -> list[Person]:
    barred = management_chain(requester, people) | set(exclude) | set(requester.do_not_match)
    barred.add(requester.id)
    out = []
    for p in people.values():
        capacity = getattr(p, capacity_of)
        if p.id in barred or requester.id in p.do_not_match or capacity <= 0:
            continue
        if load.get(p.id, 0) >= capacity:
            continue
        out.append(p)
    return out


def _level_phrase(gap: int) -> str:
    if gap == 0:
        return "At your level"
    word = _NUMBERS[abs(gap)] if abs(gap) < len(_NUMBERS) else str(abs(gap))
    unit = "level" if abs(gap) == 1 else "levels"
    return f"{word} {unit} {'senior' if gap > 0 else 'junior'}"


def _where(candidate: Person, requester: Person, mention_region: bool) -> str:
    place = f"in {candidate.function}"
    if mention_region or candidate.region != requester.region:
        place += f", {candidate.region}"
    return place


def _best_phrase(wanted: frozenset[str], phrases: frozenset[str]) -> tuple[float, str]:
    """Best overlap of ``wanted`` with one of ``phrases``: (share of ``wanted`` covered, phrase)."""
    best = (0.0, "")
    for phrase in sorted(phrases):
        overlap = len(wanted & tokens(phrase))
        if overlap:
            best = max(best, (overlap / len(wanted), phrase), key=lambda b: b[0])
    return best


def _spare(p: Person, capacity: int, load: Mapping[int, int]) -> float:
    return (capacity - load.get(p.id, 0)) / capacity


def _ranked(scored: list[Candidate], limit: int) -> list[Candidate]:
    scored.sort(key=lambda c: (-round(c.score, 9), c.person_id))
    return scored[: max(limit, 0)]


def rank_mentors(
    requester: Person,
    people: Mapping[int, Person],
    graph: nx.Graph,
    topic: str,
    skills_wanted: Collection[str] = (),
    prefer_other_function: bool = True,
    prefer_other_region: bool = False,
    load: Mapping[int, int] | None = None,
    exclude: Collection[int] = (),
    limit: int = 10,
) -> list[Candidate]:
    """Rank possible mentors for ``requester`` on ``topic``.

    Parameters
    ----------
    requester : Person
        Who asks.
    people : mapping of int to Person
        The organisation.
    graph : networkx.Graph
        Interaction graph; someone the requester has no tie with gets a small bonus
        (a mentor outside their usual circle).
    topic : str
        What the requester wants guidance on, in their words.
    skills_wanted : collection of str, optional
        Skills the mentor should have.
    prefer_other_function, prefer_other_region : bool
        Give a bonus to candidates in another function / region.
    load : mapping of int to int, optional
        Current mentees per person; people with ``load >= mentor_capacity`` are left out.
    exclude : collection of int, optional
        People already asked or who declined.
    limit : int, default 10
        Most candidates returned.

    Returns
    -------
    list of Candidate
        Best first; equal scores by lower id. When a topic or skills are given, only
        people whose mentor topics, skills or interests share a word with them
        (case-insensitive, common short words ignored) are candidates.

    Examples
    --------
    >>> import networkx as nx
    >>> people = {
    ...     1: Person(1, "Sales", "EMEA", 2),
    ...     2: Person(2, "IT", "EMEA", 4, skills=frozenset({"Data Engineering"})),
    ...     3: Person(3, "IT", "EMEA", 4, skills=frozenset({"Accounting"})),
    ... }
    >>> [c] = rank_mentors(people[1], people, nx.Graph(), "data engineering")
    >>> c.person_id, c.reasons[:2]
    (2, ('Knows data engineering, the topic you asked about.', 'Two levels senior, in IT.'))

    Notes
    -----
    O(n + sum of the candidates' skills) per request.
    """
    load = load or {}
    wanted_topic = tokens(topic)
    wanted_skills = {s: tokens(s) for s in skills_wanted if tokens(s)}
    my_contacts = set(graph[requester.id]) if requester.id in graph else set()
    out: list[Candidate] = []
    for p in _eligible(requester, people, "mentor_capacity", load, exclude):
        reasons: list[str] = []
        score = 0.0
        if wanted_topic:
            offers = _best_phrase(wanted_topic, p.mentor_topics)
            knows = _best_phrase(wanted_topic, p.skills)
            likes = _best_phrase(wanted_topic, p.interests)
            relevance = max(offers[0], knows[0], 0.6 * likes[0])
            if offers[0] and offers[0] >= knows[0]:
                reasons.append(f"Offers mentoring on {offers[1].lower()}, {_fit(offers[0])}.")
            elif knows[0]:
                reasons.append(f"Knows {knows[1].lower()}, {_fit(knows[0])}.")
            elif likes[0]:
                reasons.append(f"Is interested in {likes[1].lower()}, {_fit(0.5)}.")
            score += MENTOR_RELEVANCE * relevance
        known = p.skills | p.mentor_topics
        has = sorted((s for s, words in wanted_skills.items() if _best_phrase(words, known)[0] == 1.0), key=str.lower)
        if wanted_skills:
            score += MENTOR_SKILLS * len(has) / len(wanted_skills)
            if has:
                reasons.append(f"Has {_count(len(has), len(wanted_skills))} you want: {', '.join(has)}.")
        if (wanted_topic or wanted_skills) and score == 0.0:
            continue
        gap = p.level - requester.level
        score += MENTOR_SENIORITY * (1.0 if 1 <= gap <= 3 else 0.6 if gap > 3 else 0.3 if gap == 0 else 0.0)
        reasons.append(f"{_level_phrase(gap)}, {_where(p, requester, prefer_other_region)}.")
        if prefer_other_function and p.function != requester.function:
            score += MENTOR_OTHER_FUNCTION
        if prefer_other_region and p.region != requester.region:
            score += MENTOR_OTHER_REGION
        if p.id not in my_contacts:
            score += MENTOR_NEW_TIE
            reasons.append("Someone new: you have not worked together yet.")
        score += SPARE_CAPACITY * _spare(p, p.mentor_capacity, load)
        out.append(Candidate(p.id, round(score, 6), tuple(reasons)))
    return _ranked(out, limit)


def _fit(coverage: float) -> str:
    return "the topic you asked about" if coverage >= 1.0 else "close to the topic you asked about"


def _count(k: int, n: int) -> str:
    if n == 1:
        return "the skill"
    return f"all {n} skills" if k == n else f"{k} of the {n} skills"


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

    Only people at least two levels above the requester, on another team (when both
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
    eligible = [
        p
        for p in _eligible(requester, people, "sponsor_capacity", load, exclude)
        if p.level - requester.level >= 2 and not (p.team is not None and p.team == requester.team)
    ]
    reach = _contact_spread(graph, people, [p.id for p in eligible])
    most = max((r[0] for r in reach), default=0)
    scored: list[tuple[float, int, int]] = []
    for k, p in enumerate(eligible):
        n_contacts, n_functions, n_regions = reach[k]
        spread = 0.6 * n_functions / len(all_functions) + 0.4 * n_regions / len(all_regions)
        volume = math.log1p(n_contacts) / math.log1p(most) if most else 0.0
        score = SPONSOR_CONNECTEDNESS * (0.7 * spread + 0.3 * volume)
        score += SPONSOR_SENIORITY * min(p.level - requester.level - 1, 3) / 3
        if p.function != requester.function:
            score += SPONSOR_OTHER_FUNCTION
        if wanted:
            score += SPONSOR_GOAL * _goal_fit(wanted, p)[0]
        score += SPARE_CAPACITY * _spare(p, p.sponsor_capacity, load)
        scored.append((-round(score, 6), p.id, k))
    out: list[Candidate] = []
    # Reasons are written for the few returned, not for every senior person.
    for neg_score, pid, k in sorted(scored)[: max(limit, 0)]:
        p = eligible[k]
        n_contacts, n_functions, n_regions = reach[k]
        reasons = [
            f"{_level_phrase(p.level - requester.level)}, {_where(p, requester, False)}.",
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
    return max(_best_phrase(wanted, p.mentor_topics), _best_phrase(wanted, p.skills), key=lambda b: b[0])


def _contact_spread(graph: nx.Graph, people: Mapping[int, Person], ids: list[int]) -> list[tuple[int, int, int]]:
    """For each of ``ids``: (contacts in ``people``, distinct functions, distinct regions among them)."""
    adj = graph._adj
    empty: dict = {}
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
