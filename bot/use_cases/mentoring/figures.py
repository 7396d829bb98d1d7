"""Mentoring and sponsorship figures for the CNO's report, and the list of unfulfilled requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import MentoringOffer, MentoringRequest, Person
from storage.models.mentoring import CANCELLED, KINDS, MATCHED, OPEN_STATUSES, UNFULFILLED


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
    query = select(MentoringRequest.kind, MentoringRequest.status, MentoringRequest.created_at,
                   MentoringRequest.matched_at)
    if since is not None:
        query = query.where(MentoringRequest.created_at >= since)
    rows: dict[str, list[tuple[str, datetime, datetime | None]]] = {kind: [] for kind in KINDS}
    for kind, status, created, matched in session.execute(query):
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
            median_time_to_match=median(waits) if waits else None,
        )
    return figures


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
    asked = (
        select(MentoringOffer.request_id, func.count().label("n"))
        .group_by(MentoringOffer.request_id)
        .subquery()
    )
    query = (
        select(MentoringRequest, Person.name, Person.email, func.coalesce(asked.c.n, 0))
        .join(Person, Person.id == MentoringRequest.requester_id)
        .outerjoin(asked, asked.c.request_id == MentoringRequest.id)
        .where(MentoringRequest.status == UNFULFILLED)
        .order_by(MentoringRequest.created_at.desc(), MentoringRequest.id.desc())
    )
    if since is not None:
        query = query.where(MentoringRequest.created_at >= since)
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
            candidates_asked=int(n),
        )
        for r, name, email, n in session.execute(query)
    ]
