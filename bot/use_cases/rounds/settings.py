"""The CNO's round settings: read with defaults, change with validation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.bootstrap import Services
from bot.errors import UsageError
from bot.roles import require_cno
from bot.round_schedule import Schedule
from storage.models.rounds import RoundSettings
from storage.queries.rounds import round_settings, stored_round_settings
from storage.uow import Session

LIMITS = {
    "follow_up_days": (1, 30),
    "preview_lead_hours": (1, 24 * 6),
    "quiet_threshold": (1, 52),
    "local_send_hour": (0, 23),
    "hour": (0, 23),
}


def load_round_settings(session: Session) -> RoundSettings:
    """The stored settings (detached: a plain value), or the defaults when none are stored."""
    return round_settings(session)


def schedule_of(row: RoundSettings, timezone: str) -> Schedule:
    return Schedule(cadence=row.cadence, weekday=row.weekday, hour=row.hour, timezone=timezone)


def update_round_settings(session: Session, timezone: str, **changes: Any) -> RoundSettings:
    """Change some settings (None values are left alone); raises UsageError naming a bad value."""
    row = stored_round_settings(session)
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


@dataclass(frozen=True)
class RoundSchedule:
    """The round settings as they now stand, their schedule, and whether this call changed them."""

    settings: RoundSettings
    schedule: Schedule
    changed: bool


def round_schedule(services: Services, **changes: Any) -> RoundSchedule:
    """``cno round schedule``: change the settings given (None values are left alone), then show them."""
    tz = services.settings.timezone
    with services.uow() as uow:
        changed = any(v is not None for v in changes.values())
        if changed:
            update_round_settings(uow.session, tz, **changes)
            uow.commit()
        row = load_round_settings(uow.session)
        return RoundSchedule(row, schedule_of(row, tz), changed)


def schedule_form(services: Services, slack_id: str) -> dict[str, Any]:
    """What the CNO's schedule form shows: the settings and the time zone. Only for the CNO."""
    with services.uow() as uow:
        require_cno(uow.session, services.settings, slack_id, "Only the CNO can change the round schedule.")
        return {"r": load_round_settings(uow.session), "tz": services.settings.timezone}


def change_round_schedule(services: Services, slack_id: str, **changes: Any) -> RoundSettings:
    """The CNO's schedule form, submitted; raises NotAllowed for anyone else, UsageError naming a bad value."""
    with services.uow() as uow:
        require_cno(uow.session, services.settings, slack_id, "Only the CNO can change the round schedule.")
        row = update_round_settings(uow.session, services.settings.timezone, **changes)
        uow.commit()
        return row
