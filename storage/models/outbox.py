"""The outbox: every Slack message the app sends is first a row here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDoc, UtcDateTime, utcnow

PENDING, SENDING, SENT, FAILED, CANCELLED = "pending", "sending", "sent", "failed", "cancelled"


class OutboxMessage(Base):
    """A Slack call waiting to be made exactly once.

    ``operation`` is ``post`` (open a DM/group DM with ``users`` or use ``channel``,
    then ``chat.postMessage``), ``update`` (``chat.update`` of an earlier message,
    found by ``target_key``), ``ephemeral`` or ``upload`` (``files_upload_v2``).
    ``payload`` holds ``text`` and ``blocks`` (and for uploads ``filename``, ``title``,
    ``content_b64``). ``channel``/``ts`` are filled once Slack has the message.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "not_before"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    operation: Mapped[str] = mapped_column(String(20), default="post")
    users: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    channel: Mapped[str | None] = mapped_column(String(64))
    ts: Mapped[str | None] = mapped_column(String(64))
    target_key: Mapped[str | None] = mapped_column(String(200), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SlackPace(Base):
    """When the next call of a paced Slack method may go, for every replica (``bot.outbox`` paces through it).

    ``next_at`` is in seconds on the senders' shared clock (the epoch); ``claims`` counts the
    slots handed out, so a replica takes the next slot with a conditional UPDATE on it.
    """

    __tablename__ = "slack_pace"

    method: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_at: Mapped[float] = mapped_column(Float, default=0.0)
    claims: Mapped[int] = mapped_column(Integer, default=0)
