"""When someone leaves: the relationships only they held, and the groups only they connected.

The organisation's network must outlive any one employee. Before a leaver's ties
disappear from the graph, these functions find what would be lost, so their
manager can hand it over: :func:`at_risk_ties` ranks the leaver's contacts whom
no one else in their team knows, :func:`groups_bridged_alone` lists the pairs of
groups (functions, regions, ...) that only the leaver connected. Onboarding, the
other end of a person's time here, lives in :mod:`matching.onboarding`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations

import networkx as nx

from matching.errors import MatchingError
from matching.onboarding import OnboardingPick, onboarding_picks, onboarding_plan, two_step_reach
from matching.people import Person

__all__ = [
    "AtRiskTie",
    "OnboardingPick",
    "at_risk_ties",
    "groups_bridged_alone",
    "onboarding_picks",
    "onboarding_plan",
    "team_of",
]

#: A tie this many days old counts half as much as one made today.
RECENCY_HALF_LIFE_DAYS = 365
STRONG_TIE_WEIGHT = 3.0
RECENT_DAYS = 90


@dataclass(frozen=True, slots=True)
class AtRiskTie:
    """A contact of the leaver whom no one else in the leaver's team knows.

    Attributes
    ----------
    contact : int
        The contact's id.
    score : float
        Importance: higher means hand it over first.
    weight : float
        The tie's weight (sum of the pair's interactions).
    last : datetime.date or None
        The pair's most recent interaction (the edge's ``last``, else its ``since``).
    other_function, other_region : bool
        Whether the contact works in another function / region than the leaver.
    reach : int
        People within two ties of the contact, the leaver aside.
    reasons : tuple of str
        Why the tie matters, in plain words that name no one.
    """

    contact: int
    score: float
    weight: float
    last: date | None
    other_function: bool
    other_region: bool
    reach: int
    reasons: tuple[str, ...]


def _require(person_id: int, people: Mapping[int, Person], role: str) -> Person:
    person = people.get(person_id)
    if person is None:
        raise MatchingError(f"No {role} with id {person_id!r} among the organisation's people")
    return person


def team_of(person_id: int, people: Mapping[int, Person]) -> set[int]:
    """The person's team, themselves aside.

    The team is everyone with the same team label, everyone with the same manager,
    the person's manager and their direct reports.

    Parameters
    ----------
    person_id : int
        Whose team.
    people : mapping of int to Person
        The organisation, by id.

    Returns
    -------
    set of int
        Ids of the team members, without ``person_id``.

    Raises
    ------
    MatchingError
        If ``person_id`` is not in ``people``.

    Examples
    --------
    >>> from matching.people import Person
    >>> people = {1: Person(1, "Sales", "EMEA", 5), 2: Person(2, "Sales", "EMEA", 3, manager_id=1),
    ...           3: Person(3, "Sales", "EMEA", 3, manager_id=1), 4: Person(4, "IT", "EMEA", 3)}
    >>> sorted(team_of(2, people)), sorted(team_of(1, people)), sorted(team_of(4, people))
    ([1, 3], [2, 3], [])

    Notes
    -----
    O(n).
    """
    me = _require(person_id, people, "person")
    team = {
        p.id
        for p in people.values()
        if (me.team and p.team == me.team)
        or (me.manager_id is not None and p.manager_id == me.manager_id)
        or p.manager_id == person_id
    }
    if me.manager_id is not None and me.manager_id in people:
        team.add(me.manager_id)
    team.discard(person_id)
    return team


def at_risk_ties(
    graph: nx.Graph,
    leaver: int,
    people: Mapping[int, Person],
    today: date | None = None,
) -> list[AtRiskTie]:
    """The leaver's ties that no one else in their team holds, most important first.

    A contact is at risk when they have no tie to any member of the leaver's team
    (see :func:`team_of`): once the leaver is gone, the team loses them.

    Parameters
    ----------
    graph : networkx.Graph
        Interaction graph over person ids, including the leaver. Edges may carry
        ``weight`` (default 1), ``since`` and ``last`` (dates of the first and the
        latest interaction).
    leaver : int
        The person leaving; must be in ``people``.
    people : mapping of int to Person
        The organisation: the leaver and everyone still here. Contacts outside it
        (people who already left) are ignored.
    today : datetime.date, optional
        The day recency is measured from; by default the leaver's latest tie.

    Returns
    -------
    list of AtRiskTie
        Ranked by score, highest first (ties by contact id). The score multiplies
        the tie's strength ``log(1 + weight)``, its recency (halving every
        365 days), a bridge bonus (+50% for another function, +50% for another
        region) and the contact's own reach (``1 + reach / (n - 1)``).

    Raises
    ------
    MatchingError
        If ``leaver`` is not in ``people``.

    Examples
    --------
    >>> import networkx as nx
    >>> from matching.people import Person
    >>> people = {1: Person(1, "Sales", "EMEA", 3, team="s"), 2: Person(2, "Sales", "EMEA", 3, team="s"),
    ...           3: Person(3, "Legal", "AMER", 3), 4: Person(4, "Sales", "EMEA", 3), 5: Person(5, "IT", "EMEA", 3)}
    >>> g = nx.Graph([(1, 2), (1, 3), (1, 4), (2, 4), (3, 5)])
    >>> [(t.contact, t.reasons) for t in at_risk_ties(g, 1, people)]
    [(3, ('in Legal, another function', 'in AMER, another region', 'reaches 1 people within two steps'))]

    Notes
    -----
    O(sum of the degrees of the leaver's contacts and of their contacts), plus
    O(n) to find the team.
    """
    me = _require(leaver, people, "leaver")
    adj = graph._adj
    team = team_of(leaver, people)
    ties = adj.get(leaver, {})
    if today is None:
        dates = [d for attrs in ties.values() if (d := attrs.get("last", attrs.get("since"))) is not None]
        today = max(dates, default=None)
    n = max(len(people) - 1, 1)
    found = []
    for contact, attrs in ties.items():
        if contact == leaver or contact not in people or contact in team:
            continue
        theirs = adj[contact]
        if any(t in theirs for t in team):
            continue
        other = people[contact]
        weight = float(attrs.get("weight", 1.0))
        last = attrs.get("last", attrs.get("since"))
        age = (today - last).days if last is not None and today is not None else None
        recency = 0.5 if age is None else 0.5 ** (max(age, 0) / RECENCY_HALF_LIFE_DAYS)
        other_function, other_region = other.function != me.function, other.region != me.region
        reach = two_step_reach(graph, contact, people, without=(leaver,))
        score = math.log1p(max(weight, 0.0)) * recency * (1 + 0.5 * other_function + 0.5 * other_region)
        score *= 1 + reach / n
        reasons = []
        if weight >= STRONG_TIE_WEIGHT:
            reasons.append("a strong tie")
        if age is not None and age <= RECENT_DAYS:
            reasons.append("in touch recently")
        if other_function:
            reasons.append(f"in {other.function}, another function")
        if other_region:
            reasons.append(f"in {other.region}, another region")
        if reach:
            reasons.append(f"reaches {reach} people within two steps")
        found.append(AtRiskTie(contact, score, weight, last, other_function, other_region, reach, tuple(reasons)))
    found.sort(key=lambda t: (-t.score, t.contact))
    return found


def _ordered(pair: tuple[str, str]) -> tuple[str, str]:
    """``pair`` sorted, as a 2-tuple."""
    first, second = sorted(pair)
    return first, second


def _key_function(key: str | Callable[[Person], str]) -> Callable[[Person], str]:
    if callable(key):
        return key
    if key not in Person.__slots__:
        raise MatchingError(f"Unknown person attribute {key!r} to group by")
    return lambda p: str(getattr(p, key))


def groups_bridged_alone(
    graph: nx.Graph,
    leaver: int,
    people: Mapping[int, Person],
    key: str | Callable[[Person], str] = "function",
) -> list[tuple[str, str]]:
    """Pairs of groups that only the leaver connected.

    Someone *connects* two groups when the groups are among their own group and
    the groups of their contacts: they belong to one and know someone in the
    other, or they know someone in each. A pair is bridged alone when the leaver
    connects it and, once the leaver's ties are gone, no one else does.

    Parameters
    ----------
    graph : networkx.Graph
        Interaction graph over person ids, including the leaver.
    leaver : int
        The person leaving; must be in ``people``.
    people : mapping of int to Person
        The organisation: the leaver and everyone still here.
    key : str or callable, default "function"
        A Person attribute name (``"function"``, ``"region"``, ``"team"``) or a
        function from Person to group name.

    Returns
    -------
    list of (str, str)
        Each pair once, its two names in order, the list sorted.

    Raises
    ------
    MatchingError
        If ``leaver`` is not in ``people`` or ``key`` is not a Person attribute.

    Examples
    --------
    >>> import networkx as nx
    >>> from matching.people import Person
    >>> people = {1: Person(1, "Sales", "EMEA", 3), 2: Person(2, "Legal", "EMEA", 3),
    ...           3: Person(3, "IT", "EMEA", 3), 4: Person(4, "Sales", "EMEA", 3)}
    >>> g = nx.Graph([(1, 2), (1, 3), (4, 3)])
    >>> groups_bridged_alone(g, 1, people)
    [('IT', 'Legal'), ('Legal', 'Sales')]

    Notes
    -----
    O(n + m): one pass over everyone's ties, stopping as soon as every pair the
    leaver connects is found connected by someone else.
    """
    group = _key_function(key)
    me = _require(leaver, people, "leaver")
    adj = graph._adj
    mine = {group(me)} | {group(people[c]) for c in adj.get(leaver, {}) if c in people and c != leaver}
    alone = {_ordered(pair) for pair in combinations(mine, 2)}
    if not alone:
        return []
    for person in people.values():
        if person.id == leaver:
            continue
        reached = {group(person)} & mine
        for contact in adj.get(person.id, {}):
            if contact != leaver and contact in people:
                g = group(people[contact])
                if g in mine:
                    reached.add(g)
        if len(reached) > 1:
            alone.difference_update(_ordered(pair) for pair in combinations(reached, 2))
            if not alone:
                return []
    return sorted(alone)
