"""A new hire's first four weeks: the welcome and one intro a week, planned when they join."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UtcDateTime, utcnow

ACTIVE, DONE, CANCELLED = "active", "done", "cancelled"


class OnboardingPlan(Base):
    """One newcomer's onboarding: from ``starts_on`` to ``ends_on`` (exclusive) they skip the rounds.

    ``welcomed_at`` is set once the welcome DM is in the outbox (it waits for a
    Slack id when the person was imported before they had one).
    """

    __tablename__ = "onboarding_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=ACTIVE)
    welcomed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    intros: Mapped[list[OnboardingIntro]] = relationship(
        back_populates="plan", order_by="OnboardingIntro.week", cascade="all, delete-orphan"
    )


class OnboardingIntro(Base):
    """The intro of one onboarding week; ``partner_id`` is chosen when the first week falls due.

    ``kind`` and ``reason`` come from :func:`matching.onboarding.onboarding_picks`.
    """

    __tablename__ = "onboarding_intros"
    __table_args__ = (
        UniqueConstraint("plan_id", "week", name="uq_onboarding_intros_plan_week"),
        Index("ix_onboarding_intros_due", "sent_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("onboarding_plans.id", ondelete="CASCADE"))
    week: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    plan: Mapped[OnboardingPlan] = relationship(back_populates="intros")
