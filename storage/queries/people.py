"""Named queries about people: who someone is, who is active, who they know."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import aliased

from storage.db import data_key
from storage.models import Interaction, IntroMember, Person
from storage.uow import Session

#: Ids per ``IN (...)`` list, well under every database's limit on bound parameters.
CHUNK = 5000


# Statements every App Home and `/networking status` runs are built once (building one costs a third of
# running it): each takes its values as bound parameters.
_BY_SLACK_ID = select(Person).where(Person.slack_id == bindparam("slack_id"))
_ACTIVE_BY_SLACK_ID = _BY_SLACK_ID.where(Person.active.is_(True))
_OTHERS_IN_INTROS = (
    select(IntroMember.intro_id, Person).join(IntroMember, IntroMember.person_id == Person.id)
    .where(IntroMember.intro_id.in_(bindparam("intro_ids", expanding=True)), Person.id != bindparam("person_id"))
    .order_by(IntroMember.id)
)
_MARKS = select(select(func.max(Person.updated_at)).scalar_subquery(),
                select(func.max(Interaction.id)).scalar_subquery())


def person_by_slack_id(session: Session, slack_id: str) -> Person | None:
    """The person with this Slack id, active or not (None when nobody has it)."""
    return session.scalar(_BY_SLACK_ID, {"slack_id": slack_id})


def active_person_by_slack_id(session: Session, slack_id: str) -> Person | None:
    """The active person with this Slack id (None for nobody, or for someone who left)."""
    return session.scalar(_ACTIVE_BY_SLACK_ID, {"slack_id": slack_id})


def active_people_by_email(session: Session, emails: Iterable[str]) -> list[Person]:
    """The active people with one of ``emails``."""
    wanted = list(emails)
    if not wanted:
        return []
    return list(session.scalars(select(Person).where(Person.email.in_(wanted), Person.active.is_(True))))


def people_by_id(session: Session, ids: Iterable[int]) -> dict[int, Person]:
    """The people with these ids (active or not), by id; ids nobody has are left out."""
    wanted = sorted(set(ids))
    people: dict[int, Person] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        people.update((p.id, p) for p in session.scalars(select(Person).where(Person.id.in_(chunk))))
    return people


def active_people_among(session: Session, ids: Collection[int]) -> list[Person]:
    """The active people among ``ids``."""
    if not ids:
        return []
    return list(session.scalars(select(Person).where(Person.id.in_(list(ids)), Person.active.is_(True))))


def ids_on_slack(session: Session, ids: Collection[int]) -> set[int]:
    """Those of ``ids`` who have a Slack id (who can get a DM)."""
    if not ids:
        return set()
    return set(session.scalars(select(Person.id).where(Person.id.in_(list(ids)), Person.slack_id.is_not(None))))


def active_people(session: Session) -> list[Person]:
    """Everyone active, by id (read in batches: a round reads 100,000 of them)."""
    return list(session.scalars(
        select(Person).where(Person.active.is_(True)).order_by(Person.id).execution_options(yield_per=10_000)))


def others_in_intro(session: Session, intro_id: int, person_id: int) -> list[Person]:
    """The other members of an intro, as seen by ``person_id`` (people who were erased are gone)."""
    return others_in_intros(session, [intro_id], person_id).get(intro_id, [])


def others_in_intros(session: Session, intro_ids: Sequence[int], person_id: int) -> dict[int, list[Person]]:
    """:func:`others_in_intro` for several intros in one query, by intro id (in the order they joined it)."""
    if not intro_ids:
        return {}
    others: dict[int, list[Person]] = {}
    for intro_id, person in session.execute(_OTHERS_IN_INTROS, {"intro_ids": list(intro_ids),
                                                                "person_id": person_id}):
        others.setdefault(intro_id, []).append(person)
    return others


def network_fingerprint(session: Session) -> tuple[Any, ...]:
    """Aggregates of people and ties that change whenever a person or a tie is added, changed or removed."""
    people = session.execute(
        select(func.count(Person.id), func.sum(Person.id), func.max(Person.updated_at), func.max(Person.created_at))
    ).one()
    ties = session.execute(
        select(func.count(Interaction.id), func.max(Interaction.id), func.sum(Interaction.a_id + Interaction.b_id))
    ).one()
    return (*people, *ties)


def network_marks(session: Session) -> tuple[Any, ...]:
    """The latest change to anyone (``updated_at``) and the latest tie's id: two index lookups.

    They move whenever a person is added or changed or a tie is added; not when a row is
    deleted, nor when a transaction commits a row older than one already seen: only the
    aggregates of :func:`network_fingerprint` tell those. SQLite gives a deleted highest id
    to the next row, so there (a small organisation's database) the marks are those aggregates.
    """
    if session.get_bind().dialect.name == "sqlite":
        return network_fingerprint(session)
    return tuple(session.execute(_MARKS).one())  # one round trip: every App Home and `/networking status`


def people_changed_since(session: Session, since: datetime, limit: int) -> list[Person]:
    """Everyone (active or not) changed at ``since`` or later, at most ``limit`` of them."""
    return list(session.scalars(select(Person).where(Person.updated_at >= since).order_by(Person.id).limit(limit)))


def active_ids_by_email(session: Session) -> dict[str, int]:
    """Every active person's id by their email, lower-case (as people's "do not match" lists name them)."""
    return {email.lower(): pid for pid, email in session.execute(
        select(Person.id, Person.email).where(Person.active.is_(True)).execution_options(yield_per=10_000))}


def database_name(session: Session) -> str:
    """The URL of the session's database, without its password, and its schema if it has its own (a key for
    per-database caches: two installations on one PostgreSQL database must never share one)."""
    return data_key(session.get_bind().engine)


def round_readiness_counts(session: Session, day: date) -> dict[str, int]:
    """How many people a round could consider on ``day``: active, on Slack, opted in, and not paused."""
    on_slack = (Person.active.is_(True), Person.slack_id.is_not(None))
    opted = (*on_slack, Person.opted_in.is_(True))
    free = (*opted, or_(Person.paused_until.is_(None), Person.paused_until <= day))
    count = func.count(Person.id)
    return {
        "active": session.scalar(select(count).where(Person.active.is_(True))) or 0,
        "on_slack": session.scalar(select(count).where(*on_slack)) or 0,
        "opted_in": session.scalar(select(count).where(*opted)) or 0,
        "free": session.scalar(select(count).where(*free)) or 0,
    }


def people_outside_domain(session: Session, domain: str) -> int:
    """How many people have an email outside ``domain`` (0 for a database with no people table yet)."""
    if not session.get_bind().dialect.has_table(session.connection(), Person.__tablename__):
        return 0
    return session.scalar(select(func.count(Person.id)).where(Person.email.not_like(f"%@{domain}"))) or 0


def people_by_slack_ids(session: Session, slack_ids: Collection[str]) -> list[Person]:
    """The people with these Slack ids (ids nobody has are left out)."""
    if not slack_ids:
        return []
    return list(session.scalars(select(Person).where(Person.slack_id.in_(list(slack_ids)))))


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
