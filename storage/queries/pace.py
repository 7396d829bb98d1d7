"""The pace of rate-limited Slack methods, kept in the database so that every replica keeps it together.

Slack's tiers count calls per workspace, not per process: two replicas pacing on their
own would call twice as often as the tier allows. Each call of a paced method first
takes the next *slot* (a time, in seconds on the clock every replica shares) with a
conditional UPDATE on the method's row, which works alike on SQLite and PostgreSQL:
of two replicas reading the same row, one UPDATE matches and the other takes the slot after.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from storage.models import SlackPace
from storage.uow import Session

#: A next slot further ahead than this is from a clock that was wrong (or a pace that changed): start again now.
MOST_AHEAD = 60.0


def take_slot(session: Session, method: str, gap: float, now: float) -> float | None:
    """The time the next call of ``method`` may go (``now`` or later), taken for the caller; None if another
    replica took that slot at the same moment (ask again). The caller commits at once.
    """
    row = session.execute(select(SlackPace.next_at, SlackPace.claims).where(SlackPace.method == method)).first()
    if row is None:
        try:
            with session.begin_nested():
                session.add(SlackPace(method=method, next_at=now + gap, claims=1))
            return now
        except IntegrityError:
            return None  # another replica made the row first
    next_at, claims = row
    slot = now if next_at > now + MOST_AHEAD else max(now, next_at)
    taken = session.execute(update(SlackPace).where(SlackPace.method == method, SlackPace.claims == claims)
                            .values(next_at=slot + gap, claims=claims + 1))
    return slot if taken.rowcount == 1 else None  # type: ignore[attr-defined]


def not_before(session: Session, method: str, at: float) -> None:
    """No call of ``method`` before ``at`` (a call that took long: the gap counts from when it returned)."""
    session.execute(update(SlackPace).where(SlackPace.method == method, SlackPace.next_at < at)
                    .values(next_at=at, claims=SlackPace.claims + 1))
