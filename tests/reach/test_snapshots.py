from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from bot.jobs import run_due
from bot.use_cases.reports.snapshots import take_snapshot
from storage.models import Interaction, OrgSnapshot, Person, TeamSnapshot
from storage.models.base import utcnow
from storage.reach import iso_week, week_start

LAST_WEEK = iso_week(utcnow().date() - timedelta(days=7))


@pytest.fixture
def new_tie_last_week(services, org):
    """Remy (Sales, EMEA) met Leo (Legal, EMEA) on the Wednesday of last week."""
    with services.uow() as uow:
        low, high = Interaction.ordered(org["Remy"], org["Leo"])
        uow.session.add(Interaction(a_id=low, b_id=high, kind="intro",
                                    occurred_on=week_start(LAST_WEEK) + timedelta(days=2)))
        uow.commit()


def snapshots(services):
    with services.uow() as uow:
        return [(s.week, s.people, s.ties, s.new_ties) for s in uow.session.scalars(select(OrgSnapshot))]


def test_the_sweep_takes_last_weeks_snapshot_once(services, new_tie_last_week):
    run_due(services, utcnow())
    run_due(services, utcnow() + timedelta(minutes=1))
    assert snapshots(services) == [(LAST_WEEK, 15, 15, 1)]


def test_the_snapshot_holds_hand_checked_shares_and_silo_figures(services, new_tie_last_week):
    run_due(services, utcnow())
    with services.uow() as uow:
        s = uow.session.scalar(select(OrgSnapshot))
        assert (s.cross_function_share, s.cross_region_share) == (round(8 / 15, 4), round(7 / 15, 4))
        assert (s.new_cross_function_share, s.new_cross_region_share) == (1.0, 0.0)
        # Sales has 8 people; IT (4), Legal (2) and HR (1) are pooled, as are AMER (4) and APAC (2).
        assert s.figures["ei_function"] == {"Sales": round(3 / 9, 4), "Smaller groups": 0.0, "__org__": -0.2}
        assert s.figures["ei_region"] == {"EMEA": round(1 / 13, 4), "Smaller groups": round(5 / 9, 4),
                                          "__org__": round(-1 / 15, 4)}
        assert {a for a, _, _ in s.figures["density_function"]} == {"Sales", "Smaller groups"}
        assert s.figures["reach"]["people"] == 15


def test_snapshots_name_nobody_and_survive_people_leaving(services, org, running_app, new_tie_last_week):
    running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="C42")
    with services.uow() as uow:
        take_snapshot(uow.session, LAST_WEEK)
        uow.commit()
    with services.uow() as uow:
        uow.session.execute(delete(Person).where(Person.id == org["Mara"]))
        uow.commit()
    with services.uow() as uow:
        org_row = uow.session.scalar(select(OrgSnapshot))
        assert (org_row.people, org_row.ties) == (15, 15)
        assert not [name for name in ("Mara", "Ravi", "Kim", "acme.test") if name in str(org_row.figures)]
        teams = uow.session.scalars(select(TeamSnapshot)).all()
        assert len(teams) == 2  # this week's (from the command) and last week's (from the snapshot)
        assert {t.manager_id for t in teams} == {None}
        assert {(t.team_size, t.first_degree) for t in teams} == {(5, 6)}  # Leo, met last week, too


def test_taking_a_snapshot_twice_keeps_the_first(services, org):
    with services.uow() as uow:
        first = take_snapshot(uow.session, LAST_WEEK).id
        uow.commit()
    with services.uow() as uow:
        assert take_snapshot(uow.session, LAST_WEEK).id == first
        assert uow.session.scalar(select(func.count(OrgSnapshot.id))) == 1
