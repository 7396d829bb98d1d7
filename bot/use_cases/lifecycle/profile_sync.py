"""Custom profile fields for `cno sync-slack`: read one person at a time with ``users.profile.get``.

Slack returns custom profile fields (``profile.fields``) from ``users.profile.get`` only, never from
``users.list``, and that method is Tier 4: about 100 calls a minute. So the read is paced at
:data:`PACE` seconds a call (about 92 a minute), a 429 is waited out as ``Retry-After`` says, and
each person's read is committed with the time it was made (``people.profile_read_at``): a sync that
is stopped (Ctrl-C, a crash, a deploy) goes on where it stopped when run again, since profiles read
within :data:`FRESH` are not read again. 100,000 people take about 18 hours.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.errors import BotError
from message_templates import render_text
from storage.models import Person
from storage.queries.slack_profiles import people_due_a_profile_read, profiles_due_count

PACE = 0.65  # seconds between two users.profile.get calls: Tier 4 allows about 100 a minute
FRESH = timedelta(hours=24)  # a profile read this recently is not read again (so a stopped sync resumes)
BATCH = 200  # people looked up in the database at a time
MAX_RATE_LIMITED = 10  # consecutive 429 answers before giving up


@dataclass
class ProfileReport:
    """Profiles read, people changed by them, members Slack no longer knows, and profiles left to read."""

    read: int = 0
    updated: int = 0
    not_found: int = 0
    remaining: int = 0


def read_profile_fields(
    services: Services,
    fields: Mapping[str, str],
    valid: Callable[[str, str], Any],
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    limit: int | None = None,
) -> ProfileReport:
    """Read the mapped custom fields (``{attribute: field id}``) of everyone due, at most ``limit`` of them.

    ``valid(attribute, value)`` is the value to store, or None to keep the stored one.
    """
    report = ProfileReport()
    started = utcnow()
    last_call: float | None = None
    while limit is None or report.read + report.not_found < limit:
        with services.uow() as uow:
            due = people_due_a_profile_read(uow.session, started - FRESH, BATCH)
        if not due:
            break
        for person_id, slack_id in due:
            if limit is not None and report.read + report.not_found >= limit:
                break
            if last_call is not None and clock() - last_call < PACE:
                sleep(PACE - (clock() - last_call))
            profile = _profile(services, slack_id, sleep)
            last_call = clock()
            with services.uow() as uow:
                person = uow.session.get(Person, person_id)
                if person is None:
                    continue
                person.profile_read_at = utcnow()
                if profile is None:
                    report.not_found += 1
                else:
                    report.read += 1
                    report.updated += _apply(person, profile, fields, valid)
                uow.commit()
    with services.uow() as uow:
        report.remaining = profiles_due_count(uow.session, started - FRESH)
    return report


def _profile(services: Services, slack_id: str, sleep: Callable[[float], None]) -> dict[str, Any] | None:
    """The member's profile, or None when Slack does not know them; a 429 is waited out."""
    for _ in range(MAX_RATE_LIMITED + 1):
        try:
            response = services.slack.users_profile_get(user=slack_id)
        except SlackApiError as error:
            code = error.response.get("error") if error.response.data else None
            if error.response.status_code == 429:
                headers = error.response.headers
                sleep(float(headers.get("Retry-After") or headers.get("retry-after") or 1))
                continue
            if code == "user_not_found":
                return None
            why = code or error.response.status_code
            raise BotError(render_text("lifecycle/refused", reason="profile_refused", why=why)) from None
        return dict(response.get("profile") or {})
    raise BotError(render_text("lifecycle/refused", reason="profile_rate_limited"))


def _apply(person: Person, profile: Mapping[str, Any], fields: Mapping[str, str],
           valid: Callable[[str, str], Any]) -> int:
    custom = profile.get("fields")
    custom = custom if isinstance(custom, dict) else {}
    changed = 0
    for attribute, field_id in fields.items():
        value = valid(attribute, str((custom.get(field_id) or {}).get("value") or ""))
        if value is not None and value != getattr(person, attribute):
            setattr(person, attribute, value)
            changed = 1
    return changed
