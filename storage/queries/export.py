"""What `cno export` reads: every person, tie and intro, in a stable order, a batch at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from storage.models import Interaction, Intro, IntroMember, Person, Round

BATCH = 2_000


def people_with_managers(session: Session) -> Iterator[tuple[Person, str | None]]:
    """Every stored person (present or left) with their manager's email, by email."""
    manager = aliased(Person)
    rows = session.execute(
        select(Person, manager.email).outerjoin(manager, manager.id == Person.manager_id).order_by(Person.email)
        .execution_options(yield_per=BATCH)
    )
    yield from ((person, manager_email) for person, manager_email in rows)


def ties_by_email(session: Session) -> Iterator[tuple[str, str, str, date, float]]:
    """Every interaction as (a's email, b's email, kind, day, weight), oldest first."""
    a, b = aliased(Person), aliased(Person)
    rows = session.execute(
        select(a.email, b.email, Interaction.kind, Interaction.occurred_on, Interaction.weight)
        .join(a, a.id == Interaction.a_id)
        .join(b, b.id == Interaction.b_id)
        .order_by(Interaction.occurred_on, Interaction.id)
        .execution_options(yield_per=BATCH)
    )
    yield from ((a_email, b_email, kind, day, weight) for a_email, b_email, kind, day, weight in rows)


def intro_members(
    session: Session,
) -> Iterator[tuple[str, date, int, float, list[str], str, str | None, datetime | None]]:
    """Every intro member as (round, round day, intro id, score, reasons, email, answer, answered at)."""
    rows = session.execute(
        select(Round.period, Round.day, Intro.id, Intro.score, Intro.reasons, Person.email, IntroMember.answer,
               IntroMember.answered_at)
        .join(Intro, Intro.round_id == Round.id)
        .join(IntroMember, IntroMember.intro_id == Intro.id)
        .join(Person, Person.id == IntroMember.person_id)
        .order_by(Round.day, Intro.id, Person.email)
        .execution_options(yield_per=BATCH)
    )
    for period, day, intro_id, score, reasons, email, answer, answered_at in rows:
        yield period, day, intro_id, score, list(reasons or []), email, answer, answered_at
