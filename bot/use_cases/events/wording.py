"""How event times read to a person: in their own time zone, e.g. "Thursday 3 Dec, 14:00 (Europe/Paris)"."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_or(name: str | None, fallback: str = "UTC") -> ZoneInfo:
    """The zone called ``name``, or ``fallback`` when it is empty or unknown."""
    for candidate in (name, fallback, "UTC"):
        if not candidate:
            continue
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def when_text(at: datetime, zone: ZoneInfo) -> str:
    """``at`` as a person in ``zone`` reads it: "Thursday 3 Dec, 14:00 (Europe/Paris)"."""
    local = at.astimezone(zone)
    return f"{local:%A} {local.day} {local:%b}, {local:%H:%M} ({zone.key})"


def relative_day(at: datetime, now: datetime, zone: ZoneInfo) -> str:
    """"today", "tomorrow" or "on Thursday 3 Dec" for ``at`` seen from ``now`` in ``zone``."""
    day, today = at.astimezone(zone).date(), now.astimezone(zone).date()
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    local = at.astimezone(zone)
    return f"on {local:%A} {local.day} {local:%b}"


def duration_text(minutes: int) -> str:
    """"45 min", "1 h", "1 h 30", "3 h"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest:02d}"


def local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()
