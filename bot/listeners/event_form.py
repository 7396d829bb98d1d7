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
from message_templates import mrkdwn

CREATE_CALLBACK, EDIT_CALLBACK = "cno_event_create", "cno_event_edit"
AUDIENCE_ACTION = re.compile(r"^event_audience_(functions|regions|levels|teams|lowest|count)$")
DURATIONS = (15, 30, 45, 60, 90, 120, 180, 240, 480)
MAX_STATIC_OPTIONS = 100
DIMENSIONS = (("functions", "Functions"), ("regions", "Regions"), ("levels", "Levels"), ("teams", "Teams"))
#: The audience line names this many values a filter (each cut to this length), then "and N more":
#: it stays within Slack's 3,000 characters a section however many teams are chosen.
COUNT_LINE_VALUES, COUNT_LINE_VALUE_LENGTH = 3, 40

Block = dict[str, Any]


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


def _text(label: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": label, "emoji": True}


def _option(value: Any) -> dict[str, Any]:
    label = str(value) if not isinstance(value, int) else f"Level {value}"
    return {"text": _text(label[:75]), "value": str(value)[:150]}


def _input(block_id: str, label: str, element: Block, optional: bool = False, dispatch: bool = False) -> Block:
    block = {"type": "input", "block_id": block_id, "label": _text(label), "element": element, "optional": optional}
    if dispatch:
        block["dispatch_action"] = True
    return block


def _audience_select(dimension: str, label: str, values: list[Any], chosen: tuple[Any, ...]) -> Block:
    action_id = f"event_audience_{dimension}"
    element: Block = {"action_id": action_id, "placeholder": _text(f"Any {label.lower()}")}
    # A saved value nobody has any more (a renamed function) stays offered, so the saved audience
    # shows as it is and Slack accepts it: Slack refuses initial options that are not among the options.
    values = [*values, *(v for v in chosen if v not in values)]
    if len(values) > MAX_STATIC_OPTIONS:
        element.update(type="multi_external_select", min_query_length=0)
    else:
        element.update(type="multi_static_select", options=[_option(v) for v in values])
    if chosen:
        element["initial_options"] = [_option(v) for v in chosen]
    return _input(f"audience_{dimension}", label, element, optional=True, dispatch=True)


def count_text(audience: Audience, count: int) -> str:
    people = "1 person" if count == 1 else f"{count} people"
    described = mrkdwn(audience.describe(most=COUNT_LINE_VALUES, longest=COUNT_LINE_VALUE_LENGTH))
    return f":busts_in_silhouette: *Audience:* {described} — *{people}* will get the invitation."


def build_view(
    callback_id: str, values: FormValues, choices: Choices, count: int, private_metadata: str = ""
) -> dict[str, Any]:
    """The modal, with ``values`` filled in and the audience's size."""
    blocks: list[Block] = [
        _input("title", "Title", {"type": "plain_text_input", "action_id": "value", "max_length": 150,
                                  **({"initial_value": values.title} if values.title else {})}),
        _input("description", "Description", {"type": "plain_text_input", "action_id": "value", "multiline": True,
                                              "max_length": 2500,
                                              **({"initial_value": values.description} if values.description else {})},
               optional=True),
        _input("date", "Date", {"type": "datepicker", "action_id": "value",
                                **({"initial_date": values.day} if values.day else {})}),
        _input("time", "Start time", {"type": "timepicker", "action_id": "value",
                                      **({"initial_time": values.at} if values.at else {})}),
        _input("timezone", "Time zone", {"type": "plain_text_input", "action_id": "value",
                                         "initial_value": values.timezone,
                                         "placeholder": _text("e.g. Europe/Paris")}),
        _input("duration", "Duration", {
            "type": "static_select", "action_id": "value",
            "options": [{"text": _text(duration_text(m)), "value": str(m)} for m in DURATIONS],
            **({"initial_option": {"text": _text(duration_text(values.duration)), "value": str(values.duration)}}
               if values.duration in DURATIONS else {}),
        }),
        _input("place", "Place or link", {"type": "plain_text_input", "action_id": "value", "max_length": 500,
                                          **({"initial_value": values.place} if values.place else {})}),
        _input("capacity", "Places (leave empty for no limit)", {
            "type": "number_input", "action_id": "value", "is_decimal_allowed": False, "min_value": "1",
            **({"initial_value": values.capacity} if values.capacity else {}),
        }, optional=True),
        {"type": "divider"},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Who is it for?* Leave a filter empty for anyone; "
                                                               "filters of different kinds all apply."}},
    ]
    chosen = {"functions": values.audience.functions, "regions": values.audience.regions,
              "levels": values.audience.levels, "teams": values.audience.teams}
    offered = {"functions": choices.functions, "regions": choices.regions, "levels": choices.levels,
               "teams": choices.teams}
    for dimension, label in DIMENSIONS:
        if offered[dimension]:
            blocks.append(_audience_select(dimension, label, offered[dimension], chosen[dimension]))
    lowest = {"text": _text("Only the people with the lowest reach (bottom quarter)"), "value": "lowest_reach"}
    blocks.append(_input("audience_lowest", "Who needs it most", {
        "type": "checkboxes", "action_id": "event_audience_lowest", "options": [lowest],
        **({"initial_options": [lowest]} if values.audience.lowest_reach else {}),
    }, optional=True, dispatch=True))
    blocks.append({
        "type": "section", "block_id": "audience_count", "text": {"type": "mrkdwn", "text": count_text(
            values.audience, count)},
        "accessory": {"type": "button", "action_id": "event_audience_count", "text": _text("Count again")},
    })
    return {
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "title": _text("Networking event" if callback_id == CREATE_CALLBACK else "Change the event"),
        "submit": _text("Send invitations" if callback_id == CREATE_CALLBACK else "Save changes"),
        "close": _text("Cancel"),
        "blocks": blocks,
    }


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


def check(values: FormValues, now: datetime) -> tuple[EventDraft | None, dict[str, str]]:
    """The draft, or the errors to show next to each field (block id → message)."""
    errors: dict[str, str] = {}
    if not values.title:
        errors["title"] = "Give the event a title."
    if not values.place:
        errors["place"] = "Say where it happens: a room, an address or a video link."
    zone: ZoneInfo | None = None
    try:
        zone = ZoneInfo(values.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["timezone"] = f"{values.timezone or 'This'!r} is not a time zone I know; try e.g. Europe/Paris or UTC."
    if values.duration not in DURATIONS:
        errors["duration"] = "Pick a duration."
    capacity: int | None = None
    if values.capacity:
        if not values.capacity.isdigit() or int(values.capacity) < 1:
            errors["capacity"] = "Places must be a whole number, 1 or more (or empty for no limit)."
        else:
            capacity = int(values.capacity)
    starts_at: datetime | None = None
    if not values.day:
        errors["date"] = "Pick the day."
    if not values.at:
        errors["time"] = "Pick the start time."
    if values.day and values.at and zone is not None:
        naive = datetime.combine(date.fromisoformat(values.day), time.fromisoformat(values.at))
        local = naive.replace(tzinfo=zone)
        if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
            errors["time"] = f"{values.at} does not exist on that day in {zone.key} (the clocks change)."
        elif local <= now + timedelta(minutes=5):
            errors["date"] = "The event must start in the future."
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
