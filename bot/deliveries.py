"""Slack resends a request when our answer is late (``X-Slack-Retry-Num``): act on each one once.

The key is the request's own identity — the event id, the slash command's
trigger id, the clicked action's timestamp, the submitted view's id and hash —
recorded in the database, so the dedupe holds across replicas and restarts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.bootstrap import Services
from bot.clock import utcnow
from storage.queries.deliveries import forget_deliveries_before, record_first_delivery

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
    return record_first_delivery(services.engine, key, utcnow())


def forget_old_deliveries(services: Services, now: datetime) -> None:
    """A sweep: keys older than Slack's retry horizon are not needed any more."""
    with services.uow() as uow:
        forget_deliveries_before(uow.session, now - KEEP_FOR)
        uow.commit()
