"""Slack resends a request when our answer is late (``X-Slack-Retry-Num``): act on each one once.

The key is the request's own identity — the event id, the slash command's
trigger id, the clicked action's timestamp, the submitted view's id and hash —
recorded in the database, so the dedupe holds across replicas and restarts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.dialects import postgresql, sqlite

from bot.bootstrap import Services
from storage.models import SlackDelivery
from storage.models.base import utcnow

KEEP_FOR = timedelta(days=2)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def delivery_key(body: dict[str, Any]) -> str | None:
    """The identity of one Slack request, or None for requests that need no dedupe (or that are malformed)."""
    kind = body.get("type")
    if kind == "event_callback" and body.get("event_id"):
        return f"event:{body['event_id']}"
    if kind == "block_actions":
        actions = body.get("actions")
        action = _dict(actions[0]) if isinstance(actions, list) and actions else {}
        user = _dict(body.get("user")).get("id", "")
        return f"action:{user}:{action.get('action_id', '')}:{action.get('action_ts', '')}"
    if kind in ("view_submission", "view_closed"):
        view = _dict(body.get("view"))
        return f"view:{kind}:{view.get('id', '')}:{view.get('hash', '')}"
    if isinstance(body.get("command"), str) and body.get("trigger_id"):
        return f"command:{body['trigger_id']}"
    return None


def first_delivery(services: Services, key: str) -> bool:
    """Record ``key``; False when it was recorded before (a retry or a replay)."""
    engine = services.engine
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(SlackDelivery)
        .values(key=key[:255], received_at=utcnow())
        .on_conflict_do_nothing()
        .returning(SlackDelivery.key)
    )
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Acknowledging fast matters more than surviving a database crash with the last few keys:
            # the use cases behind them are idempotent themselves (state transitions, outbox keys).
            connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
        return connection.execute(statement).scalar() is not None


def forget_old_deliveries(services: Services, now: datetime) -> None:
    """A sweep: keys older than Slack's retry horizon are not needed any more."""
    with services.uow() as uow:
        uow.session.execute(delete(SlackDelivery).where(SlackDelivery.received_at < now - KEEP_FOR))
        uow.commit()
