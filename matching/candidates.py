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

    Words are runs of letters, digits, ``+`` and ``#`` (so "C++" and "C#" survive);
    stopwords such as "and", "the", "of" are dropped.

    Parameters
    ----------
    text : str
        Free text: an interest, a skill, a mentoring topic or a request.

    Returns
    -------
    frozenset of str
        The distinct words.

    Examples
    --------
    >>> sorted(tokens("Data Engineering, and the SQL"))
    ['data', 'engineering', 'sql']
    >>> sorted(tokens("C++ or C#"))
    ['c#', 'c++']

    Notes
    -----
    O(len(text)); results are cached (last 8,192 texts), as the same phrases are
    tokenised for every candidate.
    """
    return frozenset(w for w in re.findall(r"[a-z0-9+#]+", text.lower()) if w not in _STOPWORDS)


def management_chain(person: Person, people: Mapping[int, Person]) -> set[int]:
    """Ids of everyone above ``person`` (managers up the chain) and below (all reports).

    Parameters
    ----------
    person : Person
        The person whose chain of management is wanted.
    people : mapping of int to Person
        The organisation, by id. Managers missing from it end the chain upwards;
        cycles in the manager links are tolerated.

    Returns
    -------
    set of int
        Ids of the managers up the chain and of all direct and indirect reports,
        never ``person.id`` itself.

    Examples
    --------
    >>> people = {1: Person(1, "IT", "EMEA", 5), 2: Person(2, "IT", "EMEA", 4, manager_id=1),
    ...           3: Person(3, "IT", "EMEA", 3, manager_id=2), 4: Person(4, "IT", "EMEA", 3, manager_id=1)}
    >>> sorted(management_chain(people[2], people))
    [1, 3]
    >>> sorted(management_chain(people[1], people))
    [2, 3, 4]

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
    """Everyone who may be asked to mentor or sponsor ``requester``, by the hard rules.

    Barred: the requester, their chain of management (:func:`management_chain`),
    anyone in ``exclude``, anyone either side asked never to be matched with, and
    anyone whose capacity is 0 or already used up by ``load``.

    Parameters
    ----------
    requester : Person
        Who asks for a mentor or sponsor.
    people : mapping of int to Person
        The organisation, by id.
    capacity_of : str
        The Person field holding the capacity to check: ``"mentor_capacity"`` or
        ``"sponsor_capacity"``.
    load : mapping of int to int
        How many mentees or protégés each person already has (absent: none).
    exclude : collection of int
        Ids not to offer again (already asked, or declined).

    Returns
    -------
    list of Person
        The eligible people, in the order of ``people``.

    Raises
    ------
    AttributeError
        If ``capacity_of`` is not a field of Person.

    Examples
    --------
    >>> people = {1: Person(1, "IT", "EMEA", 5), 2: Person(2, "IT", "EMEA", 3, manager_id=1),
    ...           3: Person(3, "HR", "EMEA", 4), 4: Person(4, "HR", "EMEA", 4, mentor_capacity=0),
    ...           5: Person(5, "Sales", "EMEA", 4, mentor_capacity=1)}
    >>> [p.id for p in eligible(people[2], people, "mentor_capacity", {5: 1}, exclude=())]
    [3]
    >>> [p.id for p in eligible(people[2], people, "mentor_capacity", {}, exclude={3})]
    [5]

    Notes
    -----
    O(n).
    """
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
    """A level gap in words: ``"Two levels senior"``, ``"At your level"``, ``"One level junior"``.

    Parameters
    ----------
    gap : int
        Candidate's level minus the requester's (positive: the candidate is senior).

    Returns
    -------
    str
        The phrase, capitalised to start a sentence; gaps of 11 or more are written
        in digits.

    Examples
    --------
    >>> level_phrase(2), level_phrase(0), level_phrase(-1), level_phrase(12)
    ('Two levels senior', 'At your level', 'One level junior', '12 levels senior')

    Notes
    -----
    O(1).
    """
    if gap == 0:
        return "At your level"
    word = _NUMBERS[abs(gap)] if abs(gap) < len(_NUMBERS) else str(abs(gap))
    unit = "level" if abs(gap) == 1 else "levels"
    return f"{word} {unit} {'senior' if gap > 0 else 'junior'}"


