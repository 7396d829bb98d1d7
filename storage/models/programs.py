"""Programs: intro rounds that live in a Slack channel, each with its own rhythm, group size and kind of intro.

The company-wide round (``round_settings``, rounds without a program) is the default
program; every other program is a row here, and joining its channel is joining it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UtcDateTime, utcnow

ACTIVE, PAUSED, ENDED = "active", "paused", "ended"
PROGRAM_STATUSES = (ACTIVE, PAUSED, ENDED)
#: Kinds of intro: ``mixed`` (the engine's cross-silo scoring, as the company-wide round), ``across`` (people who
#: differ in ``attribute``), ``within`` (people who share it), ``seats`` (one of ``seats[0]`` with the others).
INTRO_TYPES = ("mixed", "across", "within", "seats")
ATTRIBUTES = ("function", "region", "level", "team")
MIN_GROUP, MAX_GROUP = 2, 6


class Program(Base):
    """A program bound to a Slack channel."""

    __tablename__ = "programs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    channel_id: Mapped[str] = mapped_column(String(32), unique=True)
    cadence: Mapped[str] = mapped_column(String(20), default="weekly")
    weekday: Mapped[str] = mapped_column(String(3), default="mon")
    local_hour: Mapped[int] = mapped_column(Integer, default=9)
    group_size: Mapped[int] = mapped_column(Integer, default=2)
    intro_type: Mapped[str] = mapped_column(String(10), default="mixed")
    attribute: Mapped[str] = mapped_column(String(20), default="")
    seats: Mapped[str] = mapped_column(String(100), default="")  # "mentor,mentee" for a seats program
    approval_required: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up_days: Mapped[int] = mapped_column(Integer, default=4)
    status: Mapped[str] = mapped_column(String(10), default=ACTIVE)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    launched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # the launch announcement was queued
    members_synced_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # last reconciliation with Slack
    members_failed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)  # last reading Slack refused
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)

    def seat_names(self) -> tuple[str, ...]:
        return tuple(s.strip() for s in self.seats.split(",") if s.strip())

    def __repr__(self) -> str:
        return f"Program(id={self.id}, name={self.name!r}, channel={self.channel_id!r}, status={self.status!r})"


class ProgramMember(Base):
    """Someone in a program (through its channel); ``left_at`` is set when they leave it."""

    __tablename__ = "program_members"
    __table_args__ = (
        UniqueConstraint("program_id", "person_id", name="uq_program_members_program_person"),
        Index("ix_program_members_person_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    seat: Mapped[str] = mapped_column(String(40), default="")
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
