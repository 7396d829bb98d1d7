"""Parsing one CSV cell into a stored value; a ``ValueError`` carries the problem in plain words.

Cells are stored as text exactly as written (after trimming spaces): a value
starting with ``=``, ``+``, ``-`` or ``@`` is a name or a title, never a formula.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import cache
from zoneinfo import available_timezones

_EMAIL = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"'.][^@\s,;<>\"']*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,31}")


def email(text: str) -> str:
    """A lowercased email address."""
    if not text:
        raise ValueError("an email address is required")
    if len(text) > 320 or not _EMAIL.fullmatch(text):
        raise ValueError(f"{text!r} is not a valid email address")
    return text.lower()


def optional_email(text: str) -> str | None:
    return email(text) if text else None


def level(text: str) -> int:
    """A seniority level: a whole number such as 3."""
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"level must be a whole number such as 3, got {text!r}") from None
    if not 0 <= value <= 1000:
        raise ValueError(f"level must be between 0 and 1000, got {value}")
    return value


def day(text: str) -> date:
    """A date written YYYY-MM-DD."""
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31") from None


def optional_day(text: str) -> date | None:
    return day(text) if text else None


def weight(text: str) -> float:
    """A positive number; an empty cell means 1."""
    if not text:
        return 1.0
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"weight must be a number such as 1 or 0.5, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"weight must be a positive number, got {text!r}")
    return value


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def timezone(text: str) -> str:
    """An IANA time zone name such as Europe/Paris."""
    if text not in _zones():
        raise ValueError(f"{text!r} is not a known time zone (use a name such as Europe/Paris or America/New_York)")
    return text


def slack_id(text: str) -> str:
    if not _SLACK_ID.fullmatch(text):
        raise ValueError(f"{text!r} is not a Slack user id (they look like U012AB3CD)")
    return text


def text(value: str, limit: int) -> str:
    if len(value) > limit:
        raise ValueError(f"value is {len(value):,} characters long (the limit for this column is {limit:,})")
    return value


def tags(value: str, limit: int = 100) -> list[str]:
    """A ``;``-separated list (skills, interests): trimmed, without blanks or repeats, in file order."""
    items: dict[str, str] = {}  # lowercased -> as first written
    for item in value.split(";"):
        item = item.strip()
        if len(item) > limit:
            raise ValueError(f"{item[:30]!r}… is longer than {limit} characters (separate items with ';')")
        if item:
            items.setdefault(item.lower(), item)
    return list(items.values())
