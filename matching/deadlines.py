"""Deadlines counted in working days, on the wall clock of the person who must answer."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = ["add_working_days"]

SATURDAY = 5


def add_working_days(start: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The moment ``days`` working days (Monday to Friday) after ``start``, in ``zone``.

    Parameters
    ----------
    start : datetime
        An aware datetime (any zone).
    days : int
        Working days to add; 0 or less gives ``start`` itself.
    zone : ZoneInfo
        The time zone whose calendar counts: a Saturday in Tokyo may be a Friday in New York.

    Returns
    -------
    datetime
        Aware, in ``zone``. On a working day, the same local time ``days`` working days
        later. Asked at the weekend, the count starts on Monday at midnight, so the person
        gets ``days`` whole working days.

    Raises
    ------
    ValueError
        If ``start`` is naive.

    Examples
    --------
    >>> from datetime import UTC
    >>> paris = ZoneInfo("Europe/Paris")
    >>> add_working_days(datetime(2026, 11, 25, 10, tzinfo=paris), 3, paris).isoformat()  # Wednesday
    '2026-11-30T10:00:00+01:00'
    >>> add_working_days(datetime(2026, 11, 28, 15, tzinfo=paris), 3, paris).isoformat()  # Saturday
    '2026-12-03T00:00:00+01:00'
    >>> add_working_days(datetime(2026, 11, 27, 23, tzinfo=UTC), 1, ZoneInfo("Asia/Tokyo")).isoformat()
    '2026-12-01T00:00:00+09:00'

    Notes
    -----
    Wall-clock arithmetic: across a daylight-saving change the deadline keeps its local
    time, so the elapsed hours differ by the change. Public holidays are not known.
    """
    if start.tzinfo is None:
        raise ValueError(f"naive datetime {start!r}: pass an aware datetime")
    local = start.astimezone(zone).replace(tzinfo=None)
    if days <= 0:
        return local.replace(tzinfo=zone)
    while local.weekday() >= SATURDAY:
        local = datetime.combine(local.date() + timedelta(days=1), time())
    left = days
    while left:
        local += timedelta(days=1)
        if local.weekday() < SATURDAY:
            left -= 1
    return local.replace(tzinfo=zone)
