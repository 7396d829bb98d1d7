"""What events produced: attendance, ties made there (new or renewed) and how they cross silos.

``event_result`` is one event's result for the CNO; ``event_figures`` sums up the
events held in a period for the CNO report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session, aliased

from bot.use_cases.events.met import event_note
from bot.use_cases.events.places import count_by_status
from storage.models import Event, Interaction, Invitation, Person
from storage.models.events import DONE, GOING

SMALL_GROUP = 5  # groups below this size are not broken down


@dataclass(frozen=True)
class TieFigures:
    ties: int = 0
    new_ties: int = 0
    cross_function: int = 0
    cross_region: int = 0

    @property
    def cross_function_share(self) -> float:
        return self.cross_function / self.ties if self.ties else 0.0

    @property
    def cross_region_share(self) -> float:
        return self.cross_region / self.ties if self.ties else 0.0


@dataclass(frozen=True)
class EventResult:
    """One event's result. ``attended`` counts those who answered "who did you meet?"."""

    event_id: int
    title: str
    counts: dict[str, int]
    attended: int
    said_absent: int
    ties: TieFigures
    going_by_function: dict[str, int] = field(default_factory=dict)
    going_by_region: dict[str, int] = field(default_factory=dict)

    @property
    def invited(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class EventFigures:
    """Events held (done) in a period, for the CNO report."""

    events: int
    invited: int
    going: int
    attended: int
    ties: TieFigures


def tie_figures(session: Session, event_ids: list[int]) -> TieFigures:
    """Ties recorded at these events; a tie is new when the pair had no interaction before it."""
    if not event_ids:
        return TieFigures()
    tie, other = aliased(Interaction), aliased(Interaction)
    earlier = exists().where(
        other.a_id == tie.a_id,
        other.b_id == tie.b_id,
        or_(other.occurred_on < tie.occurred_on, and_(other.occurred_on == tie.occurred_on, other.id < tie.id)),
    )
    rows = session.execute(
        select(tie.a_id, tie.b_id, ~earlier).where(
            tie.source == "event", tie.note.in_([event_note(e) for e in event_ids])
        )
    ).all()
    ids = {i for a, b, _ in rows for i in (a, b)}
    silo = {p.id: (p.function, p.region) for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    unknown = ("", "")
    return TieFigures(
        ties=len(rows),
        new_ties=sum(1 for *_, new in rows if new),
        cross_function=sum(1 for a, b, _ in rows if silo.get(a, unknown)[0] != silo.get(b, unknown)[0]),
        cross_region=sum(1 for a, b, _ in rows if silo.get(a, unknown)[1] != silo.get(b, unknown)[1]),
    )


def _private(counts: Counter[str]) -> dict[str, int]:
    """Groups below five are merged into "other" so nobody can be singled out."""
    shown = {k or "unknown": v for k, v in counts.most_common() if v >= SMALL_GROUP}
    rest = sum(v for v in counts.values() if v < SMALL_GROUP)
    if rest:
        shown["other"] = rest
    return shown


def event_result(session: Session, event: Event) -> EventResult:
    going = session.execute(
        select(Person.function, Person.region, Invitation.attended)
        .join(Invitation, Invitation.person_id == Person.id)
        .where(Invitation.event_id == event.id, Invitation.status == GOING)
    ).all()
    return EventResult(
        event_id=event.id,
        title=event.title,
        counts=count_by_status(session, event.id),
        attended=sum(1 for *_, attended in going if attended is True),
        said_absent=sum(1 for *_, attended in going if attended is False),
        ties=tie_figures(session, [event.id]),
        going_by_function=_private(Counter(f for f, _, _ in going)),
        going_by_region=_private(Counter(r for _, r, _ in going)),
    )


def event_figures(session: Session, since: date | datetime | None = None) -> EventFigures:
    """Events that took place since ``since`` (all when None): invitations, attendance, ties made there."""
    query = select(Event.id).where(Event.status == DONE)
    if since is not None:
        start = since if isinstance(since, datetime) else datetime.combine(since, time(), tzinfo=UTC)
        query = query.where(Event.starts_at >= start)
    event_ids = list(session.scalars(query))
    invitations = session.execute(
        select(Invitation.status, Invitation.attended).where(Invitation.event_id.in_(event_ids))
    ).all() if event_ids else []
    return EventFigures(
        events=len(event_ids),
        invited=len(invitations),
        going=sum(1 for status, _ in invitations if status == GOING),
        attended=sum(1 for _, attended in invitations if attended is True),
        ties=tie_figures(session, event_ids),
    )
