"""Rank mentors and sponsors for a requester, with reasons in plain words.

A mentor gives guidance on a topic: they know it, are usually more senior and,
preferably, work in another function. Sponsors are ranked in :mod:`matching.sponsors`
(re-exported here).

Hard rules, for both: never the requester, never anyone in the requester's chain of
management (managers up the chain, reports down it), never someone the requester or
the candidate asked never to be matched with, never anyone in ``exclude`` (already
asked or declined), never anyone at or over capacity (capacity 0: not available).
"""

from collections.abc import Collection, Mapping

import networkx as nx

from matching.candidates import (
    SPARE_CAPACITY,
    Candidate,
    best_phrase,
    eligible,
    level_phrase,
    management_chain,
    ranked,
    spare,
    tokens,
    where,
)
from matching.people import Person
from matching.sponsors import rank_sponsors

__all__ = ["Candidate", "rank_mentors", "rank_sponsors", "management_chain", "tokens"]

# Weights of the mentor score; relevance dominates, the rest orders people who know the topic.
MENTOR_RELEVANCE = 3.0
MENTOR_SKILLS = 1.5
MENTOR_SENIORITY = 1.0
MENTOR_OTHER_FUNCTION = 0.5
MENTOR_OTHER_REGION = 0.3
MENTOR_NEW_TIE = 0.2


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
    for p in eligible(requester, people, "mentor_capacity", load, exclude):
        reasons: list[str] = []
        score = 0.0
        if wanted_topic:
            offers = best_phrase(wanted_topic, p.mentor_topics)
            knows = best_phrase(wanted_topic, p.skills)
            likes = best_phrase(wanted_topic, p.interests)
            relevance = max(offers[0], knows[0], 0.6 * likes[0])
            if offers[0] and offers[0] >= knows[0]:
                reasons.append(f"Offers mentoring on {offers[1].lower()}, {_fit(offers[0])}.")
            elif knows[0]:
                reasons.append(f"Knows {knows[1].lower()}, {_fit(knows[0])}.")
            elif likes[0]:
                reasons.append(f"Is interested in {likes[1].lower()}, {_fit(0.5)}.")
            score += MENTOR_RELEVANCE * relevance
        known = p.skills | p.mentor_topics
        has = sorted((s for s, words in wanted_skills.items() if best_phrase(words, known)[0] == 1.0), key=str.lower)
        if wanted_skills:
            score += MENTOR_SKILLS * len(has) / len(wanted_skills)
            if has:
                reasons.append(f"Has {_count(len(has), len(wanted_skills))} you want: {', '.join(has)}.")
        if (wanted_topic or wanted_skills) and score == 0.0:
            continue
        if p.level is not None and requester.level is not None:  # an unknown level earns nothing and says nothing
            gap = p.level - requester.level
            score += MENTOR_SENIORITY * (1.0 if 1 <= gap <= 3 else 0.6 if gap > 3 else 0.3 if gap == 0 else 0.0)
            reasons.append(f"{level_phrase(gap)}, {where(p, requester, prefer_other_region)}.")
        else:
            reasons.append(f"Works {where(p, requester, prefer_other_region)}.")
        if prefer_other_function and p.function != requester.function:
            score += MENTOR_OTHER_FUNCTION
        if prefer_other_region and p.region != requester.region:
            score += MENTOR_OTHER_REGION
        if p.id not in my_contacts:
            score += MENTOR_NEW_TIE
            reasons.append("Someone new: you have not worked together yet.")
        score += SPARE_CAPACITY * spare(p, p.mentor_capacity, load)
        out.append(Candidate(p.id, round(score, 6), tuple(reasons)))
    return ranked(out, limit)


def _fit(coverage: float) -> str:
    return "the topic you asked about" if coverage >= 1.0 else "close to the topic you asked about"


def _count(k: int, n: int) -> str:
    if n == 1:
        return "the skill"
    return f"all {n} skills" if k == n else f"{k} of the {n} skills"
