"""What events produced: attendance, ties made there (new or renewed) and how they cross silos.

``event_result`` is one event's result for the CNO; ``event_figures`` sums up the
events held in a period for the CNO report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from bot.use_cases.events.keys import event_note
from storage.models import Event
from storage.models.events import GOING
from storage.queries.event_ties import silos_of, ties_noted
from storage.queries.events import answers_at, answers_by_status, done_event_ids, silos_going
from storage.uow import Session

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
    rows = ties_noted(session, [event_note(e) for e in event_ids])
    silo = silos_of(session, {i for a, b, _ in rows for i in (a, b)})
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
    going = silos_going(session, event.id)
    return EventResult(
        event_id=event.id,
        title=event.title,
        counts=answers_by_status(session, event.id),
        attended=sum(1 for *_, attended in going if attended is True),
        said_absent=sum(1 for *_, attended in going if attended is False),
        ties=tie_figures(session, [event.id]),
        going_by_function=_private(Counter(f for f, _, _ in going)),
        going_by_region=_private(Counter(r for _, r, _ in going)),
    )


def event_figures(session: Session, since: date | datetime | None = None) -> EventFigures:
    """Events that took place since ``since`` (all when None): invitations, attendance, ties made there."""
    start = since if isinstance(since, datetime) or since is None else datetime.combine(since, time(), tzinfo=UTC)
    event_ids = done_event_ids(session, start)
    invitations = answers_at(session, event_ids)
    return EventFigures(
        events=len(event_ids),
        invited=len(invitations),
        going=sum(1 for status, _ in invitations if status == GOING),
        attended=sum(1 for _, attended in invitations if attended is True),
        ties=tie_figures(session, event_ids),
    )
