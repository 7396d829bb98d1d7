"""Stored time zone names as zones: the one place an empty or unknown name falls back to UTC."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC_ZONE = ZoneInfo("UTC")


@lru_cache(maxsize=1024)
def zone_of(name: str | None, fallback: str | None = None) -> ZoneInfo:
    """The zone called ``name``; else ``fallback``'s; else UTC (for an empty or unknown name).

    Kept: ``ZoneInfo`` itself holds only the last few zones strongly, and an organisation across a dozen
    zones would read their files again on every intro and every App Home.
    """
    for candidate in (name, fallback):
        if not candidate:
            continue
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return UTC_ZONE
