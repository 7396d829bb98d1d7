"""The CNO's round settings: read with defaults, change with validation."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.errors import UsageError
from bot.round_schedule import Schedule
from storage.models.rounds import RoundSettings

LIMITS = {
    "follow_up_days": (1, 30),
    "preview_lead_hours": (1, 24 * 6),
    "quiet_threshold": (1, 52),
    "local_send_hour": (0, 23),
    "hour": (0, 23),
}


def load_round_settings(session: Session) -> RoundSettings:
    """The stored settings (detached: a plain value), or the defaults when none are stored."""
    row = session.get(RoundSettings, 1)
    if row is None:
        return RoundSettings.defaults()
    session.expunge(row)
    return row


def schedule_of(row: RoundSettings, timezone: str) -> Schedule:
    return Schedule(cadence=row.cadence, weekday=row.weekday, hour=row.hour, timezone=timezone)


def update_round_settings(session: Session, timezone: str, **changes: Any) -> RoundSettings:
    """Change some settings (None values are left alone); raises UsageError naming a bad value."""
    row = session.get(RoundSettings, 1)
    if row is None:
        row = RoundSettings.defaults()
        session.add(row)
    for name, value in changes.items():
        if value is None:
            continue
        if not hasattr(RoundSettings, name) or name in ("id", "updated_at"):
            raise UsageError(f"unknown round setting {name!r}")
        if name in LIMITS:
            low, high = LIMITS[name]
            if not isinstance(value, int) or not low <= value <= high:
                raise UsageError(f"{name.replace('_', ' ')} must be a whole number from {low} to {high}, not {value!r}")
        setattr(row, name, value)
    schedule_of(row, timezone)  # validates cadence, weekday and hour
    session.flush()
    return row
