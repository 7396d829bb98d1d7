"""Named queries for the ties made at events: who said they met whom, and the interactions that follow."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import and_, delete, exists, or_, select
from sqlalchemy.orm import aliased

from storage.models import EventTie, Interaction, Person
from storage.uow import Session


def met_reported_by(session: Session, event_id: int, reporter_id: int) -> set[int]:
    """Ids of the people ``reporter_id`` said they met at the event."""
    return set(session.scalars(
        select(EventTie.met_id).where(EventTie.event_id == event_id, EventTie.reporter_id == reporter_id)
    ))


def forget_reported_meeting(session: Session, event_id: int, reporter_id: int, met_id: int) -> None:
    """``reporter_id`` no longer says they met ``met_id`` at the event."""
    session.execute(delete(EventTie).where(
        EventTie.event_id == event_id, EventTie.reporter_id == reporter_id, EventTie.met_id == met_id
    ))


def either_reported_meeting(session: Session, event_id: int, x: int, y: int) -> bool:
    """Whether ``x`` said they met ``y`` at the event, or ``y`` said they met ``x``."""
    found = session.scalar(select(EventTie.id).where(
        EventTie.event_id == event_id,
        or_((EventTie.reporter_id == x) & (EventTie.met_id == y), (EventTie.reporter_id == y) & (EventTie.met_id == x)),
    ).limit(1))
    return found is not None


def interaction_noted(session: Session, a_id: int, b_id: int, note: str) -> Interaction | None:
    """The event interaction of the ordered pair (``a_id`` < ``b_id``) carrying ``note``, or None."""
    return session.scalar(select(Interaction).where(
        Interaction.a_id == a_id, Interaction.b_id == b_id, Interaction.source == "event", Interaction.note == note,
    ))


def ties_noted(session: Session, notes: Sequence[str]) -> list[tuple[int, int, bool]]:
    """(a, b, new) for each event interaction carrying one of ``notes``.

    A tie is new when the pair had no interaction before it (earlier day, or same day and recorded first).
    """
    if not notes:
        return []
    tie, other = aliased(Interaction), aliased(Interaction)
    earlier = exists().where(
        other.a_id == tie.a_id,
        other.b_id == tie.b_id,
        or_(other.occurred_on < tie.occurred_on, and_(other.occurred_on == tie.occurred_on, other.id < tie.id)),
    )
    rows = session.execute(
        select(tie.a_id, tie.b_id, ~earlier).where(tie.source == "event", tie.note.in_(notes))
    )
    return [(a, b, bool(new)) for a, b, new in rows]


def silos_of(session: Session, person_ids: Collection[int]) -> dict[int, tuple[str, str]]:
    """(function, region) of each of these people, by id."""
    return {p.id: (p.function, p.region) for p in session.scalars(select(Person).where(Person.id.in_(person_ids)))}


def ties_among(session: Session, person_ids: Collection[int]) -> list[tuple[int, int]]:
    """Every interaction (a, b) between two of these people (repeats included)."""
    if not person_ids:
        return []
    rows = session.execute(
        select(Interaction.a_id, Interaction.b_id)
        .where(Interaction.a_id.in_(person_ids), Interaction.b_id.in_(person_ids))
    )
    return [(a, b) for a, b in rows]
