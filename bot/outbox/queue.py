"""Writing to the outbox: called inside a use case's transaction, with an idempotency key per message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from storage.models import OutboxMessage
from storage.models.base import utcnow
from storage.models.outbox import CANCELLED, PENDING


def enqueue(
    session: Session,
    key: str,
    *,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    users: Iterable[str] = (),
    channel: str | None = None,
    not_before: datetime | None = None,
    operation: str = "post",
    target_key: str | None = None,
    extra: dict[str, Any] | None = None,
) -> OutboxMessage | None:
    """Add a message to the outbox unless one with ``key`` exists; returns the new row or None.

    ``users``: Slack ids to DM (one person) or group-DM (several); or ``channel``.
    ``operation="upload"`` uploads a file (``extra``: ``content_b64``, ``filename``, ``title``)
    to ``channel`` or to the DM with ``users``; ``text``, if any, is its comment.
    ``operation="update"`` re-renders the message that was sent under ``target_key``.
    """
    if session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key)) is not None:
        return None
    payload: dict[str, Any] = {"text": text, "blocks": blocks or []}
    payload.update(extra or {})
    row = OutboxMessage(
        key=key,
        operation=operation,
        users=sorted(set(users)),
        channel=channel,
        target_key=target_key,
        payload=payload,
        status=PENDING,
        not_before=not_before or utcnow(),
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class Outgoing:
    """One post for :func:`enqueue_many` (a DM to ``users``, or to ``channel``)."""

    key: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    users: tuple[str, ...] = ()
    channel: str | None = None
    not_before: datetime | None = None


def enqueue_many(session: Session, messages: Iterable[Outgoing], chunk: int = 1000) -> int:
    """Like :func:`enqueue` for many posts at once (a broadcast): keys already present are skipped.

    Looks keys up and writes once per ``chunk`` (one multi-row INSERT, not an object per
    message), holding one chunk in memory; returns how many rows were added. The rows
    are not loaded into the session: query them if you need them.
    """
    added = 0
    batch: list[Outgoing] = []

    def flush() -> int:
        session.flush()  # what the caller changed goes first: the rows may refer to it
        known = set(session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_([m.key for m in batch]))))
        fresh = {m.key: m for m in batch if m.key not in known}
        now = utcnow()
        if fresh:
            session.execute(insert(OutboxMessage), [
                {"key": m.key, "operation": "post", "users": sorted(set(m.users)), "channel": m.channel,
                 "target_key": None, "payload": {"text": m.text, "blocks": m.blocks}, "status": PENDING,
                 "not_before": m.not_before or now, "attempts": 0, "last_error": "", "created_at": now}
                for m in fresh.values()
            ])
        batch.clear()
        return len(fresh)

    for message in messages:
        batch.append(message)
        if len(batch) >= chunk:
            added += flush()
    if batch:
        added += flush()
    return added


def update_sent(session: Session, target_key: str, *, text: str, blocks: list[dict[str, Any]]) -> None:
    """Re-render an earlier message in place (``chat.update``), or rewrite it if not sent yet."""
    target = session.scalar(select(OutboxMessage).where(OutboxMessage.key == target_key))
    if target is None:
        return
    if target.status == PENDING:
        target.payload = {**target.payload, "text": text, "blocks": blocks}
        return
    version = session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.target_key == target_key).order_by(OutboxMessage.id.desc())
    )
    enqueue(
        session,
        f"{target_key}:update:{(version or 0) + 1}",
        text=text,
        blocks=blocks,
        operation="update",
        target_key=target_key,
    )


def cancel_pending(session: Session, keys_like: str, *, exact: bool = False) -> int:
    """Cancel pending rows whose key starts with ``keys_like`` (is ``keys_like`` with ``exact``); returns how many.

    Only a row still pending is cancelled: one the sender has taken is on its way.
    """
    matches = OutboxMessage.key == keys_like if exact else OutboxMessage.key.like(f"{keys_like}%")
    result = session.execute(
        update(OutboxMessage)
        .where(matches, OutboxMessage.status == PENDING)
        .values(status=CANCELLED)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
