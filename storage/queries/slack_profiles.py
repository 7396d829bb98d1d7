"""Queries for reading people's custom Slack profile fields (``cno sync-slack`` with CNO_PROFILE_FIELDS)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from storage.models import Person


def _due(read_before: datetime) -> tuple[ColumnElement[bool], ...]:
    return (Person.slack_id.is_not(None), Person.active.is_(True),
            or_(Person.profile_read_at.is_(None), Person.profile_read_at < read_before))


def people_due_a_profile_read(session: Session, read_before: datetime, limit: int) -> list[tuple[int, str]]:
    """(id, Slack id) of the next ``limit`` active people on Slack whose profile wasn't read since ``read_before``."""
    query = select(Person.id, Person.slack_id).where(*_due(read_before)).order_by(Person.id).limit(limit)
    rows = session.execute(query)
    return [(person_id, slack_id) for person_id, slack_id in rows if slack_id]


def profiles_due_count(session: Session, read_before: datetime) -> int:
    """How many active people on Slack have a profile not read since ``read_before``."""
    return int(session.scalar(select(func.count()).select_from(Person).where(*_due(read_before))) or 0)
