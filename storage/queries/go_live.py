"""What `cno doctor` reads: who can get intros, who holds the CNO role, the scheduler's lock and the outbox."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from storage.models import OutboxMessage, Person
from storage.models.outbox import FAILED, PENDING, SENDING


@dataclass(frozen=True)
class PeopleReach:
    active: int
    with_slack_id: int


@dataclass(frozen=True)
class OutboxBacklog:
    waiting: int  # pending or being sent
    oldest_due: datetime | None  # when the longest-waiting due message was due
    failed: int


def people_reachable_in_slack(session: Session) -> PeopleReach:
    """How many present people there are, and how many of them have a Slack id (and so can get intros)."""
    active, linked = session.execute(
        select(func.count(), func.count(Person.slack_id)).where(Person.active.is_(True))
    ).one()
    return PeopleReach(int(active), int(linked))


def people_named_in_admins(session: Session, entries: Collection[str]) -> list[Person]:
    """Present people whose Slack id or email is one of ``entries`` (lower-cased, as CNO_ADMINS is read)."""
    if not entries:
        return []
    wanted = list(entries)
    return list(session.scalars(
        select(Person)
        .where(Person.active.is_(True),
               or_(func.lower(Person.email).in_(wanted), func.lower(Person.slack_id).in_(wanted)))
        .order_by(Person.email)
    ))


def outbox_backlog(session: Session, now: datetime) -> OutboxBacklog:
    """Messages waiting to go out, when the oldest due one was due, and how many failed for good."""
    waiting, oldest = session.execute(
        select(func.count(), func.min(OutboxMessage.not_before))
        .where(OutboxMessage.status.in_((PENDING, SENDING)), OutboxMessage.not_before <= now)
    ).one()
    failed = session.scalar(select(func.count()).where(OutboxMessage.status == FAILED)) or 0
    return OutboxBacklog(int(waiting), oldest, int(failed))


def advisory_lock_held(session: Session, lock_id: int) -> bool:
    """Whether some session of this PostgreSQL database holds the advisory lock ``lock_id`` (a bigint key)."""
    held = session.scalar(
        text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND classid = CAST(:high AS oid) AND objid = CAST(:low AS oid) AND objsubid = 1"
        ),
        {"high": lock_id >> 32, "low": lock_id & 0xFFFFFFFF},
    )
    return bool(held)