def where(candidate: Person, requester: Person, mention_region: bool) -> str:
    """Where the candidate works, for a reason line: ``"in Sales"`` or ``"in Sales, APAC"``.

    Parameters
    ----------
    candidate : Person
        The suggested mentor or sponsor.
    requester : Person
        Who asked.
    mention_region : bool
        Name the region even when it is the requester's.

    Returns
    -------
    str
        ``"in <function>"``, followed by ``", <region>"`` when the regions differ
        or ``mention_region`` is true.

    Examples
    --------
    >>> me = Person(1, "IT", "EMEA", 3)
    >>> where(Person(2, "Sales", "EMEA", 4), me, False), where(Person(3, "Sales", "APAC", 4), me, False)
    ('in Sales', 'in Sales, APAC')
    >>> where(Person(2, "Sales", "EMEA", 4), me, True)
    'in Sales, EMEA'

    Notes
    -----
    O(1).
    """
    place = f"in {candidate.function}"
    if mention_region or candidate.region != requester.region:
        place += f", {candidate.region}"
    return place


def best_phrase(wanted: frozenset[str], phrases: frozenset[str]) -> tuple[float, str]:
    """The phrase among ``phrases`` that covers most of the ``wanted`` words.

    Parameters
    ----------
    wanted : frozenset of str
        Words sought (from :func:`tokens`).
    phrases : frozenset of str
        Candidate phrases, e.g. a person's skills or mentoring topics.

    Returns
    -------
    tuple of (float, str)
        Share of ``wanted`` covered by the best phrase, and that phrase; on equal
        shares the alphabetically first phrase wins. ``(0.0, "")`` when none overlaps.

    Examples
    --------
    >>> best_phrase(tokens("public speaking and writing"), frozenset({"Technical writing", "Public speaking"}))
    (0.6666666666666666, 'Public speaking')
    >>> best_phrase(tokens("chess"), frozenset({"Python"}))
    (0.0, '')

    Notes
    -----
    O(total length of ``phrases``), with phrases' tokens cached by :func:`tokens`.
    """
    best = (0.0, "")
    for phrase in sorted(phrases):
        overlap = len(wanted & tokens(phrase))
        if overlap:
            best = max(best, (overlap / len(wanted), phrase), key=lambda b: b[0])
    return best


def spare(p: Person, capacity: int, load: Mapping[int, int]) -> float:
    """Share of ``capacity`` still free for ``p`` (1.0: nobody yet).

    Parameters
    ----------
    p : Person
        The mentor or sponsor.
    capacity : int
        Their capacity; must be positive.
    load : mapping of int to int
        How many each person already has (absent: none).

    Returns
    -------
    float
        ``(capacity - load) / capacity``.

    Raises
    ------
    ZeroDivisionError
        If ``capacity`` is 0 (such people are never eligible, see :func:`eligible`).

    Examples
    --------
    >>> p = Person(1, "IT", "EMEA", 5)
    >>> spare(p, 4, {1: 1}), spare(p, 4, {})
    (0.75, 1.0)

    Notes
    -----
    O(1).
    """
    return (capacity - load.get(p.id, 0)) / capacity


def ranked(scored: list[Candidate], limit: int) -> list[Candidate]:
    """The best ``limit`` candidates: highest score first, equal scores by lower id.

    Scores are compared rounded to 9 decimals, so that floating-point noise does not
    decide the order.

    Parameters
    ----------
    scored : list of Candidate
        Candidates to rank; sorted in place.
    limit : int
        How many to keep (none when ``limit <= 0``).

    Returns
    -------
    list of Candidate
        At most ``limit`` candidates, best first.

    Examples
    --------
    >>> found = ranked([Candidate(3, 0.5, ()), Candidate(2, 0.9, ()), Candidate(1, 0.5, ())], 2)
    >>> [c.person_id for c in found]
    [2, 1]

    Notes
    -----
    O(n log n).
    """
    scored.sort(key=lambda c: (-round(c.score, 9), c.person_id))
    return scored[: max(limit, 0)]
