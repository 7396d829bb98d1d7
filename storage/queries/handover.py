"""Handovers of a leaver's relationships: which are waiting, and what the leaver's ties looked like."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select

from storage.models import Handover, Interaction, OutboxMessage
from storage.models.handover import NEW
from storage.uow import Session


def has_handover(session: Session, leaver_id: int) -> bool:
    """Whether a handover was ever opened for this person (there is at most one)."""
    return session.scalar(select(Handover.id).where(Handover.leaver_id == leaver_id)) is not None


def handover_ids_of(session: Session, leaver_id: int) -> list[int]:
    """The handover opened for this leaver, as a list of ids (empty when none)."""
    return list(session.scalars(select(Handover.id).where(Handover.leaver_id == leaver_id)))


def new_handovers(session: Session) -> list[Handover]:
    """Handovers opened but not analysed yet, oldest first."""
    return list(session.scalars(select(Handover).where(Handover.status == NEW).order_by(Handover.id)))


def all_handovers(session: Session) -> list[Handover]:
    """Every handover (their contact lists are JSON, so a person in them is found in Python)."""
    return list(session.scalars(select(Handover)))


def last_met(session: Session, person_id: int) -> list[tuple[int, int, date]]:
    """(a, b, the day they last met) for every tie of the person."""
    rows = session.execute(
        select(Interaction.a_id, Interaction.b_id, func.max(Interaction.occurred_on))
        .where(or_(Interaction.a_id == person_id, Interaction.b_id == person_id))
        .group_by(Interaction.a_id, Interaction.b_id)
    )
    return [(a, b, last) for a, b, last in rows]


def handover_asks(session: Session, handover_id: int) -> list[str]:
    """Outbox keys of the DMs that asked who takes over this handover."""
    return list(
        session.scalars(
            select(OutboxMessage.key).where(
                OutboxMessage.key.like(f"handover:{handover_id}:ask:%"), OutboxMessage.operation == "post"
            )
        )
    )
