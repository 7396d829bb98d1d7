"""The demo organisation: bulk writes of synthetic people and ties, kept apart from real people by their domain."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update

from storage.models import Interaction, Person
from storage.uow import Session

PEOPLE_CHUNK = 5000
TIES_CHUNK = 20000


def remove_people_at(session: Session, domain: str) -> None:
    """Delete everyone whose email is at ``domain`` (their ties and everything else about them go too)."""
    session.execute(delete(Person).where(Person.email.like(f"%@{domain}")))


def add_people_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert people given as column values, in chunks."""
    for start in range(0, len(rows), PEOPLE_CHUNK):
        session.execute(insert(Person), rows[start:start + PEOPLE_CHUNK])


def ids_by_email_at(session: Session, domain: str) -> dict[str, int]:
    """The id of everyone whose email is at ``domain``, by email."""
    rows = session.execute(select(Person.email, Person.id).where(Person.email.like(f"%@{domain}")))
    return {email: person_id for email, person_id in rows}


def set_managers(session: Session, rows: Sequence[dict[str, int]]) -> None:
    """Set ``manager_id`` of each ``{"id": …, "manager_id": …}`` row."""
    if rows:
        session.execute(update(Person), rows)


def add_tie_rows(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert interactions given as column values, in chunks."""
    for start in range(0, len(rows), TIES_CHUNK):
        session.execute(insert(Interaction), rows[start:start + TIES_CHUNK])
