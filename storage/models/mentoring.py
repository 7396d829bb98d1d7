"""Mentor and sponsor requests, the offers made to candidates, and the relationships that follow.

A request is asked of one candidate at a time (an *offer*). The candidate accepts
(a *relationship* starts), declines or lets the deadline pass (the next candidate
is asked). At most one open request per kind per person, and at most one pending
offer per request: both are unique partial indexes, so two replicas or a double
click cannot break them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDoc, UtcDateTime, utcnow

MENTOR, SPONSOR = "mentor", "sponsor"
KINDS = (MENTOR, SPONSOR)

# Request statuses: open (looking for a candidate) → offered (one candidate asked) → matched;
# or unfulfilled (nobody left, or enough candidates asked), or cancelled by the requester.
OPEN, OFFERED, MATCHED, UNFULFILLED, CANCELLED = "open", "offered", "matched", "unfulfilled", "cancelled"
OPEN_STATUSES = (OPEN, OFFERED)

# Offer statuses.
PENDING, ACCEPTED, DECLINED, TIMED_OUT = "pending", "accepted", "declined", "timed_out"
OFFER_CANCELLED = "cancelled"

# Relationship statuses; the tie kind is what the interaction graph records.
ACTIVE, CLOSED = "active", "closed"
TIE_KIND = {MENTOR: "mentoring", SPONSOR: "sponsorship"}

_OPEN_SQL = text("status IN ('open', 'offered')")
_PENDING_SQL = text("status = 'pending'")


class MentoringRequest(Base):
    """Someone asks for a mentor on a topic, or a sponsor for a goal.

    ``preferences``: ``other_function``, ``other_region``, ``virtual_ok`` (booleans).
    """

    __tablename__ = "mentoring_requests"
    __table_args__ = (
        Index(
            "uq_mentoring_requests_one_open",
            "requester_id",
            "kind",
            unique=True,
            sqlite_where=_OPEN_SQL,
            postgresql_where=_OPEN_SQL,
        ),
        Index("ix_mentoring_requests_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str] = mapped_column(Text, default="")
    skills_wanted: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    preferences: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    matched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class MentoringOffer(Base):
    """One candidate asked to take on a request. ``decline_reason`` is private to the CNO's records."""

    __tablename__ = "mentoring_offers"
    __table_args__ = (
        Index("uq_mentoring_offers_request_candidate", "request_id", "candidate_id", unique=True),
        Index(
            "uq_mentoring_offers_one_pending",
            "request_id",
            unique=True,
            sqlite_where=_PENDING_SQL,
            postgresql_where=_PENDING_SQL,
        ),
        Index("ix_mentoring_offers_due", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mentoring_requests.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer, default=1)
    score: Mapped[float] = mapped_column(default=0.0)
    reasons: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    offered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    deadline: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class MentoringRelationship(Base):
    """An accepted mentoring or sponsorship; active ones count against the mentor's capacity."""

    __tablename__ = "mentoring_relationships"
    __table_args__ = (Index("ix_mentoring_relationships_mentor", "mentor_id", "kind", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # mentoring | sponsorship
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("mentoring_requests.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default=ACTIVE)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
