"""The schedule's rules (tested without waiting on the clock) and the persistent job store."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.triggers.interval import IntervalTrigger

from bot.errors import UsageError
from bot.round_schedule import Schedule, parse_period, period_of
from bot.scheduler import ROUND_JOB_ID, job_store, make_scheduler, store_job, sync_round_job

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def test_the_default_round_is_monday_at_nine_in_the_cno_time_zone():
    trigger = Schedule(timezone="Europe/Paris").trigger()
    fire = trigger.get_next_fire_time(None, datetime(2026, 11, 25, 12, tzinfo=PARIS))
    assert fire == datetime(2026, 11, 30, 9, tzinfo=PARIS)


def test_a_round_exactly_at_the_start_time_fires_then():
    trigger = Schedule(timezone="UTC").trigger()
    start = datetime(2026, 11, 30, 9, tzinfo=UTC)
    assert trigger.get_next_fire_time(None, start) == start


def test_spring_forward_keeps_nine_o_clock_local():
    trigger = Schedule(timezone="Europe/Paris").trigger()
    before = trigger.get_next_fire_time(None, datetime(2026, 3, 21, tzinfo=PARIS))
    after = trigger.get_next_fire_time(None, datetime(2026, 3, 28, tzinfo=PARIS))  # clocks change on the 29th
    assert (before.astimezone(UTC).hour, after.astimezone(UTC).hour) == (8, 7)
    assert after.astimezone(PARIS).hour == 9


def test_fall_back_keeps_nine_o_clock_local():
    trigger = Schedule(timezone="America/New_York").trigger()
    fire = trigger.get_next_fire_time(None, datetime(2026, 10, 31, tzinfo=NEW_YORK))  # clocks change on Nov 1
    assert fire.astimezone(UTC) == datetime(2026, 11, 2, 14, tzinfo=UTC)


def test_a_round_at_an_hour_that_does_not_exist_that_day_still_happens():
    trigger = Schedule(weekday="sun", hour=2, timezone="Europe/Paris").trigger()
    fire = trigger.get_next_fire_time(None, datetime(2026, 3, 28, 12, tzinfo=PARIS))
    assert fire.date() in (date(2026, 3, 29), date(2026, 4, 5))


def test_every_other_week_alternates_even_across_a_53_week_year():
    schedule = Schedule(cadence="biweekly")
    times = schedule.round_times(datetime(2026, 11, 1, tzinfo=UTC))
    days = [next(times).date() for _ in range(8)]
    assert all((b - a).days == 14 for a, b in zip(days, days[1:], strict=False))
    assert any(d.year == 2027 for d in days)


def test_monthly_rounds_fall_on_the_first_chosen_weekday():
    schedule = Schedule(cadence="monthly", weekday="tue", hour=10)
    times = schedule.round_times(datetime(2026, 11, 5, tzinfo=UTC))
    assert [next(times).date() for _ in range(3)] == [date(2026, 12, 1), date(2027, 1, 5), date(2027, 2, 2)]


def test_the_last_round_time_is_found_only_within_the_window():
    schedule = Schedule()
    monday = datetime(2026, 11, 30, 9, tzinfo=UTC)
    assert schedule.last_round_at(monday + timedelta(hours=2), timedelta(hours=6)) == monday
    assert schedule.last_round_at(monday + timedelta(hours=7), timedelta(hours=6)) is None
    assert schedule.last_round_at(monday - timedelta(minutes=1), timedelta(hours=6)) is None


def test_periods_are_iso_weeks():
    assert period_of(date(2026, 11, 23)) == "2026-W48"
    assert period_of(date(2027, 1, 1)) == "2026-W53"
    assert parse_period("2026-W48") == date(2026, 11, 23)
    assert parse_period("2026-W48", "wed") == date(2026, 11, 25)


@pytest.mark.parametrize("bad", [dict(cadence="daily"), dict(weekday="monday"), dict(hour=24)])
def test_a_bad_schedule_is_refused_with_the_right_values(bad):
    with pytest.raises(UsageError, match="must be"):
        Schedule(**bad)


def test_a_bad_week_is_refused():
    with pytest.raises(UsageError, match="2026-W48"):
        parse_period("48")


# --- the persistent job store -------------------------------------------------------

RUNS: list[str] = []
RAN = threading.Event()


def record_run() -> None:
    """A job function the store can reference by name."""
    RUNS.append("ran")
    RAN.set()


def _scheduler_events(scheduler):
    seen: list[int] = []
    done = threading.Event()

    def listen(event):
        seen.append(event.code)
        done.set()

    scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED)
    return seen, done


def test_a_restart_resumes_the_stored_round_job(engine):
    first = make_scheduler(engine)
    first.start(paused=True)
    sync_round_job(first, Schedule(weekday="wed", hour=7))
    planned = first.get_job(ROUND_JOB_ID).next_run_time
    first.shutdown(wait=False)

    second = make_scheduler(engine)
    second.start(paused=True)
    try:
        sync_round_job(second, Schedule(weekday="wed", hour=7))  # same rule: left alone
        job = second.get_job(ROUND_JOB_ID)
        assert job.next_run_time == planned and job.next_run_time.weekday() == 2
        sync_round_job(second, Schedule(weekday="fri", hour=7))  # a new rule: rescheduled
        assert second.get_job(ROUND_JOB_ID).next_run_time.weekday() == 4
    finally:
        second.shutdown(wait=False)


def _store_a_missed_job(engine, missed_by: timedelta, every: timedelta = timedelta(weeks=1),
                        runs_missed: int = 1) -> None:
    # the process was down: the stored job's next run is in the past (maybe several runs were missed)
    first_missed = datetime.now(UTC) - missed_by - every * (runs_missed - 1)
    trigger = IntervalTrigger(seconds=int(every.total_seconds()))
    store_job(job_store(engine), "probe", "tests.rounds.test_schedule:record_run", trigger, next_run_time=first_missed)


def test_a_run_missed_while_down_runs_once_on_restart_within_the_grace_window(engine):
    RUNS.clear()
    RAN.clear()
    _store_a_missed_job(engine, timedelta(hours=2), every=timedelta(hours=2), runs_missed=3)
    restarted = make_scheduler(engine)
    seen, done = _scheduler_events(restarted)
    restarted.start()
    try:
        assert RAN.wait(10)
        assert done.wait(10)
    finally:
        restarted.shutdown(wait=True)
    assert RUNS == ["ran"]
    assert seen == [EVENT_JOB_EXECUTED]


def test_a_run_missed_beyond_the_grace_window_is_skipped(engine):
    RUNS.clear()
    _store_a_missed_job(engine, timedelta(hours=7))
    restarted = make_scheduler(engine)
    seen, done = _scheduler_events(restarted)
    restarted.start()
    try:
        assert done.wait(10)
    finally:
        restarted.shutdown(wait=True)
    assert RUNS == []
    assert seen == [EVENT_JOB_MISSED]


def test_the_app_s_scheduler_has_the_round_job_from_the_settings_and_a_one_minute_tick(rounds_on):
    from bot.scheduler import TICK_JOB_ID, start_scheduler, stop_scheduler
    from tests.rounds.conftest import set_round_settings

    set_round_settings(rounds_on, weekday="thu", hour=8)
    scheduler = start_scheduler(rounds_on)
    try:
        round_job = scheduler.get_job(ROUND_JOB_ID)
        assert round_job.func_ref == "bot.scheduler:scheduled_round"
        assert round_job.next_run_time.weekday() == 3 and round_job.next_run_time.hour == 8
        assert (round_job.coalesce, round_job.misfire_grace_time) == (True, 6 * 3600)
        tick = scheduler.get_job(TICK_JOB_ID)
        assert tick.func_ref == "bot.scheduler:tick" and tick.trigger.interval == timedelta(minutes=1)
    finally:
        stop_scheduler(scheduler)
    assert job_store(rounds_on.engine).lookup_job(ROUND_JOB_ID) is not None  # persisted for the next start
