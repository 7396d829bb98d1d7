"""`cno sync-slack`: link stored people to their Slack accounts and refresh what Slack knows of them.

Pages through ``users.list`` and matches members to people by email. For each
match it stores the Slack id, the name, the title and the time zone. Deleted
members are marked left. Bots are skipped. Each page is committed on its own, so
a long sync never holds the database for long. When ``CNO_PROFILE_FIELDS`` maps
custom profile fields to function, region, level or team, they are then read one
person at a time (``users.profile.get``: Slack's ``users.list`` has no custom
fields), paced under the method's rate limit and resumable
(:mod:`bot.use_cases.lifecycle.profile_sync`).

With an org-wide token on Enterprise Grid, every workspace the app was added to is read
(:mod:`bot.use_cases.lifecycle.grid`), side by side, each under its own rate limit. User ids hold
across the organisation, so someone in several workspaces is one member, counted and applied once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.errors import BotError, ConfigError
from bot.use_cases.lifecycle.grid import workspaces_to_read
from bot.use_cases.lifecycle.leaving import people_left
from bot.use_cases.lifecycle.profile_sync import ProfileReport, read_profile_fields
from bot.use_cases.people.from_slack import guessed_attributes, person_from_slack
from bot.use_cases.programs.slack_pages import SlackListRefused, paged_in_each
from message_templates import render_text
from storage.csv_values import timezone as known_timezone
from storage.models import Person
from storage.queries.people import people_by_email, people_by_slack_ids
from storage.queries.programs import hr_people_count
from storage.uow import Session

PAGE_SIZE = 200
UNKNOWN_SAMPLE = 5
MAPPABLE = ("function", "region", "level", "team")
_LIMITS = {"name": 200, "title": 200, "function": 100, "region": 100, "team": 200}


@dataclass
class SyncReport:
    """What a sync saw and changed. ``left_ids``: people newly marked left (for handover)."""

    members: int = 0
    bots: int = 0
    linked: int = 0
    updated: int = 0
    left_ids: list[int] = field(default_factory=list)
    unknown: int = 0  # members whose email matches nobody stored
    unknown_sample: list[str] = field(default_factory=list)  # the first few of them
    profiles: ProfileReport | None = None  # custom profile fields read, when CNO_PROFILE_FIELDS maps some
    added: int = 0  # members added as people (Slack alone: no HR file)
    slack_alone: bool = False  # no HR file was imported: Slack is the only source


def profile_fields_from_env(value: str) -> dict[str, str]:
    """Parse ``CNO_PROFILE_FIELDS`` (``function=Xf1234,region=Xf5678``) into {attribute: Slack field id}."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in value.split(","))):
        attribute, _, field_id = (s.strip() for s in part.partition("="))
        if attribute not in MAPPABLE or not field_id:
            raise ConfigError(
                render_text("lifecycle/refused", reason="bad_profile_field", part=repr(part), mappable=MAPPABLE)
            )
        mapping[attribute] = field_id
    return mapping


def sync_slack(
    services: Services,
    profile_fields: dict[str, str] | None = None,
    today: date | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    profile_limit: int | None = None,
    add_people: bool | None = None,
) -> SyncReport:
    """Bring every stored person in line with their Slack account; see the module docstring.

    ``profile_limit``: read at most this many custom profiles in this run (the rest on the next).

    ``add_people`` (default: when no HR file was ever imported): members nobody stored are added as
    people, with function and region from mapped profile fields or else guessed from title and time zone.
    """
    report = SyncReport()
    today = today or date.today()
    if add_people is None:
        with services.uow() as uow:
            add_people = report.slack_alone = hr_people_count(uow.session) == 0
    for members in _pages(services, sleep):
        humans = []
        for member in members:
            if member.get("is_bot") or member.get("id") == "USLACKBOT" or member.get("is_app_user"):
                report.bots += 1
            else:
                humans.append(member)
        report.members += len(humans)
        with services.uow() as uow:
            already_left = len(report.left_ids)
            _apply(uow.session, humans, today, report, add_people)
            people_left(uow.session, report.left_ids[already_left:], today)  # handovers, in the same transaction
            uow.commit()
    if profile_fields:
        report.profiles = read_profile_fields(services, profile_fields, _valid, sleep, clock, profile_limit)
    return report


def _pages(services: Services, sleep: Callable[[float], None]) -> Iterator[list[dict[str, Any]]]:
    """Each page of ``users.list`` in every workspace to read, without the members an earlier page had."""
    seen: set[str] = set()
    workspaces = workspaces_to_read(services, sleep)
    try:
        for _, members in paged_in_each(services.slack.users_list, "members", workspaces, tier=None,
                                        what="users.list", sleep=sleep, page_size=PAGE_SIZE):
            fresh = [m for m in members if m.get("id") not in seen]
            seen.update(str(m.get("id")) for m in fresh)
            yield fresh
    except SlackListRefused as error:
        raise BotError(render_text("lifecycle/refused", reason="slack_refused", why=error.why)) from None


def _apply(session: Session, members: list[dict[str, Any]], today: date, report: SyncReport,
           add_people: bool | None = False) -> None:
    by_email = {m["profile"]["email"].lower(): m for m in members if (m.get("profile") or {}).get("email")}
    people = {p.email.lower(): p for p in people_by_email(session, list(by_email))}
    wanted_ids = {m["id"]: mail for mail, m in by_email.items() if mail in people}
    for holder in people_by_slack_ids(session, list(wanted_ids)):  # a Slack id moves to the person Slack says owns it
        if wanted_ids.get(holder.slack_id) != holder.email.lower():
            holder.slack_id = None
    session.flush()
    now = utcnow()
    for member in members:
        mail = ((member.get("profile") or {}).get("email") or "").lower()
        person = people.get(mail)
        if person is None and add_people and not member.get("deleted") and member.get("id"):
            person = person_from_slack(member, now)
            session.add(person)
            report.added += 1
        if person is None:
            if not member.get("deleted"):
                report.unknown += 1
                if len(report.unknown_sample) < UNKNOWN_SAMPLE:
                    report.unknown_sample.append(mail or f"{member.get('id')} (no email)")
            continue
        if person.slack_id != member["id"]:
            person.slack_id = member["id"]
            report.linked += 1
        if member.get("deleted"):
            if person.active:
                person.active, person.left_on = False, today
                report.left_ids.append(person.id)
            continue
        changes = _changes(person, member)
        for attribute, value in changes.items():
            setattr(person, attribute, value)
        guesses = guessed_attributes(person)  # Slack alone: title and time zone, where no mapped field said
        for attribute, value in guesses.items():
            setattr(person, attribute, value)
        changes.update(guesses)
        if changes:
            person.updated_at = now
            report.updated += 1


def _changes(person: Person, member: dict[str, Any]) -> dict[str, Any]:
    profile = member.get("profile") or {}
    seen: dict[str, Any] = {
        "name": member.get("real_name") or profile.get("real_name") or "",
        "title": profile.get("title") or "",
        "timezone": member.get("tz") or "",
    }
    changes: dict[str, Any] = {}
    for attribute, value in seen.items():
        value = _valid(attribute, value)
        if value is not None and value != getattr(person, attribute):
            changes[attribute] = value
    return changes


def _valid(attribute: str, value: str) -> Any:
    """The value to store, or None to keep what is stored (blank, too long or not understood)."""
    value = value.strip()
    if not value:
        return None
    if attribute == "timezone":
        try:
            return known_timezone(value)
        except ValueError:
            return None
    if attribute == "level":
        return int(value) if value.isdigit() and int(value) <= 1000 else None
    return value if len(value) <= _LIMITS[attribute] else None
