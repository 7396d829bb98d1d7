"""People and the interactions between them (the organisation's graph)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, JsonDoc, UtcDateTime, utcnow


class Person(Base):
    """An employee. ``preferences`` holds the person's own choices (see PREFERENCE_DEFAULTS)."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    slack_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(200), default="")
    function: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    level: Mapped[int] = mapped_column(Integer, default=0)
    team: Mapped[str] = mapped_column(String(200), default="")
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    skills: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    interests: Mapped[list[str]] = mapped_column(JsonDoc, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    left_on: Mapped[date | None] = mapped_column(Date)
    start_date: Mapped[date | None] = mapped_column(Date)
    opted_in: Mapped[bool] = mapped_column(default=True)
    paused_until: Mapped[date | None] = mapped_column(Date)
    preferences: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    source: Mapped[str] = mapped_column(String(20), default="import", server_default="import")  # import | slack
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow, index=True)
    #: When ``cno sync-slack`` last read this person's custom profile fields (users.profile.get).
    profile_read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    manager: Mapped[Person | None] = relationship(remote_side=[id], back_populates="reports")
    reports: Mapped[list[Person]] = relationship(back_populates="manager")

    def __repr__(self) -> str:
        return f"Person(id={self.id}, email={self.email!r})"


PREFERENCE_DEFAULTS: dict[str, Any] = {
    "frequency": "weekly",  # weekly | biweekly | monthly
    "prefer_other_function": False,
    "prefer_other_region": False,
    "in_person_region": "",
    "do_not_match": [],  # emails
    "mentor_available": True,
    "mentor_capacity": 3,
    "mentor_topics": [],
    "sponsor_available": True,
    "sponsor_capacity": 2,
    "find_skills": True,  # /networking find may show them for skills, interests, topics, and as a path step
    "find_external": False,  # /networking find may show them for their outside organisations
}


def preference(person: Person, key: str) -> Any:
    """A person's preference, or its default."""
    return (person.preferences or {}).get(key, PREFERENCE_DEFAULTS[key])


class Interaction(Base):
    """One interaction between two people; ``a_id < b_id`` so the pair is undirected.

    ``kind`` says what happened (meeting, intro, event, mentoring, sponsorship, …),
    ``source`` where we learnt it (import, intro, event, mentoring).
    """

    __tablename__ = "interactions"
    __table_args__ = (
        CheckConstraint("a_id < b_id", name="ordered_pair"),
        Index("ix_interactions_pair", "a_id", "b_id"),
        Index("ix_interactions_b_id", "b_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    b_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(50))
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    source: Mapped[str] = mapped_column(String(50), default="import")
    note: Mapped[str] = mapped_column(Text, default="")

    @staticmethod
    def ordered(x: int, y: int) -> tuple[int, int]:
        return (x, y) if x < y else (y, x)
