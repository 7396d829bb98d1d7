"""The CNO's event modal: built from the people in the database, read back and checked on submit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.use_cases.events.audience import Audience, Choices
from bot.use_cases.events.schedule import EventDraft
from bot.use_cases.events.wording import duration_text
from message_templates import render_text, render_view

CREATE_CALLBACK, EDIT_CALLBACK = "cno_event_create", "cno_event_edit"
AUDIENCE_ACTION = re.compile(r"^event_audience_(functions|regions|levels|teams|lowest|count)$")
DURATIONS = (15, 30, 45, 60, 90, 120, 180, 240, 480)
MAX_STATIC_OPTIONS = 100


@dataclass
class FormValues:
    """The modal's fields as typed, unchecked (what is shown again when the view is redrawn)."""

    title: str = ""
    description: str = ""
    day: str | None = None  # YYYY-MM-DD
    at: str | None = None  # HH:MM
    timezone: str = "UTC"
    duration: int = 60
    place: str = ""
    capacity: str = ""
    audience: Audience = field(default_factory=Audience)

    @classmethod
    def of(cls, draft: EventDraft) -> FormValues:
        local = draft.starts_at.astimezone(ZoneInfo(draft.timezone))
        return cls(draft.title, draft.description, local.date().isoformat(), f"{local:%H:%M}", draft.timezone,
                   draft.duration_minutes, draft.place, "" if draft.capacity is None else str(draft.capacity),
                   draft.audience)


def build_view(
    callback_id: str, values: FormValues, choices: Choices, count: int, private_metadata: str = ""
) -> dict[str, Any]:
    """The modal (message_templates/events/form_modal), with ``values`` filled in and the audience's size."""
    return render_view(
        "events/form_modal", callback_id=callback_id, create=callback_id == CREATE_CALLBACK, values=values,
        private_metadata=private_metadata, audience=values.audience, count=count, max_static=MAX_STATIC_OPTIONS,
        offered={"functions": choices.functions, "regions": choices.regions, "levels": choices.levels,
                 "teams": choices.teams},
        durations=[(minutes, duration_text(minutes)) for minutes in DURATIONS],
    )


def _state(state: dict[str, Any], block_id: str, action_id: str = "value") -> dict[str, Any]:
    return (state.get(block_id) or {}).get(action_id) or {}


def _selected(entry: dict[str, Any]) -> list[str]:
    return [o["value"] for o in entry.get("selected_options") or []]


def read_values(state: dict[str, Any]) -> FormValues:
    """The modal's ``state.values``, as typed."""
    duration = (_state(state, "duration").get("selected_option") or {}).get("value") or "60"
    levels = [int(v) for v in _selected(_state(state, "audience_levels", "event_audience_levels")) if v.isdigit()]
    return FormValues(
        title=(_state(state, "title").get("value") or "").strip(),
        description=(_state(state, "description").get("value") or "").strip(),
        day=_state(state, "date").get("selected_date"),
        at=_state(state, "time").get("selected_time"),
        timezone=(_state(state, "timezone").get("value") or "").strip(),
        duration=int(duration) if duration.isdigit() else 60,
        place=(_state(state, "place").get("value") or "").strip(),
        capacity=(_state(state, "capacity").get("value") or "").strip(),
        audience=Audience(
            functions=tuple(_selected(_state(state, "audience_functions", "event_audience_functions"))),
            regions=tuple(_selected(_state(state, "audience_regions", "event_audience_regions"))),
            levels=tuple(levels),
            teams=tuple(_selected(_state(state, "audience_teams", "event_audience_teams"))),
            lowest_reach=bool(_selected(_state(state, "audience_lowest", "event_audience_lowest"))),
        ),
    )


def _error(field: str, problem: str = "", **ctx: Any) -> str:
    return render_text("events/form_error.txt", field=field, problem=problem, **ctx)


def check(values: FormValues, now: datetime) -> tuple[EventDraft | None, dict[str, str]]:
    """The draft, or the errors to show next to each field (block id → message)."""
    errors: dict[str, str] = {}
    if not values.title:
        errors["title"] = _error("title")
    if not values.place:
        errors["place"] = _error("place")
    zone: ZoneInfo | None = None
    try:
        zone = ZoneInfo(values.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = _error("timezone", quoted=repr(values.timezone or "This"))
    if values.duration not in DURATIONS:
        errors["duration"] = _error("duration")
    capacity: int | None = None
    if values.capacity:
        if not values.capacity.isdigit() or int(values.capacity) < 1:
            errors["capacity"] = _error("capacity")
        else:
            capacity = int(values.capacity)
    starts_at: datetime | None = None
    if not values.day:
        errors["date"] = _error("date")
    if not values.at:
        errors["time"] = _error("time")
    if values.day and values.at and zone is not None:
        naive = datetime.combine(date.fromisoformat(values.day), time.fromisoformat(values.at))
        local = naive.replace(tzinfo=zone)
        if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
            errors["time"] = _error("time", problem="skipped", at=values.at, zone=zone.key)
        elif local <= now + timedelta(minutes=5):
            errors["date"] = _error("date", problem="past")
        else:
            starts_at = local.astimezone(UTC)
    if errors or starts_at is None:
        return None, errors
    return EventDraft(values.title, values.description, starts_at, values.timezone, values.duration, values.place,
                      capacity, values.audience), errors


def audience_error_block(state: dict[str, Any]) -> str:
    """Where to show "nobody is in this audience": the first audience field the modal has."""
    for block_id in ("audience_functions", "audience_regions", "audience_levels", "audience_teams"):
        if block_id in state:
            return block_id
    return "audience_lowest"
