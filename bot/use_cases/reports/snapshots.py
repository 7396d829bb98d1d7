"""The weekly snapshot of the network metrics: organisation figures and the teams people follow.

A snapshot describes a complete ISO week as of its Sunday. The sweep takes last
week's once, early in the new week; `cno report snapshot` can take (or backfill)
any week. Stored figures are anonymous aggregates, so trends survive people
leaving or being erased.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bootstrap import Services
from matching.org_figures import week_figures
from matching.reach import team_reach
from matching.team_view import team_members
from storage.graph import load_graph
from storage.models import OrgSnapshot
from storage.queries.reports import add_org_snapshot_once
from storage.reach import followed_teams, iso_week, org_snapshot, save_team_snapshot, week_end, week_start
from storage.roster import load_people
from storage.uow import Session

#: Teams looked at within this many weeks keep getting weekly snapshots.
FOLLOW_WEEKS = 12


def take_snapshot(session: Session, week: str) -> OrgSnapshot:
    """Store the snapshot of ``week`` (e.g. ``"2026-W47"``) unless it exists; returns it.

    Team snapshots are refreshed, as of the week's Sunday, for every team someone
    looked at with `/team-reach` in the ``FOLLOW_WEEKS`` weeks before.
    """
    existing = org_snapshot(session, week)
    if existing is not None:
        return existing
    start, end = week_start(week), week_end(week)
    people = load_people(session, end)
    graph = load_graph(session, as_of=end)
    row, added = add_org_snapshot_once(
        session, OrgSnapshot(week=week, week_start=start, **week_figures(graph, people, start, end))
    )
    if not added:  # another replica took it first
        return row
    for manager_id, scope in followed_teams(session, start - timedelta(weeks=FOLLOW_WEEKS)):
        if manager_id not in people:
            continue
        reach = team_reach(graph, team_members(people, manager_id, scope == "all"), people, as_of=end)
        save_team_snapshot(
            session, week, manager_id, scope,
            team_size=reach.team_size, first_degree=reach.first_degree, second_degree=reach.second_degree,
            org_size=reach.org_size, functions_reached=len(reach.functions_reached),
            regions_reached=len(reach.regions_reached),
        )
    return row


@dataclass(frozen=True)
class WeekSnapshot:
    """A stored week's figures, as `cno report snapshot` prints them."""

    week: str
    people: int
    ties: int
    new_ties: int


def snapshot_weeks(services: Services, now: datetime, week: str | None, weeks_back: int) -> Iterator[WeekSnapshot]:
    """`cno report snapshot`: store ``week`` (default: last week) and the ``weeks_back - 1`` weeks before it.

    Oldest first, each week in its own transaction, yielded once stored; a bad week raises
    :class:`storage.errors.StorageError` naming it.
    """
    monday = week_start(week or last_complete_week(now, services))
    for back in range(weeks_back - 1, -1, -1):
        wanted = iso_week(monday - timedelta(weeks=back))
        with services.uow() as uow:
            row = take_snapshot(uow.session, wanted)
            uow.commit()
            yield WeekSnapshot(wanted, row.people, row.ties, row.new_ties)


def last_complete_week(now: datetime, services: Services) -> str:
    """The ISO week before the one ``now`` falls in, in the CNO's time zone."""
    return iso_week(now.astimezone(services.settings.zone).date() - timedelta(days=7))


def weekly_snapshot(services: Services, now: datetime) -> None:
    """Sweep: take last week's snapshot once (a cheap lookup on every other tick)."""
    week = last_complete_week(now, services)
    with services.uow() as uow:
        if org_snapshot(uow.session, week) is not None:
            return
        take_snapshot(uow.session, week)
        uow.commit()
