"""Named queries about people: who someone is, who is active, who they know."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from storage.models import Person
from storage.uow import Session

#: Ids per ``IN (...)`` list, well under every database's limit on bound parameters.
CHUNK = 5000


def person_by_slack_id(session: Session, slack_id: str) -> Person | None:
    """The person with this Slack id, active or not (None when nobody has it)."""
    return session.scalar(select(Person).where(Person.slack_id == slack_id))


def people_by_id(session: Session, ids: Iterable[int]) -> dict[int, Person]:
    """The people with these ids (active or not), by id; ids nobody has are left out."""
    wanted = sorted(set(ids))
    people: dict[int, Person] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        people.update((p.id, p) for p in session.scalars(select(Person).where(Person.id.in_(chunk))))
    return people


def people_by_slack_ids(session: Session, slack_ids: Collection[str]) -> list[Person]:
    """The people with these Slack ids (ids nobody has are left out)."""
    if not slack_ids:
        return []
    return list(session.scalars(select(Person).where(Person.slack_id.in_(list(slack_ids)))))


def active_person_by_slack_id(session: Session, slack_id: str) -> Person | None:
    """The person with this Slack id, only while they still work here."""
    return session.scalar(select(Person).where(Person.slack_id == slack_id, Person.active.is_(True)))


def person_by_email(session: Session, email: str) -> Person | None:
    """The person with this email, whatever its case, active or not."""
    return session.scalar(select(Person).where(func.lower(Person.email) == email.lower()))


def people_by_email(session: Session, emails: Collection[str]) -> list[Person]:
    """The people (active or not) whose stored, lowercased email is one of ``emails``."""
    if not emails:
        return []
    return list(session.scalars(select(Person).where(Person.email.in_(list(emails)))))


def ids_without_slack_id(session: Session) -> set[int]:
    """People Slack cannot reach: no Slack id stored."""
    return set(session.scalars(select(Person.id).where(Person.slack_id.is_(None))))


def ids_active_on_slack(session: Session) -> set[int]:
    """People still here whom Slack can reach."""
    return set(session.scalars(select(Person.id).where(Person.active.is_(True), Person.slack_id.is_not(None))))


def manager_of_the_largest_team(session: Session) -> Person | None:
    """The active person with the most direct reports (the lowest id among equals)."""
    report = aliased(Person)
    return session.scalar(
        select(Person)
        .join(report, report.manager_id == Person.id)
        .where(Person.active.is_(True))
        .group_by(Person.id)
        .order_by(func.count(report.id).desc(), Person.id)
        .limit(1)
    )
