"""When someone leaves: the relationships proposed for handover to a successor."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDoc, UtcDateTime, utcnow

NEW, PROPOSED, NOTHING, ASSIGNED = "new", "proposed", "nothing", "assigned"


class Handover(Base):
    """One leaver's handover.

    ``new``: marked left, not analysed yet (a sweep does it); ``nothing``: no tie
    at risk; ``proposed``: ``asked_id`` (their manager; NULL when the CNO admins
    were asked) got the list; ``assigned``: ``successor_id`` was chosen and
    introduced. ``contacts`` holds ``{"id", "score", "reasons"}`` per at-risk
    contact, most important first; ``bridged`` the pairs of functions and of
    regions only the leaver connected, as ``[key, a, b]``.
    """

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    leaver_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    left_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=NEW, index=True)
    asked_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    contacts: Mapped[list[dict[str, Any]]] = mapped_column(JsonDoc, default=list)
    bridged: Mapped[list[list[str]]] = mapped_column(JsonDoc, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    proposed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    assigned_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
