"""A person known only from Slack (no HR file): who they are, and function and region guessed from title and zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from matching.profiles import function_from_title, region_from_timezone
from storage.models import Person

SLACK = "slack"


def person_from_slack(user: dict[str, Any], now: datetime) -> Person:
    """A new person from a Slack user (``source`` slack); unknown attributes stay ``""`` (unknown, no rule fires)."""
    profile = user.get("profile") or {}
    title = (profile.get("title") or "")[:200]
    zone = user.get("tz") or "UTC"
    email = (profile.get("email") or f"{user['id'].lower()}@slack.invalid").lower()
    name = user.get("real_name") or profile.get("real_name") or user.get("name") or ""
    return Person(email=email, slack_id=user["id"], name=name[:200], title=title, timezone=zone,
                  function=function_from_title(title), region=region_from_timezone(zone), source=SLACK,
                  created_at=now, updated_at=now)


def guessed_attributes(person: Person) -> dict[str, str]:
    """For someone from Slack alone: function and region guessed from their title and zone, where still unknown."""
    if person.source != SLACK:
        return {}
    guesses = {"function": function_from_title(person.title or ""), "region": region_from_timezone(person.timezone)}
    return {k: v for k, v in guesses.items() if v and not getattr(person, k)}
