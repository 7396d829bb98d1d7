"""A new hire's first weeks: one well-chosen intro a week, outside their own team.

Week 1 a well-connected peer of their manager, week 2 a buddy in another
function, week 3 someone in their region, week 4 a well-connected person in
another function and region. Each pick is the best connected of its kind, by
:func:`two_step_reach`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from matching.errors import MatchingError
from matching.people import Person

__all__ = ["KINDS", "OnboardingPick", "onboarding_picks", "onboarding_plan", "two_step_reach"]

#: The kind of intro for each onboarding week, in order; later weeks are ``cross_silo``.
KINDS = ("manager_peer", "other_function", "same_region", "cross_silo")
#: Candidates of one kind whose reach is measured exactly: the best connected by number of ties.
SHORTLIST = 50


@dataclass(frozen=True, slots=True)
class OnboardingPick:
    """One week's intro for a newcomer.

    ``kind`` is one of :data:`KINDS` (or ``"well_connected"`` when no one of the
    wanted kind is available); ``reason`` says why in plain words, naming no one.
    """

    person_id: int
    kind: str
    reason: str


def two_step_reach(
    graph: nx.Graph, person: int, people: Mapping[int, Person], without: Collection[int] = ()
) -> int:
    """People within two ties of ``person`` (first and second degree), counting only ``people``.

    Parameters
    ----------
    graph : networkx.Graph
        Interaction graph over person ids.
    person : int
        Whose reach.
    people : mapping of int to Person
        Only these count, and ties are followed only through them.
    without : collection of int, optional
        People to leave out entirely (for example someone leaving).

    Returns
    -------
    int

    Examples
    --------
    >>> import networkx as nx
    >>> from matching.people import Person
    >>> people = {i: Person(i, "Sales", "EMEA", 3) for i in range(1, 5)}
    >>> two_step_reach(nx.Graph([(1, 2), (2, 3), (3, 4)]), 1, people)
    2

    Notes
    -----
    O(sum of the degrees of the person's contacts).
    """
    adj = graph._adj
    skip = set(without) | {person}
    first = {c for c in adj.get(person, {}) if c in people and c not in skip}
    reached = set(first)
    for c in first:
        reached.update(x for x in adj[c] if x in people and x not in skip)
    return len(reached)


def _eligible(me: Person, people: Mapping[int, Person], exclude: Collection[int], on: date | None) -> list[Person]:
    barred = set(exclude) | set(me.do_not_match) | {me.id}
    if me.manager_id is not None:
        barred.add(me.manager_id)
    return [
        p
        for p in people.values()
        if p.id not in barred
        and me.id not in p.do_not_match
        and p.opted_in
        and not (on is not None and p.paused_until is not None and p.paused_until >= on)
        and not (me.team and p.team == me.team)
        and not (me.manager_id is not None and p.manager_id == me.manager_id)
        and p.manager_id != me.id
    ]


def _best(pool: Iterable[Person], graph: nx.Graph, people: Mapping[int, Person]) -> Person | None:
    adj = graph._adj
    shortlist = sorted(pool, key=lambda p: (-len(adj.get(p.id, ())), p.id))[:SHORTLIST]
    if not shortlist:
        return None
    return min(shortlist, key=lambda p: (-two_step_reach(graph, p.id, people), p.id))


def _pick(kind: str, me: Person, pool: list[Person], graph: nx.Graph, people: Mapping[int, Person]) -> Person | None:
    if kind == "manager_peer":
        manager = people.get(me.manager_id) if me.manager_id is not None else None
        if manager is None:
            return None
        if manager.manager_id is not None:
            return _best((p for p in pool if p.manager_id == manager.manager_id), graph, people)
        return _best((p for p in pool if p.manager_id is None and manager.level is not None
                      and p.level == manager.level), graph, people)
    if kind == "other_function":
        others = [p for p in pool if p.function != me.function]
        near = [p for p in others if p.level is not None and me.level is not None and abs(p.level - me.level) <= 1]
        return _best(near or others, graph, people)
    if kind == "same_region":
        here = [p for p in pool if p.region == me.region]
        return _best([p for p in here if p.function != me.function] or here, graph, people)
    if kind == "cross_silo":
        return _best((p for p in pool if p.function != me.function and p.region != me.region), graph, people)
    return _best(pool, graph, people)


def _reason(kind: str, me: Person, pick: Person) -> str:
    if kind == "manager_peer":
        return "a peer of your manager, and one of the best-connected people at that level"
    if kind == "other_function":
        return f"your buddy in {pick.function}: another function, at about your level"
    if kind == "same_region":
        return f"also in {pick.region}, so you can meet in person"
    if kind == "cross_silo":
        return f"in {pick.function} and {pick.region}: well connected across the organisation"
    return "one of the best-connected people in the organisation"


def onboarding_picks(
    newcomer: int,
    people: Mapping[int, Person],
    graph: nx.Graph,
    weeks: int = 4,
    exclude: Collection[int] = (),
    on: date | None = None,
    first_week: int = 1,
) -> list[OnboardingPick]:
    """One intro a week for a newcomer's first ``weeks`` weeks, each with its kind and reason.

    Parameters and rules are those of :func:`onboarding_plan`, which returns the
    same people without the reasons. ``first_week`` (from 1) says which week the
    first pick is for, so one week can be picked again with its own kind (when its
    partner left, say) with ``weeks=1, first_week=k``.

    Examples
    --------
    >>> import networkx as nx
    >>> from matching.people import Person
    >>> people = {1: Person(1, "Sales", "EMEA", 3, manager_id=2), 2: Person(2, "Sales", "EMEA", 5),
    ...           3: Person(3, "IT", "EMEA", 5), 4: Person(4, "IT", "EMEA", 3)}
    >>> [(p.person_id, p.kind) for p in onboarding_picks(1, people, nx.Graph(), weeks=3)]  # two to meet
    [(3, 'manager_peer'), (4, 'other_function')]
    """
    if weeks < 0 or first_week < 1:
        raise MatchingError(f"weeks must be >= 0 and first_week >= 1, not {weeks!r} and {first_week!r}")
    me = people.get(newcomer)
    if me is None:
        raise MatchingError(f"No newcomer with id {newcomer!r} among the organisation's people")
    pool = _eligible(me, people, exclude, on)
    picks: list[OnboardingPick] = []
    for week in range(first_week - 1, first_week - 1 + weeks):
        kind = KINDS[week] if week < len(KINDS) else "cross_silo"
        chosen = _pick(kind, me, pool, graph, people)
        if chosen is None:
            kind = "well_connected"
            chosen = _pick(kind, me, pool, graph, people)
        if chosen is None:
            break
        picks.append(OnboardingPick(chosen.id, kind, _reason(kind, me, chosen)))
        pool = [p for p in pool if p.id != chosen.id]
    return picks


def onboarding_plan(
    newcomer: int,
    people: Mapping[int, Person],
    graph: nx.Graph,
    weeks: int = 4,
    exclude: Collection[int] = (),
    on: date | None = None,
) -> list[int]:
    """Whom a newcomer meets in each of their first weeks, one person a week.

    Week 1: a peer of their manager (someone with the same manager as the
    newcomer's manager; for a manager at the top, another top-level person at the
    manager's level). Week 2: a buddy in another function, at most one level apart
    when possible. Week 3: someone in their region, preferably in another function.
    Week 4 and later: someone in another function and another region. Among the
    people of each kind the one with the widest :func:`two_step_reach` wins (ties
    by id); when no one of a kind is available, the best-connected eligible person.

    Parameters
    ----------
    newcomer : int
        The new hire; must be in ``people``.
    people : mapping of int to Person
        The organisation (active people).
    graph : networkx.Graph
        Interaction graph over person ids.
    weeks : int, default 4
        How many weekly intros.
    exclude : collection of int, optional
        People not to pick (for example those already introduced).
    on : datetime.date, optional
        With it, people paused on that day are not picked.

    Returns
    -------
    list of int
        At most ``weeks`` ids, never repeated, never the newcomer's own manager, a
        member of their direct team (same manager or team), one of their reports,
        someone opted out, or anyone either side asked not to be matched with.

    Raises
    ------
    MatchingError
        If ``newcomer`` is not in ``people`` or ``weeks`` is negative.

    Examples
    --------
    >>> import networkx as nx
    >>> from matching.people import Person
    >>> people = {
    ...     1: Person(1, "Sales", "EMEA", 2, manager_id=2),  # the newcomer
    ...     2: Person(2, "Sales", "EMEA", 4, manager_id=9), 9: Person(9, "Sales", "EMEA", 6),
    ...     3: Person(3, "IT", "EMEA", 4, manager_id=9),     # a peer of the manager
    ...     4: Person(4, "Legal", "AMER", 2), 5: Person(5, "HR", "EMEA", 5), 6: Person(6, "IT", "APAC", 3),
    ...     7: Person(7, "Sales", "EMEA", 2, manager_id=2),  # a teammate: never picked
    ... }
    >>> onboarding_plan(1, people, nx.Graph([(3, 4), (4, 6), (5, 6)]))
    [3, 4, 5, 6]

    Notes
    -----
    O(n) to sort people into kinds, plus the reach of at most 50 candidates per week.
    """
    return [pick.person_id for pick in onboarding_picks(newcomer, people, graph, weeks, exclude, on)]
