"""The weekly snapshot sweep: the organisation's figures once, the followed teams in slices, resumed after a crash."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.use_cases.reports import snapshots
from storage.models import OrgSnapshot, Person, TeamSnapshot
from storage.models.base import utcnow
from storage.reach import iso_week, week_start
from tests.support.sweeps import Killed, dies_on_call, slices_timed

NOW = utcnow()
LAST_WEEK = iso_week(NOW.date() - timedelta(days=7))
FOLLOWED = [("Mara", "direct"), ("Mara", "all"), ("Ravi", "direct"), ("Kim", "direct"), ("Kim", "all")]


@pytest.fixture
def followed(services, org):
    """Five teams someone looked at a month ago: the sweep keeps their weekly snapshots."""
    month_ago = iso_week(NOW.date() - timedelta(weeks=4))
    with services.uow() as uow:
        for name, scope in FOLLOWED:
            uow.session.add(TeamSnapshot(week=month_ago, week_start=week_start(month_ago), manager_id=org[name],
                                         scope=scope, taken_at=NOW - timedelta(weeks=4)))
        uow.commit()
    return {(org[name], scope) for name, scope in FOLLOWED}


def last_weeks_teams(services) -> dict[tuple[int, str], tuple[int, int, int]]:
    with services.uow() as uow:
        rows = uow.session.scalars(select(TeamSnapshot).where(TeamSnapshot.week == LAST_WEEK)).all()
        return {(r.manager_id, r.scope): (r.team_size, r.first_degree, r.second_degree) for r in rows}


def counting(monkeypatch, name: str) -> list[int]:
    """Count the calls of ``snapshots.<name>`` (the work the sweep does)."""
    calls: list[int] = []
    real = getattr(snapshots, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(snapshots, name, counted)
    return calls


def test_a_crash_in_the_middle_of_the_teams_then_a_new_tick_refreshes_only_the_teams_left(
        services, org, followed, monkeypatch):
    monkeypatch.setattr(snapshots, "TEAM_SLICE", 2)
    with monkeypatch.context() as dying:
        org_figures = counting(dying, "week_figures")
        dying.setattr(snapshots, "team_reach", dies_on_call(snapshots.team_reach, 3))  # first of the second slice
        with pytest.raises(Killed):
            snapshots.weekly_snapshot(services, NOW)
    assert len(org_figures) == 1
    assert len(last_weeks_teams(services)) == 2  # the first slice was kept, the second rolled back

    org_figures = counting(monkeypatch, "week_figures")
    teams = counting(monkeypatch, "team_reach")
    snapshots.weekly_snapshot(services, NOW + timedelta(minutes=1))  # the next tick, after a restart
    assert (len(org_figures), len(teams)) == (0, 3)  # nothing done twice
    snapshots.weekly_snapshot(services, NOW + timedelta(minutes=2))
    assert (len(org_figures), len(teams)) == (0, 3)  # and once everything is done, nothing more

    stored = last_weeks_teams(services)
    assert set(stored) == followed
    assert stored[(org["Mara"], "direct")] == (5, 5, 4)  # hand-checked in conftest
    with services.uow() as uow:
        assert len(uow.session.scalars(select(OrgSnapshot)).all()) == 1


def test_a_team_looked_at_during_the_week_is_refreshed_as_of_its_sunday(services, org, followed):
    with services.uow() as uow:  # someone opened /team-reach for Mara's team last Wednesday
        uow.session.add(TeamSnapshot(week=LAST_WEEK, week_start=week_start(LAST_WEEK), manager_id=org["Mara"],
                                     scope="direct", team_size=5, first_degree=1, second_degree=1,
                                     taken_at=NOW - timedelta(days=5)))
        uow.commit()
    snapshots.weekly_snapshot(services, NOW)
    assert last_weeks_teams(services)[(org["Mara"], "direct")] == (5, 5, 4)


def test_each_slice_of_the_snapshot_sweep_is_timed_in_the_metrics(services, org, followed, monkeypatch):
    monkeypatch.setattr(snapshots, "TEAM_SLICE", 2)
    before = slices_timed("weekly_snapshot")
    snapshots.weekly_snapshot(services, NOW)
    assert slices_timed("weekly_snapshot") - before == 1 + 3  # the organisation's figures, then teams by 2, 2 and 1


def test_a_followed_team_whose_manager_left_does_not_keep_the_sweep_reloading_the_network(
        services, org, followed, monkeypatch):
    with services.uow() as uow:
        uow.session.get(Person, org["Kim"]).active = False  # Kim left; her teams were followed
        uow.commit()
    snapshots.weekly_snapshot(services, NOW)
    loads = counting(monkeypatch, "week_network")
    snapshots.weekly_snapshot(services, NOW + timedelta(minutes=1))
    assert loads == []  # every team there is to refresh was: the next ticks only look
    assert set(last_weeks_teams(services)) == followed - {(org["Kim"], "direct"), (org["Kim"], "all")}
