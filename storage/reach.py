"""Weekly reach snapshots: ISO weeks, and reading and writing the snapshot rows."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.errors import StorageError
from storage.models import OrgSnapshot, Person, TeamSnapshot

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def iso_week(day: date) -> str:
    """The ISO week of ``day``, e.g. ``"2026-W48"``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> date:
    """The Monday of an ISO week written ``YYYY-Www``; a bad week raises StorageError naming it."""
    match = _WEEK.match(week)
    if not match:
        raise StorageError(f"week {week!r} is not an ISO week like 2026-W48")
    try:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise StorageError(f"week {week!r} does not exist") from None


def week_end(week: str) -> date:
    """The Sunday of an ISO week."""
    return week_start(week) + timedelta(days=6)


def org_snapshot(session: Session, week: str) -> OrgSnapshot | None:
    return session.scalar(select(OrgSnapshot).where(OrgSnapshot.week == week))


def org_snapshots(session: Session, since: date | None = None) -> list[OrgSnapshot]:
    """Organisation snapshots, oldest first (from the week containing ``since``)."""
    query = select(OrgSnapshot).order_by(OrgSnapshot.week_start)
    if since is not None:
        query = query.where(OrgSnapshot.week_start >= since - timedelta(days=since.weekday()))
    return list(session.scalars(query))


def team_snapshots(session: Session, manager_id: int, scope: str, since: date) -> list[TeamSnapshot]:
    """A team's snapshots from the week containing ``since``, oldest first."""
    query = (
        select(TeamSnapshot)
        .where(
            TeamSnapshot.manager_id == manager_id,
            TeamSnapshot.scope == scope,
            TeamSnapshot.week_start >= since - timedelta(days=since.weekday()),
        )
        .order_by(TeamSnapshot.week_start)
    )
    return list(session.scalars(query))


def followed_teams(session: Session, since: date) -> list[tuple[int, str]]:
    """(manager id, scope) of every team with a snapshot since ``since``: teams someone looks at
    (whose manager is still here: a team whose manager left has no figures to refresh)."""
    query = (
        select(TeamSnapshot.manager_id, TeamSnapshot.scope)
        .join(Person, Person.id == TeamSnapshot.manager_id)
        .where(TeamSnapshot.week_start >= since, Person.active.is_(True))
        .distinct()
    )
    return [(int(m), str(s)) for m, s in session.execute(query) if m is not None]


def teams_refreshed_since(session: Session, week: str, taken: datetime) -> set[tuple[int, str]]:
    """(manager id, scope) of the teams whose snapshot for ``week`` was taken at or after ``taken``."""
    query = select(TeamSnapshot.manager_id, TeamSnapshot.scope).where(
        TeamSnapshot.week == week, TeamSnapshot.taken_at >= taken, TeamSnapshot.manager_id.is_not(None))
    return {(int(m), str(s)) for m, s in session.execute(query) if m is not None}


def save_team_snapshot(session: Session, week: str, manager_id: int, scope: str, **figures: Any) -> TeamSnapshot:
    """Insert or refresh a team's snapshot for ``week`` (the latest figures of the week win).

    Two replicas writing the same team's week at once: the loser's insert is undone
    (a savepoint), and its figures are written over the winner's row instead.
    """
    try:
        with session.begin_nested():
            return _save_team_snapshot(session, week, manager_id, scope, figures)
    except IntegrityError:
        return _save_team_snapshot(session, week, manager_id, scope, figures)


def _save_team_snapshot(
    session: Session, week: str, manager_id: int, scope: str, figures: dict[str, Any]
) -> TeamSnapshot:
    row = session.scalar(
        select(TeamSnapshot).where(
            TeamSnapshot.week == week, TeamSnapshot.manager_id == manager_id, TeamSnapshot.scope == scope
        )
    )
    if row is None:
        row = TeamSnapshot(week=week, week_start=week_start(week), manager_id=manager_id, scope=scope)
        session.add(row)
    for name, value in figures.items():
        setattr(row, name, value)
    session.flush()
    return row
