"""Named queries about Slack requests already acted on (the dedupe of Slack's retries)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, text
from sqlalchemy.dialects import postgresql, sqlite

from storage.models import SlackDelivery
from storage.uow import Session


def record_first_delivery(engine: Engine, key: str, received_at: datetime) -> bool:
    """Record the request ``key`` in its own short transaction; False when it was recorded before."""
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(SlackDelivery)
        .values(key=key[:255], received_at=received_at)
        .on_conflict_do_nothing()
        .returning(SlackDelivery.key)
    )
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Acknowledging fast matters more than surviving a database crash with the last few keys:
            # the use cases behind them are idempotent themselves (state transitions, outbox keys).
            connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
        return connection.execute(statement).scalar() is not None


def forget_deliveries_before(session: Session, before: datetime) -> None:
    """Drop the requests recorded before ``before``."""
    session.execute(delete(SlackDelivery).where(SlackDelivery.received_at < before))
