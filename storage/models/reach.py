"""Weekly snapshots of the network metrics: anonymous aggregates, so trends survive people leaving.

Neither table names a person: the organisation snapshot holds counts, shares and
per-group figures (groups of fewer than 5 people are left out), and a team snapshot
holds a team's counts under its manager's id, which becomes NULL if the manager's
record is erased (the figures stay, anonymous).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, JsonDoc, UtcDateTime, utcnow


class OrgSnapshot(Base):
    """The organisation's network in one ISO week (``week`` like ``"2026-W48"``), as of its Sunday.

    ``figures`` holds what does not fit a column: ``ei_function`` / ``ei_region``
    (E-I index per group), ``density_function`` / ``density_region`` (tie density
    between groups, as ``[[a, b, density], ...]``), ``reach`` (the distribution of
    second-degree reach: quantiles, histogram, how many share the lowest value),
    ``new_ties_function`` / ``new_ties_region`` (the week's new ties by group).
    """

    __tablename__ = "reach_org_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(10), unique=True)
    week_start: Mapped[date] = mapped_column(Date, index=True)
    people: Mapped[int] = mapped_column(Integer, default=0)
    ties: Mapped[int] = mapped_column(Integer, default=0)
    new_ties: Mapped[int] = mapped_column(Integer, default=0)
    cross_function_share: Mapped[float] = mapped_column(Float, default=0.0)
    cross_region_share: Mapped[float] = mapped_column(Float, default=0.0)
    new_cross_function_share: Mapped[float] = mapped_column(Float, default=0.0)
    new_cross_region_share: Mapped[float] = mapped_column(Float, default=0.0)
    figures: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class TeamSnapshot(Base):
    """A team's reach in one ISO week, for the team's trend (``scope``: ``direct`` or ``all``)."""

    __tablename__ = "reach_team_snapshots"
    __table_args__ = (UniqueConstraint("week", "manager_id", "scope", name="uq_reach_team_snapshots_week_team"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(10))
    week_start: Mapped[date] = mapped_column(Date)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"), index=True)
    scope: Mapped[str] = mapped_column(String(10), default="direct")
    team_size: Mapped[int] = mapped_column(Integer, default=0)
    first_degree: Mapped[int] = mapped_column(Integer, default=0)
    second_degree: Mapped[int] = mapped_column(Integer, default=0)
    org_size: Mapped[int] = mapped_column(Integer, default=0)
    functions_reached: Mapped[int] = mapped_column(Integer, default=0)
    regions_reached: Mapped[int] = mapped_column(Integer, default=0)
    taken_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
