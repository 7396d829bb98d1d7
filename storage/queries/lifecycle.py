"""What a leaver or an erased person leaves behind: messages waiting for them, places at events."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, cast, delete, select

from storage.models import Event, Invitation, OutboxMessage
from storage.models.events import DECLINED, SCHEDULED
from storage.models.outbox import PENDING
from storage.uow import Session


def pending_messages_to(session: Session, slack_id: str) -> list[OutboxMessage]:
    """Messages not sent yet that have this Slack id among their recipients (alone or not)."""
    return list(
        session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.status == PENDING, cast(OutboxMessage.users, Text).contains(slack_id)
            )
        )
    )


def delete_messages_keyed(session: Session, prefix: str) -> None:
    """Delete every outbox message whose key starts with ``prefix``, sent or not."""
    session.execute(delete(OutboxMessage).where(OutboxMessage.key.like(prefix + "%")))


def upcoming_invitations_of(session: Session, person_id: int, now: datetime) -> list[Invitation]:
    """The person's invitations not declined to scheduled events that have not started."""
    return list(
        session.scalars(
            select(Invitation)
            .join(Event)
            .where(
                Invitation.person_id == person_id,
                Invitation.status != DECLINED,
                Event.status == SCHEDULED,
                Event.starts_at > now,
            )
        )
    )
