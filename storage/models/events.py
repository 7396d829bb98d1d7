"""Networking events: the event, who was invited and what they answered, and the ties they reported."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, JsonDoc, UtcDateTime, utcnow
from storage.models.people import Person

SCHEDULED, CANCELLED, DONE = "scheduled", "cancelled", "done"
NO_ANSWER, GOING, MAYBE, DECLINED, WAITLISTED = "none", "going", "maybe", "declined", "waitlisted"
RSVP_STATUSES = (NO_ANSWER, GOING, MAYBE, DECLINED, WAITLISTED)


class Event(Base):
    """A networking event the CNO broadcast to an audience.

    ``starts_at`` is aware UTC; ``timezone`` is the zone the CNO gave the time in.
    ``audience`` holds the filter: ``{"functions": [...], "regions": [...],
    "levels": [...], "teams": [...], "lowest_reach": bool}`` (an empty list means
    anyone). ``version`` grows with every edit, ``schedule_version`` only when the
    start time moves (reminder keys carry it, so a moved event is reminded again).
    ``ended_at`` is set when the after-event follow-up went out; ``result_sent_at``
    when the CNO got the result. ``invitations_queued`` is False while the
    scheduler's sweep still has invitations to queue for the audience (after the
    event is created, or after an edit widened the audience).
    """

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_status_starts_at", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    place: Mapped[str] = mapped_column(String(500), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    audience: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=SCHEDULED)
    created_by: Mapped[str] = mapped_column(String(32), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    schedule_version: Mapped[int] = mapped_column(Integer, default=1)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    result_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    invitations_queued: Mapped[bool] = mapped_column(Boolean, default=False, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    invitations: Mapped[list[Invitation]] = relationship(back_populates="event", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"Event(id={self.id}, title={self.title!r}, status={self.status!r})"


class Invitation(Base):
    """One person invited to one event, and their answer.

    ``status`` is one of :data:`RSVP_STATUSES`. A "going" answer beyond the
    capacity becomes ``waitlisted`` with ``waitlist_seq`` (the queue order) and
    ``waitlisted_at``; the first in the queue moves up when a place frees.
    ``nudged_at`` / ``reminded_day_at`` / ``reminded_hour_at`` record the nudges
    already sent (the reminders are reset when the event moves). ``attended`` is
    None until the person answers "who did you meet?" (True) or says they could
    not come (False).
    """

    __tablename__ = "event_invitations"
    __table_args__ = (
        UniqueConstraint("event_id", "person_id", name="uq_event_invitations_event_person"),
        Index("ix_event_invitations_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=NO_ANSWER)
    waitlist_seq: Mapped[int | None] = mapped_column(Integer)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    invited_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    nudged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_day_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reminded_hour_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    met_answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    attended: Mapped[bool | None] = mapped_column()

    event: Mapped[Event] = relationship(back_populates="invitations")
    person: Mapped[Person] = relationship()


class EventTie(Base):
    """``reporter`` said they met ``met`` at ``event`` (one row per report, so per direction)."""

    __tablename__ = "event_ties"
    __table_args__ = (UniqueConstraint("event_id", "reporter_id", "met_id", name="uq_event_ties_report"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    met_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
