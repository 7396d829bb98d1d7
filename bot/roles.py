"""The CNO role: `CNO_ADMINS` names Slack ids or emails, so both checks and recipients look emails up."""

from __future__ import annotations

from bot.errors import NotAllowed
from bot.settings import Settings
from storage.models import Person
from storage.queries.people import active_people_by_email, person_by_slack_id
from storage.uow import Session


def is_cno(session: Session, settings: Settings, slack_id: str) -> bool:
    """Whether the Slack user is a CNO admin, by Slack id or by their stored email."""
    if settings.is_admin(slack_id=slack_id):
        return True
    return person_is_cno(settings, person_by_slack_id(session, slack_id))


def person_is_cno(settings: Settings, person: Person | None) -> bool:
    """:func:`is_cno` for a person already read (by their Slack id or their stored email)."""
    if person is None:
        return False
    return bool(person.slack_id and settings.is_admin(slack_id=person.slack_id)) or bool(
        person.email and settings.is_admin(email=person.email))


def require_cno(session: Session, settings: Settings, slack_id: str, refusal: str) -> None:
    """Raise :class:`NotAllowed` with ``refusal`` unless the Slack user is a CNO admin."""
    if not is_cno(session, settings, slack_id):
        raise NotAllowed(refusal)


def cno_slack_ids(session: Session, settings: Settings) -> list[str]:
    """Slack ids of the CNO admins (entries of CNO_ADMINS that are emails are looked up)."""
    ids: set[str] = set()
    emails = []
    for entry in settings.cno_admins:
        if "@" in entry:
            emails.append(entry)
        else:
            ids.add(entry.upper())
    for person in active_people_by_email(session, emails):
        if person.slack_id:
            ids.add(person.slack_id)
    return sorted(ids)
