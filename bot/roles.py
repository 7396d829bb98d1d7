"""The CNO role: `CNO_ADMINS` names Slack ids or emails, so both checks and recipients look emails up."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.settings import Settings
from storage.models import Person


def is_cno(session: Session, settings: Settings, slack_id: str) -> bool:
    """Whether the Slack user is a CNO admin, by Slack id or by their stored email."""
    if settings.is_admin(slack_id=slack_id):
        return True
    email = session.scalar(select(Person.email).where(Person.slack_id == slack_id))
    return bool(email) and settings.is_admin(email=email)


def cno_slack_ids(session: Session, settings: Settings) -> list[str]:
    """Slack ids of the CNO admins (entries of CNO_ADMINS that are emails are looked up)."""
    ids: set[str] = set()
    emails = []
    for entry in settings.cno_admins:
        if "@" in entry:
            emails.append(entry)
        else:
            ids.add(entry.upper())
    if emails:
        for person in session.scalars(select(Person).where(Person.email.in_(emails), Person.active.is_(True))):
            if person.slack_id:
                ids.add(person.slack_id)
    return sorted(ids)
