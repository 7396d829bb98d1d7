"""The weekly snapshot of the network metrics: organisation figures and the teams people follow.

A snapshot describes a complete ISO week as of its Sunday. The sweep takes last
week's once, early in the new week; `cno report snapshot` can take (or backfill)
any week. Stored figures are anonymous aggregates, so trends survive people
leaving or being erased.

The sweep stores the organisation's figures in one transaction, then the followed
teams' in slices of :data:`TEAM_SLICE`, each its own transaction: a crash loses one
slice at most, and the next tick does only the teams not refreshed yet (a team is
refreshed when its row for the week was taken at or after the organisation's).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import networkx as nx

from bot import ticks
from bot.bootstrap import Services
from bot.metrics import SWEEP_SLICES
from matching.org_figures import week_figures
from matching.people import Person as EnginePerson
from matching.reach import team_reach
from matching.team_view import reports_by_manager, team_members
from storage.graph import load_graph
from storage.models import OrgSnapshot
from storage.models.base import utcnow
from storage.queries.reports import add_org_snapshot_once
from storage.reach import (
    followed_teams,
    iso_week,
    org_snapshot,
    save_team_snapshot,
    teams_refreshed_since,
    week_end,
    week_start,
)
from storage.roster import load_roster
from storage.uow import Session

#: Teams looked at within this many weeks keep getting weekly snapshots.
FOLLOW_WEEKS = 12
TEAM_SLICE = 50  # teams per transaction of the sweep
TICK_BUDGET = ticks.SWEEP_SECONDS


@dataclass(frozen=True)
class WeekNetwork:
    """The organisation and its ties as of a week's Sunday: plain data, used across transactions."""

    people: dict[int, EnginePerson]
    graph: nx.Graph
    reports: dict[int, list[int]]  # each manager's direct reports


def week_network(session: Session, week: str) -> WeekNetwork:
    """Who everyone was and where (the figures need no skills or preferences), and the ties, as of the Sunday."""
    end = week_end(week)
    people = load_roster(session, end)
    return WeekNetwork(people, load_graph(session, as_of=end), reports_by_manager(people))


def take_snapshot(session: Session, week: str) -> OrgSnapshot:
    """Store the snapshot of ``week`` (e.g. ``"2026-W47"``) unless it exists; returns it.

    Team snapshots are refreshed, as of the week's Sunday, for every team someone
    looked at with `/team-reach` in the ``FOLLOW_WEEKS`` weeks before.
    """
    existing = org_snapshot(session, week)
    if existing is not None:
        return existing
    network = week_network(session, week)
    row, added = _add_org_snapshot(session, week, network, utcnow())
    if added:  # else another replica took it first
        _refresh_teams(session, week, network, followed_teams(session, _followed_since(week)), row.taken_at)
    return row


def _followed_since(week: str) -> date:
    return week_start(week) - timedelta(weeks=FOLLOW_WEEKS)


def _add_org_snapshot(session: Session, week: str, network: WeekNetwork, now: datetime) -> tuple[OrgSnapshot, bool]:
    start, end = week_start(week), week_end(week)
    figures = week_figures(network.graph, network.people, start, end)
    return add_org_snapshot_once(session, OrgSnapshot(week=week, week_start=start, taken_at=now, **figures))


def _refresh_teams(session: Session, week: str, network: WeekNetwork, teams: Sequence[tuple[int, str]],
                   now: datetime) -> None:
    """Store these teams' snapshots for ``week`` as of its Sunday, taken at ``now``."""
    people, end = network.people, week_end(week)
    for manager_id, scope in teams:
        if manager_id not in people:
            continue
        members = team_members(people, manager_id, scope == "all", network.reports)
        reach = team_reach(network.graph, members, people, as_of=end)
        save_team_snapshot(
            session, week, manager_id, scope,
            team_size=reach.team_size, first_degree=reach.first_degree, second_degree=reach.second_degree,
            org_size=reach.org_size, functions_reached=len(reach.functions_reached),
            regions_reached=len(reach.regions_reached), taken_at=now,
        )


def teams_to_refresh(session: Session, week: str, taken: datetime) -> list[tuple[int, str]]:
    """The followed teams whose snapshot for ``week`` was not taken at or after ``taken`` (the organisation's)."""
    done = teams_refreshed_since(session, week, taken)
    return [team for team in followed_teams(session, _followed_since(week)) if team not in done]


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


def weekly_snapshot(services: Services, now: datetime, budget: float = TICK_BUDGET) -> None:
    """Sweep: take last week's snapshot once, the followed teams a slice at a time (two cheap lookups once done).

    The organisation's figures commit first; then slices of :data:`TEAM_SLICE` teams, each its
    own transaction, until every followed team is refreshed or ``budget`` seconds have gone (the
    next tick resumes). Each slice's time goes to the ``cno_sweep_slice_seconds`` metric.
    """
    week = last_complete_week(now, services)
    network: WeekNetwork | None = None
    with services.uow() as uow:
        row = org_snapshot(uow.session, week)
        if row is None:
            started = time.monotonic()
            network = week_network(uow.session, week)
            row, _ = _add_org_snapshot(uow.session, week, network, now)
            uow.commit()
            SWEEP_SLICES.labels(sweep="weekly_snapshot").observe(time.monotonic() - started)
        taken = row.taken_at
    started, budget = time.monotonic(), ticks.budget(budget)
    while True:
        slice_started = time.monotonic()
        with services.uow() as uow:
            teams = teams_to_refresh(uow.session, week, taken)[:TEAM_SLICE]
            if not teams:
                return
            network = network or week_network(uow.session, week)
            _refresh_teams(uow.session, week, network, teams, now)
            uow.commit()
        SWEEP_SLICES.labels(sweep="weekly_snapshot").observe(time.monotonic() - slice_started)
        if time.monotonic() - started >= budget:
            return
