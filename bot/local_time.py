"""Local send times: intros arrive at a person's own morning, never at 3 a.m. or on their weekend."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.time_zones import zone_of

__all__ = ["group_send_time", "in_working_hours", "local_send_time", "local_today", "next_working_moment", "zone_of"]

WORK_START, WORK_END = 9, 17


def local_today(name: str | None, now: datetime) -> date:
    """The calendar day it is at ``now`` in zone ``name`` (UTC when it is unknown)."""
    return now.astimezone(zone_of(name)).date()


def _working_window(hour: int) -> tuple[float, float]:
    return min(WORK_START, hour), max(WORK_END, hour + 1)


def in_working_hours(zone: ZoneInfo, moment: datetime, hour: int = WORK_START) -> bool:
    """Whether ``moment`` falls in the person's working day (weekdays, 09:00–17:00 local)."""
    local = moment.astimezone(zone)
    start, end = _working_window(hour)
    clock = local.hour + local.minute / 60
    return local.weekday() < 5 and start <= clock < end


def working_day_end(zones: Sequence[ZoneInfo], moment: datetime, hour: int = WORK_START) -> datetime:
    """When the first of these people's working day ends, on the day ``moment`` falls in for each
    (at least a minute after ``moment``: a group sent outside someone's hours still gets a slot)."""
    end_hour = _working_window(hour)[1]
    ends = [datetime.combine(moment.astimezone(zone).date(), time(int(end_hour)), zone).astimezone(UTC)
            for zone in zones]
    return max(min(ends), moment + timedelta(minutes=1))


def next_working_moment(zone: ZoneInfo, now: datetime, hour: int = WORK_START) -> datetime:
    """``now`` if it is working hours for the person, else their next weekday at ``hour``."""
    if in_working_hours(zone, now, hour):
        return now.astimezone(UTC)
    local = now.astimezone(zone)
    candidate = datetime.combine(local.date(), time(hour), zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), time(hour), zone)
    while candidate.weekday() >= 5:
        candidate = datetime.combine(candidate.date() + timedelta(days=1), time(hour), zone)
    return candidate.astimezone(UTC)


def local_send_time(zone: ZoneInfo, day: date, hour: int, now: datetime) -> datetime:
    """``hour`` o'clock on ``day`` where the person is (the next weekday if ``day`` is on their
    weekend); if that moment has passed, the next moment within their working hours."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    moment = datetime.combine(day, time(hour), zone).astimezone(UTC)
    if moment >= now:
        return moment
    return next_working_moment(zone, now, hour)


def group_send_time(zones: Sequence[ZoneInfo], day: date, hour: int, now: datetime) -> datetime:
    """When a group DM goes out: the earliest member's local ``hour`` that is within working hours
    for everyone in the group, or else the earliest member's local hour."""
    candidates = sorted(local_send_time(zone, day, hour, now) for zone in zones)
    for moment in candidates:
        if all(in_working_hours(zone, moment, hour) for zone in zones):
            return moment
    return candidates[0]
