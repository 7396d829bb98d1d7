"""When a program's rounds happen: its cadence and day in the CNO's time zone; intros at each person's local hour.

A program's round belongs to a day. It is made up to :data:`PREPARE_AHEAD` before that
day starts (so everyone's intro can arrive at their own local hour on the day) and at
the latest :data:`LATE` after it started (the app was down). Its period is the ISO week
of the day and the program's id: ``2026-W49/p3``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.round_schedule import Schedule, period_of
from storage.models import Program

PREPARE_AHEAD = timedelta(hours=24)
LATE = timedelta(hours=12)


def program_schedule(program: Program, timezone: str) -> Schedule:
    """The program's rule: its cadence and weekday, at the start of the day in ``timezone``."""
    return Schedule(program.cadence, program.weekday, 0, timezone)


def next_program_day(program: Program, timezone: str, now: datetime) -> date:
    """The day of the program's next round not yet begun."""
    schedule = program_schedule(program, timezone)
    return schedule.next_round_at(now).astimezone(schedule.zone).date()


def due_day(program: Program, timezone: str, now: datetime) -> date | None:
    """The day whose round should be made now (within its window), or None."""
    schedule = program_schedule(program, timezone)
    start = schedule.next_round_at(now - LATE)
    if start - now > PREPARE_AHEAD:
        return None
    return start.astimezone(schedule.zone).date()


def send_time(program: Program, timezone: str, day: date) -> datetime:
    """The program's hour on ``day`` in ``timezone``: the round's nominal send time (approval expires then)."""
    schedule = program_schedule(program, timezone)
    return datetime.combine(day, time(program.local_hour), schedule.zone)


def program_period(program_id: int, day: date) -> str:
    """The period key of a program's round on ``day``.

    >>> program_period(3, date(2026, 11, 30))
    '2026-W49/p3'
    """
    return f"{period_of(day)}/p{program_id}"
