"""When rounds happen: the CNO's cadence, day and hour as an APScheduler rule, and round periods.

A round's *period* is the ISO week of its day in the CNO's time zone (``2026-W48``);
the database keeps it unique, so a period never gets two rounds. Weekly and monthly
cadences are exact cron rules (monthly: the first chosen weekday of the month); an
every-two-weeks cadence fires weekly and keeps the even weeks counted from
:data:`BIWEEKLY_ANCHOR`, which a cron rule on ISO week numbers cannot do across
53-week years.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.errors import UsageError
from storage.models.rounds import CADENCES, WEEKDAYS

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

BIWEEKLY_ANCHOR = date(2024, 1, 1)  # a Monday: weeks 0, 2, 4… from here have a biweekly round
#: How late a round may still run after its time (the app was down): the scheduler's misfire grace, and the
#: window in which the round job still makes the round it missed.
MISFIRE_GRACE = timedelta(hours=6)
PERIOD = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class Schedule:
    """The round schedule: cadence, weekday and hour in ``timezone``."""

    cadence: str = "weekly"
    weekday: str = "mon"
    hour: int = 9
    timezone: str = "UTC"

    def __post_init__(self) -> None:
        if self.cadence not in CADENCES:
            raise UsageError(f"cadence must be one of {', '.join(CADENCES)}, not {self.cadence!r}")
        if self.weekday not in WEEKDAYS:
            raise UsageError(f"day must be one of {', '.join(WEEKDAYS)}, not {self.weekday!r}")
        if not 0 <= self.hour <= 23:
            raise UsageError(f"hour must be between 0 and 23, not {self.hour!r}")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def trigger(self) -> CronTrigger:
        """The APScheduler rule that fires at each (candidate) round time (made once per schedule)."""
        return _trigger(self)

    def has_round_on(self, day: date) -> bool:
        """Whether a round falls on ``day`` (a day the trigger fires on)."""
        if self.cadence == "biweekly":
            return ((day - BIWEEKLY_ANCHOR).days // 7) % 2 == 0
        return True

    def round_times(self, after: datetime) -> Iterator[datetime]:
        """Round times strictly after ``after``, in order (aware, in the schedule's zone)."""
        trigger, previous = self.trigger(), None
        now = after + timedelta(seconds=1)
        while True:
            fire = trigger.get_next_fire_time(previous, now)
            if fire is None:
                return
            if self.has_round_on(fire.date()):
                yield fire
            previous, now = fire, fire + timedelta(seconds=1)

    def next_round_at(self, after: datetime) -> datetime:
        return next(self.round_times(after))

    def last_round_at(self, now: datetime, within: timedelta) -> datetime | None:
        """The latest round time in ``(now - within, now]``, if any."""
        last = None
        for fire in self.round_times(now - within - timedelta(seconds=1)):
            if fire > now:
                break
            last = fire
        return last

    def describe(self) -> str:
        day = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
               "sat": "Saturday", "sun": "Sunday"}[self.weekday]
        when = {"weekly": f"every {day}", "biweekly": f"every other {day}",
                "monthly": f"the first {day} of each month"}[self.cadence]
        return f"{when} at {self.hour:02d}:00 ({self.timezone})"


@lru_cache(maxsize=64)
def _trigger(schedule: Schedule) -> CronTrigger:
    """A schedule's rule: every App Home and `/networking status` asks for the next round time."""
    from apscheduler.triggers.cron import CronTrigger  # only the scheduler needs APScheduler loaded

    if schedule.cadence == "monthly":
        return CronTrigger(day=f"1st {schedule.weekday}", hour=schedule.hour, minute=0, timezone=schedule.zone)
    return CronTrigger(day_of_week=schedule.weekday, hour=schedule.hour, minute=0, timezone=schedule.zone)


def period_of(day: date) -> str:
    """The period key of a round on ``day``: its ISO week, e.g. ``2026-W48``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_period(text: str, weekday: str = "mon") -> date:
    """The day of the round for a period key (``2026-W48`` → that week's ``weekday``)."""
    match = PERIOD.match(text.strip())
    if not match:
        raise UsageError(f"week must look like 2026-W48, not {text!r}")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), WEEKDAYS.index(weekday) + 1)
    except ValueError:
        raise UsageError(f"{text!r} is not a week of that year") from None
