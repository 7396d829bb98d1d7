"""What mentor and sponsor ranking share: the candidate, the hard rules, and plain-words helpers.

Hard rules, for both: never the requester, never anyone in the requester's chain of
management (managers up the chain, reports down it), never someone the requester or
the candidate asked never to be matched with, never anyone in ``exclude`` (already
asked or declined), never anyone at or over capacity (capacity 0: not available).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from matching.people import Person

__all__ = ["Candidate", "eligible", "management_chain", "tokens"]

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


def eligible(
    requester: Person,
    people: Mapping[int, Person],
    capacity_of: str,
    load: Mapping[int, int],
    exclude: Collection[int],
) -> list[Person]:
    """Everyone who may be asked: the hard rules above, with ``capacity_of`` the Person field to check. O(n)."""
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


def level_phrase(gap: int) -> str:
    """``"Two levels senior"``, ``"At your level"``, ``"One level junior"`` for a level gap."""
    if gap == 0:
        return "At your level"
    word = _NUMBERS[abs(gap)] if abs(gap) < len(_NUMBERS) else str(abs(gap))
    unit = "level" if abs(gap) == 1 else "levels"
    return f"{word} {unit} {'senior' if gap > 0 else 'junior'}"


def where(candidate: Person, requester: Person, mention_region: bool) -> str:
    """``"in Sales"``, with the region too when it differs from the requester's or is asked for."""
    place = f"in {candidate.function}"
    if mention_region or candidate.region != requester.region:
        place += f", {candidate.region}"
    return place


def best_phrase(wanted: frozenset[str], phrases: frozenset[str]) -> tuple[float, str]:
    """Best overlap of ``wanted`` with one of ``phrases``: (share of ``wanted`` covered, phrase)."""
    best = (0.0, "")
    for phrase in sorted(phrases):
        overlap = len(wanted & tokens(phrase))
        if overlap:
            best = max(best, (overlap / len(wanted), phrase), key=lambda b: b[0])
    return best


def spare(p: Person, capacity: int, load: Mapping[int, int]) -> float:
    """Share of ``capacity`` still free (1.0: nobody yet)."""
    return (capacity - load.get(p.id, 0)) / capacity


def ranked(scored: list[Candidate], limit: int) -> list[Candidate]:
    """Best first, equal scores by lower id, at most ``limit``."""
    scored.sort(key=lambda c: (-round(c.score, 9), c.person_id))
    return scored[: max(limit, 0)]
