"""A person's own controls: pause, resume, opt out, opt in and preferences.

Each returns what changed and the person's real state after it, whether they clicked
or typed it; the words are ``message_templates/people/*_text.j2``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.bootstrap import Services
from bot.errors import UsageError
from bot.use_cases.people.participation import Participation, participation, person_by_slack, today_for
from bot.use_cases.rounds.quiet import end_quiet_pause
from bot.use_cases.rounds.withdrawal import withdraw_from_unsent_intros
from matching.rules import NOT_OPTED_IN, PAUSED
from message_templates import render_text
from storage.models.people import PREFERENCE_DEFAULTS, preference

DURATION = re.compile(r"^(\d{1,3})\s*(d|day|days|w|wk|week|weeks|m|month|months)$")
MAX_PAUSE = timedelta(days=366)
FREQUENCIES = ("weekly", "biweekly", "monthly")


@dataclass(frozen=True)
class Paused:
    """Paused until ``until``; ``withdrawn``: an intro made ahead and not sent yet was withdrawn."""

    until: date
    withdrawn: bool


@dataclass(frozen=True)
class Resumed:
    """``was_paused``: there was a pause (their own or a quiet one) to end; ``now``: their state after it."""

    was_paused: bool
    now: Participation


@dataclass(frozen=True)
class OptedOut:
    """``changed``: they were opted in; ``withdrawn``: an intro made ahead and not sent yet was withdrawn."""

    changed: bool
    withdrawn: bool


@dataclass(frozen=True)
class OptedIn:
    """``changed``: they were opted out; ``now``: their state after it (still paused, perhaps)."""

    changed: bool
    now: Participation


def _refused(problem: str, text: str = "", until: date | None = None) -> UsageError:
    return UsageError(render_text("people/pause_refused_text", problem=problem, text=text, until=until))


def parse_pause(text: str, today: date) -> date:
    """The day intros resume: ``2w`` → in two weeks, ``10d`` → in ten days, or a date after today."""
    text = text.strip().lower()
    match = DURATION.match(text)
    if match:
        n, unit = int(match[1]), match[2][0]
        days = {"d": n, "w": 7 * n, "m": 30 * n}[unit]
        if days < 1:
            raise _refused("too_short")
        until = today + timedelta(days=days)
    else:
        try:
            until = date.fromisoformat(text)
        except ValueError:
            raise _refused("unreadable", text=text) from None
        if until <= today:
            raise _refused("past", until=until)
    if until - today > MAX_PAUSE:
        raise _refused("too_long")
    return until


def pause(services: Services, slack_id: str, text: str, now: datetime) -> Paused:
    """Pause until a day (``2w``, ``10d`` or a date); raises UsageError for anything else."""
    if not text.strip():
        raise _refused("missing")
    with services.uow() as uow:
        person = person_by_slack(uow.session, slack_id)
        until = parse_pause(text, today_for(person, now))
        person.paused_until = until
        reason = render_text("people/withdrawn_reason_text", why="paused", until=until)
        withdrawn = withdraw_from_unsent_intros(uow.session, person.id, now, code=PAUSED, reason=reason, until=until)
        uow.commit()
        return Paused(until, bool(withdrawn))


def resume(services: Services, slack_id: str, now: datetime) -> Resumed:
    """End a pause (one's own or a quiet pause)."""
    with services.uow() as uow:
        person = person_by_slack(uow.session, slack_id)
        was_paused = person.paused_until is not None and person.paused_until > today_for(person, now)
        person.paused_until = None
        was_quiet = end_quiet_pause(uow.session, person.id, now)
        uow.commit()
        return Resumed(was_paused or was_quiet, participation(uow.session, person, now))


def opt_in(services: Services, slack_id: str, now: datetime) -> OptedIn:
    """Opt in to intros again."""
    with services.uow() as uow:
        person = person_by_slack(uow.session, slack_id)
        changed = not person.opted_in
        person.opted_in = True
        uow.commit()
        return OptedIn(changed, participation(uow.session, person, now))


def opt_out(services: Services, slack_id: str, now: datetime) -> OptedOut:
    """Opt out of intros; an intro made ahead and not sent yet is withdrawn."""
    with services.uow() as uow:
        person = person_by_slack(uow.session, slack_id)
        changed = person.opted_in
        person.opted_in = False
        reason = render_text("people/withdrawn_reason_text", why="opted_out", until=None)
        withdrawn = withdraw_from_unsent_intros(uow.session, person.id, now, code=NOT_OPTED_IN, reason=reason)
        uow.commit()
        return OptedOut(changed, bool(withdrawn))


def current_prefs(services: Services, slack_id: str) -> dict[str, Any]:
    """The person's preferences (defaults filled in) and interests, for the modal."""
    with services.uow() as uow:
        person = person_by_slack(uow.session, slack_id)
        prefs = {key: preference(person, key) for key in PREFERENCE_DEFAULTS}
        if prefs["frequency"] not in FREQUENCIES:
            prefs["frequency"] = "weekly"
        for key in ("mentor_capacity", "sponsor_capacity"):
            try:
                prefs[key] = max(0, min(int(prefs[key]), 10))
            except (TypeError, ValueError):
                prefs[key] = PREFERENCE_DEFAULTS[key]
        prefs["interests"] = list(person.interests or [])
        return prefs


def save_prefs(services: Services, slack_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Store the modal's answers; raises UsageError naming a bad one."""
    frequency = changes.get("frequency", "weekly")
    if frequency not in FREQUENCIES:
        raise UsageError(f"frequency must be one of {', '.join(FREQUENCIES)}")
    for key in ("mentor_capacity", "sponsor_capacity"):
        value = changes.get(key)
        if value is not None and not (isinstance(value, int) and 0 <= value <= 10):
            raise UsageError(f"{key.replace('_', ' ')} must be a number from 0 to 10")
    with services.uow() as uow:
        person = person_by_slack(uow.session, slack_id)
        prefs = dict(person.preferences or {})
        for key, value in changes.items():
            if key == "interests":
                person.interests = [v for v in value if v][:20]
            elif key in PREFERENCE_DEFAULTS and value is not None:
                prefs[key] = value
        person.preferences = prefs
        uow.commit()
        return prefs
