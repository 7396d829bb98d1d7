"""A manager's view of their team's reach: now, a few weeks ago, and one suggestion.

This is what ``/team-reach`` and ``cno report team`` show, computed from a graph
that is already loaded: who is on the team, its reach now and as of 4 and 12 weeks
ago (same graph, ties filtered by their ``since`` date, in one walk),
and :func:`matching.reach.reach_suggestion` when the team is large enough to be
broken down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx

from matching.people import Person
from matching.reach import Reach, reach_suggestion, team_reach_history

__all__ = ["MIN_BREAKDOWN", "TeamView", "team_members", "team_view"]

#: Groups smaller than this are shown as totals only, never broken down.
MIN_BREAKDOWN = 5
TREND_WEEKS = (4, 12)


@dataclass(frozen=True)
class TeamView:
    """A team's reach today and ``weeks`` ago.

    Attributes
    ----------
    whole_subtree : bool
        True for everyone under the manager, False for direct reports only.
    today : datetime.date
        The day the view is for.
    now : Reach
        Reach with every tie known today.
    past : dict of int to Reach
        Reach as of ``today - weeks`` weeks, for each trend window.
    suggestion : str or None
        One concrete suggestion; None when nothing stands out or the team is too small
        to be broken down.
    """

    whole_subtree: bool
    today: date
    now: Reach
    past: dict[int, Reach]
    suggestion: str | None

    @property
    def breakdown_allowed(self) -> bool:
        """Whether the team is large enough (``MIN_BREAKDOWN``) to show functions and regions."""
        return self.now.team_size >= MIN_BREAKDOWN

    def change(self, weeks: int) -> tuple[int, int]:
        """Change of (first-degree, second-degree) reach over the last ``weeks`` weeks."""
        then = self.past[weeks]
        return self.now.first_degree - then.first_degree, self.now.second_degree - then.second_degree


def reports_of(people: Mapping[int, Person]) -> dict[int, list[int]]:
    """Each manager's direct reports (ids), from one pass over ``people``; for :func:`team_members` of many teams.

    >>> reports_of({1: Person(1, "IT", "EMEA", 5), 2: Person(2, "IT", "EMEA", 4, manager_id=1)})
    {1: [2]}
    """
    children: dict[int, list[int]] = {}
    for p in people.values():
        if p.manager_id is not None and p.manager_id != p.id:
            children.setdefault(p.manager_id, []).append(p.id)
    return children


def team_members(people: Mapping[int, Person], manager_id: int, whole_subtree: bool = False,
                 reports: Mapping[int, Sequence[int]] | None = None) -> list[int]:
    """Ids of a manager's direct reports, or of everyone under them, sorted.

    Parameters
    ----------
    people : mapping of int to Person
        The organisation; ``manager_id`` links each person to their manager.
    manager_id : int
        The manager (not part of the result).
    whole_subtree : bool, default False
        Follow the reports' own reports, down to the bottom of the tree.
    reports : mapping of int to list of int, optional
        :func:`reports_of` ``people``, when many teams are looked up in the same organisation.

    Returns
    -------
    list of int

    Examples
    --------
    >>> people = {1: Person(1, "IT", "EMEA", 5), 2: Person(2, "IT", "EMEA", 4, manager_id=1),
    ...           3: Person(3, "IT", "EMEA", 3, manager_id=2), 4: Person(4, "IT", "EMEA", 3, manager_id=1)}
    >>> team_members(people, 1), team_members(people, 1, whole_subtree=True)
    ([2, 4], [2, 3, 4])

    Notes
    -----
    O(n): one pass over ``people`` builds the manager-to-reports map (unless ``reports``
    is given: then O(team)). A cycle in the management data is cut where it closes.
    """
    children = reports_of(people) if reports is None else reports
    if not whole_subtree:
        return sorted(children.get(manager_id, ()))
    found: set[int] = set()
    stack = list(children.get(manager_id, ()))
    while stack:
        pid = stack.pop()
        if pid in found or pid == manager_id:
            continue
        found.add(pid)
        stack.extend(children.get(pid, ()))
    return sorted(found)


def team_view(
    graph: nx.Graph,
    people: Mapping[int, Person],
    manager_id: int,
    today: date,
    whole_subtree: bool = False,
    weeks: Sequence[int] = TREND_WEEKS,
) -> TeamView:
    """Compute what a manager sees about their team's reach.

    Parameters
    ----------
    graph : networkx.Graph
        The interaction graph, edges with ``since`` dates.
    people : mapping of int to Person
        The organisation.
    manager_id : int
        Whose team.
    today : datetime.date
        Ties after ``today`` are ignored; the trend windows count back from it.
    whole_subtree : bool, default False
        The manager's whole subtree instead of their direct reports.
    weeks : sequence of int, default (4, 12)
        Trend windows, in weeks.

    Returns
    -------
    TeamView

    Examples
    --------
    >>> import networkx as nx
    >>> from datetime import date
    >>> people = {i: Person(i, "IT" if i < 4 else "Sales", "EMEA", 3, manager_id=1 if 1 < i < 4 else None)
    ...           for i in range(1, 6)}
    >>> g = nx.Graph()
    >>> g.add_edge(2, 4, since=date(2026, 1, 5))
    >>> g.add_edge(4, 5, since=date(2026, 11, 20))
    >>> view = team_view(g, people, 1, date(2026, 11, 23))
    >>> view.now.first_degree, view.now.second_degree, view.change(4)
    (1, 1, (0, 1))
    >>> view.breakdown_allowed, view.suggestion
    (False, None)

    Notes
    -----
    One walk over the ties near the team for every date at once
    (:func:`matching.reach.team_reach_history`): O(sum of the degrees of the team
    and of its first-degree contacts), plus O(n) to find the team.
    """
    members = team_members(people, manager_id, whole_subtree)
    then = {w: today - timedelta(weeks=w) for w in weeks}
    history = team_reach_history(graph, members, people, [today, *then.values()])
    now = history[today]
    past = {w: history[day] for w, day in then.items()}
    suggestion = reach_suggestion(now, people) if now.team_size >= MIN_BREAKDOWN else None
    return TeamView(whole_subtree=whole_subtree, today=today, now=now, past=past, suggestion=suggestion)
