"""How event times read to a person: in their own time zone, e.g. "Thursday 3 Dec, 14:00 (Europe/Paris)"."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class RelativeDay:
    """A moment's day seen from now in a zone: ``ahead`` is 0 for today, 1 for tomorrow, None for later.

    The words ("today", "tomorrow", "on Thursday 3 Dec") are the ``day_words`` macro of message_templates/events.
    """

    ahead: int | None
    local: datetime


def relative_day(at: datetime, now: datetime, zone: ZoneInfo) -> RelativeDay:
    """``at`` seen from ``now`` in ``zone``: today, tomorrow or a later day."""
    day, today = at.astimezone(zone).date(), now.astimezone(zone).date()
    ahead = {today: 0, today + timedelta(days=1): 1}.get(day)
    return RelativeDay(ahead, at.astimezone(zone))


def duration_text(minutes: int) -> str:
    """"45 min", "1 h", "1 h 30", "3 h"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest:02d}"


def local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()
