"""Local send times: each intro arrives at the members' local hour on the round's day, never at night
or on their weekend."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from freezegun import freeze_time

from bot.jobs import run_due
from bot.local_time import group_send_time, local_send_time, zone_of
from tests.rounds.conftest import MONDAY_9, group_dms

TOKYO, LONDON, LOS_ANGELES, NEW_YORK = (zone_of(z) for z in (
    "Asia/Tokyo", "Europe/London", "America/Los_Angeles", "America/New_York"))
MONDAY = date(2026, 11, 30)
SUNDAY_10 = MONDAY_9 - timedelta(hours=23)


def test_intros_for_people_in_three_time_zones_go_out_at_their_local_hour(running_app, rounds_on, org, slack):
    for i, (tz, region) in enumerate([("Asia/Tokyo", "APAC"), ("Europe/London", "EMEA"),
                                      ("America/Los_Angeles", "AMER")]):
        org.add(f"a{i}@acme.test", "Sales", region, tz=tz)
        org.add(f"b{i}@acme.test", "Engineering", region, tz=tz)
    with freeze_time(SUNDAY_10):
        run_due(running_app.services)  # made the day before: everyone's 09:00 is still ahead

    def delivered_at(moment):
        with freeze_time(moment):
            running_app.deliver()
        return sorted(m["channel"] for m in group_dms(slack))

    tokyo_9 = datetime(2026, 11, 30, 0, tzinfo=UTC)  # Monday 09:00 in Tokyo
    assert delivered_at(tokyo_9 - timedelta(minutes=1)) == []
    assert delivered_at(tokyo_9) == ["GU001-U002"]
    assert delivered_at(MONDAY_9 - timedelta(minutes=1)) == ["GU001-U002"]
    assert delivered_at(MONDAY_9) == ["GU001-U002", "GU003-U004"]  # 09:00 in London
    la_9 = datetime(2026, 11, 30, 17, tzinfo=UTC)
    assert delivered_at(la_9 - timedelta(minutes=1)) == ["GU001-U002", "GU003-U004"]
    assert delivered_at(la_9) == ["GU001-U002", "GU003-U004", "GU005-U006"]


def test_a_mixed_group_goes_out_at_the_earliest_hour_that_is_working_time_for_everyone():
    # 09:00 in London is 04:00 in New York; 09:00 in New York is 14:00 in London: both at work
    moment = group_send_time([LONDON, NEW_YORK], MONDAY, 9, now=datetime(2026, 11, 29, tzinfo=UTC))
    assert moment == datetime(2026, 11, 30, 14, tzinfo=UTC)


def test_without_a_common_working_hour_the_earliest_member_s_hour_wins():
    moment = group_send_time([TOKYO, LOS_ANGELES], MONDAY, 9, now=datetime(2026, 11, 29, tzinfo=UTC))
    assert moment == datetime(2026, 11, 30, 0, tzinfo=UTC)


def test_never_on_their_weekend():
    sunday = date(2026, 11, 29)
    moment = local_send_time(TOKYO, sunday, 9, now=datetime(2026, 11, 27, tzinfo=UTC))
    assert moment.astimezone(TOKYO) == datetime(2026, 11, 30, 9, tzinfo=TOKYO)


def test_a_round_run_late_waits_for_the_next_working_morning_instead_of_arriving_at_night():
    afternoon_in_london = datetime(2026, 11, 30, 15, tzinfo=UTC)  # Tuesday 00:00 in Tokyo
    moment = local_send_time(TOKYO, MONDAY, 9, now=afternoon_in_london)
    assert moment.astimezone(TOKYO) == datetime(2026, 12, 1, 9, tzinfo=TOKYO)
    assert local_send_time(LONDON, MONDAY, 9, now=afternoon_in_london) == afternoon_in_london


def test_a_late_friday_run_waits_until_monday_morning():
    friday_evening = datetime(2026, 12, 4, 18, tzinfo=UTC)
    moment = local_send_time(LONDON, date(2026, 12, 4), 9, now=friday_evening)
    assert moment == datetime(2026, 12, 7, 9, tzinfo=UTC)
