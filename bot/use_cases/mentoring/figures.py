"""Mentoring and sponsorship figures for the CNO's report, and the list of unfulfilled requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bootstrap import Services
from storage.models.mentoring import CANCELLED, KINDS, MATCHED, OPEN_STATUSES, UNFULFILLED
from storage.queries.mentoring import request_outcomes, unfulfilled_requests_with_requesters
from storage.uow import Session


@dataclass(frozen=True)
class KindFigures:
    """One kind of request (mentor or sponsor) over the period.

    ``fulfilment_rate`` is matched / (matched + unfulfilled): requests still open or
    withdrawn by the requester have no outcome yet and are left out (None when no
    request has an outcome). ``median_time_to_match`` runs from the request to the
    candidate's acceptance.
    """

    requests: int
    fulfilled: int
    unfulfilled: int
    open: int
    cancelled: int
    fulfilment_rate: float | None
    median_time_to_match: timedelta | None


def mentoring_figures(session: Session, since: datetime | None = None) -> dict[str, KindFigures]:
    """Figures by kind (``"mentor"``, ``"sponsor"``) for requests made since ``since`` (all time by default)."""
    rows: dict[str, list[tuple[str, datetime, datetime | None]]] = {kind: [] for kind in KINDS}
    for kind, status, created, matched in request_outcomes(session, since):
        rows.setdefault(kind, []).append((status, created, matched))
    figures = {}
    for kind, requests in rows.items():
        def count(*statuses: str, requests: list[tuple[str, datetime, datetime | None]] = requests) -> int:
            return sum(1 for status, _, _ in requests if status in statuses)

        fulfilled, unfulfilled = count(MATCHED), count(UNFULFILLED)
        waits = [matched - created for status, created, matched in requests if status == MATCHED and matched]
        figures[kind] = KindFigures(
            requests=len(requests),
            fulfilled=fulfilled,
            unfulfilled=unfulfilled,
            open=count(*OPEN_STATUSES),
            cancelled=count(CANCELLED),
            fulfilment_rate=fulfilled / (fulfilled + unfulfilled) if fulfilled + unfulfilled else None,
            median_time_to_match=_median(waits) if waits else None,
        )
    return figures


def _median(waits: list[timedelta]) -> timedelta:
    """The middle wait (the mean of the two middle ones for an even count), as :func:`statistics.median`."""
    ordered = sorted(waits)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class UnfulfilledRequest:
    """A request nobody could take on, for the CNO to follow up in person (never who was asked)."""

    request_id: int
    kind: str
    requester_name: str
    requester_email: str
    topic: str
    skills_wanted: tuple[str, ...]
    created_at: datetime
    closed_at: datetime | None
    candidates_asked: int


def unfulfilled_requests(session: Session, since: datetime | None = None) -> list[UnfulfilledRequest]:
    """Unfulfilled requests, newest first (only those made since ``since`` when given)."""
    return [
        UnfulfilledRequest(
            request_id=r.id,
            kind=r.kind,
            requester_name=name,
            requester_email=email,
            topic=r.topic,
            skills_wanted=tuple(r.skills_wanted or ()),
            created_at=r.created_at,
            closed_at=r.closed_at,
            candidates_asked=n,
        )
        for r, name, email, n in unfulfilled_requests_with_requesters(session, since)
    ]


def figures_since(services: Services, since: datetime | None = None) -> dict[str, KindFigures]:
    """`cno mentoring figures`: :func:`mentoring_figures` in a transaction of its own."""
    with services.uow() as uow:
        return mentoring_figures(uow.session, since)


def unfulfilled_since(services: Services, since: datetime | None = None) -> list[UnfulfilledRequest]:
    """`cno mentoring unfulfilled`: :func:`unfulfilled_requests` in a transaction of its own."""
    with services.uow() as uow:
        return unfulfilled_requests(uow.session, since)
