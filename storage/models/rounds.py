"""Intro rounds: the schedule's settings, each round, its intros and who was left out and why."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, JsonDoc, UtcDateTime, utcnow

# Round statuses, in the order a round goes through them.
PLANNED = "planned"  # computed, not yet released for sending
AWAITING_APPROVAL = "awaiting_approval"
APPROVED = "approved"
SENDING = "sending"  # intros are in the outbox
SENT = "sent"
SKIPPED = "skipped"
ROUND_STATUSES = (PLANNED, AWAITING_APPROVAL, APPROVED, SENDING, SENT, SKIPPED)
RELEASED = (SENDING, SENT)  # rounds whose intros were (or are being) delivered

MET, NOT_MET = "met", "not_met"

CADENCES = ("weekly", "biweekly", "monthly")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class RoundSettings(Base):
    """The CNO's round settings: one row (id 1), stored with the defaults by the migration.

    Without the row, scheduled rounds are off (``cno round run`` still works with the defaults).
    """

    __tablename__ = "round_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cadence: Mapped[str] = mapped_column(String(20), default="weekly")
    weekday: Mapped[str] = mapped_column(String(3), default="mon")
    hour: Mapped[int] = mapped_column(Integer, default=9)
    follow_up_days: Mapped[int] = mapped_column(Integer, default=4)
    approval_required: Mapped[bool] = mapped_column(Boolean, default=False)
    preview_lead_hours: Mapped[int] = mapped_column(Integer, default=24)
    quiet_threshold: Mapped[int] = mapped_column(Integer, default=3)
    local_send_hour: Mapped[int] = mapped_column(Integer, default=9)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    @classmethod
    def defaults(cls) -> RoundSettings:
        return cls(id=1, cadence="weekly", weekday="mon", hour=9, follow_up_days=4, approval_required=False,
                   preview_lead_hours=24, quiet_threshold=3, local_send_hour=9)


class Round(Base):
    """One round of intros. ``period`` (an ISO week such as ``2026-W48``) is unique:
    a round never runs twice for the same period, even across processes. A program's
    round (``program_id``; None for the company-wide round) has the period ``2026-W48/p3``.

    ``send_at`` is the scheduled send time (the CNO's day and hour); ``day`` the
    round's day in the CNO's time zone, on which people get their intro at their
    own local hour.
    """

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int | None] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=PLANNED)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    day: Mapped[date] = mapped_column(Date)
    send_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    intros: Mapped[list[Intro]] = relationship(back_populates="round", cascade="all, delete-orphan",
                                               order_by="Intro.id")
    left_out: Mapped[list[LeftOutRecord]] = relationship(back_populates="round", cascade="all, delete-orphan",
                                                         order_by="LeftOutRecord.id")

    def __repr__(self) -> str:
        return f"Round(id={self.id}, period={self.period!r}, status={self.status!r})"


class Intro(Base):
    """A group introduced in a round: two people, or three once per round."""

    __tablename__ = "intros"
    __table_args__ = {"sqlite_autoincrement": True}  # ids are outbox keys: never reuse one (SQLite would)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    trio: Mapped[bool] = mapped_column(Boolean, default=False)
    send_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    follow_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)
    followed_up_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    tie_recorded_on: Mapped[date | None] = mapped_column(Date)

    round: Mapped[Round] = relationship(back_populates="intros")
    members: Mapped[list[IntroMember]] = relationship(back_populates="intro", cascade="all, delete-orphan",
                                                      order_by="IntroMember.id")


class IntroMember(Base):
    """A person in an intro, and their answer to "Did you meet?" (None until they answer)."""

    __tablename__ = "intro_members"
    __table_args__ = (
        UniqueConstraint("intro_id", "person_id", name="uq_intro_members_intro_person"),
        {"sqlite_autoincrement": True},  # ids are in buttons and outbox keys: never reuse one
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    intro_id: Mapped[int] = mapped_column(ForeignKey("intros.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str | None] = mapped_column(String(10))
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    intro: Mapped[Intro] = relationship(back_populates="members")


class LeftOutRecord(Base):
    """Someone who was not introduced in a round, with the rule that applied (for `/networking why`)."""

    __tablename__ = "round_left_out"
    __table_args__ = (UniqueConstraint("round_id", "person_id", name="uq_round_left_out_round_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")

    round: Mapped[Round] = relationship(back_populates="left_out")


class QuietPause(Base):
    """A person paused automatically after rounds without an answer; ``resumed_at`` ends it."""

    __tablename__ = "quiet_pauses"
    __table_args__ = (Index("ix_quiet_pauses_person_open", "person_id", "resumed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    paused_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    resumed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    silent_rounds: Mapped[int] = mapped_column(Integer, default=0)

