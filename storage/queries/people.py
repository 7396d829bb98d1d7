"""Named queries about people: who someone is, who is active, who they know."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import select

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
