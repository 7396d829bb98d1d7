"""Mentor and sponsor requests, the offers made to candidates, and the relationships that follow."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from storage.models import MentoringOffer, MentoringRelationship, MentoringRequest, Person
from storage.models.mentoring import ACTIVE, OPEN, OPEN_STATUSES, PENDING, TIE_KIND, UNFULFILLED
from storage.uow import Session

# ---- requests


def open_request_of(session: Session, person_id: int, kind: str) -> MentoringRequest | None:
    """The person's ``kind`` request still looking for a candidate (there is at most one)."""
    return session.scalar(
        select(MentoringRequest).where(
            MentoringRequest.requester_id == person_id,
            MentoringRequest.kind == kind,
            MentoringRequest.status.in_(OPEN_STATUSES),
        )
    )


def open_requests_of(session: Session, person_id: int) -> list[MentoringRequest]:
    """The person's requests of either kind still looking for a candidate."""
    return list(
        session.scalars(
            select(MentoringRequest).where(
                MentoringRequest.requester_id == person_id, MentoringRequest.status.in_(OPEN_STATUSES)
            )
        )
    )


def add_request_unless_one_is_open(session: Session, request: MentoringRequest) -> bool:
    """Store a new request; False (nothing stored) when the requester already has one of its kind open.

    The database's unique index decides, so the same form submitted twice at once stores one request.
    """
    try:
        with session.begin_nested():
            session.add(request)
    except IntegrityError:
        return False
    return True


def last_unfulfilled_request_of(session: Session, person_id: int, kind: str) -> MentoringRequest | None:
    """The person's most recent ``kind`` request that nobody could take on."""
    return session.scalar(
        select(MentoringRequest)
        .where(
            MentoringRequest.requester_id == person_id,
            MentoringRequest.kind == kind,
            MentoringRequest.status == UNFULFILLED,
        )
        .order_by(MentoringRequest.id.desc())
        .limit(1)
    )


def request_kind(session: Session, request_id: int) -> str:
    """``"mentor"`` or ``"sponsor"`` ("" when there is no such request)."""
    return session.scalar(select(MentoringRequest.kind).where(MentoringRequest.id == request_id)) or ""


def requests_waiting_for_a_candidate(session: Session, limit: int) -> list[int]:
    """Requests left ``open`` (a decline, a time-out or a crash before the next ask), oldest first."""
    return list(
        session.scalars(
            select(MentoringRequest.id)
            .where(MentoringRequest.status == OPEN)
            .order_by(MentoringRequest.id)
            .limit(limit)
        )
    )


def move_request(session: Session, request_id: int, from_: tuple[str, ...], to: str, **values: Any) -> bool:
    """Set the request's status to ``to`` only if it is still one of ``from_``; True when this call did it."""
    return _move(session, MentoringRequest, request_id, from_, to, values)


def request_outcomes(
    session: Session, since: datetime | None = None
) -> list[tuple[str, str, datetime, datetime | None]]:
    """(kind, status, created at, matched at) of every request made since ``since`` (all time by default)."""
    query = select(
        MentoringRequest.kind, MentoringRequest.status, MentoringRequest.created_at, MentoringRequest.matched_at
    )
    if since is not None:
        query = query.where(MentoringRequest.created_at >= since)
    return [(kind, status, created, matched) for kind, status, created, matched in session.execute(query)]


def unfulfilled_requests_with_requesters(
    session: Session, since: datetime | None = None
) -> list[tuple[MentoringRequest, str, str, int]]:
    """Unfulfilled requests, newest first, with the requester's name and email and how many were asked."""
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
    return [(request, name, email, int(n)) for request, name, email, n in session.execute(query)]


# ---- offers


def candidates_asked(session: Session, request_id: int) -> list[int]:
    """Everyone already asked to take on this request, whatever they answered."""
    return list(session.scalars(select(MentoringOffer.candidate_id).where(MentoringOffer.request_id == request_id)))


def offers_for(session: Session, request_id: int) -> list[MentoringOffer]:
    """Every offer made for this request."""
    return list(session.scalars(select(MentoringOffer).where(MentoringOffer.request_id == request_id)))


def pending_offers_for(session: Session, request_id: int) -> list[MentoringOffer]:
    """Offers for this request still waiting for the candidate's answer."""
    return list(
        session.scalars(
            select(MentoringOffer).where(MentoringOffer.request_id == request_id, MentoringOffer.status == PENDING)
        )
    )


def pending_offers_to(session: Session, candidate_id: int) -> list[MentoringOffer]:
    """Offers this person has not answered yet."""
    return list(
        session.scalars(
            select(MentoringOffer).where(MentoringOffer.candidate_id == candidate_id, MentoringOffer.status == PENDING)
        )
    )


def offer_status(session: Session, offer_id: int) -> str | None:
    """The offer's status as stored now (None when there is no such offer)."""
    return session.scalar(select(MentoringOffer.status).where(MentoringOffer.id == offer_id))


def offers_past_deadline(session: Session, now: datetime, limit: int) -> list[int]:
    """Pending offers whose time to answer is over, earliest deadline first."""
    return list(
        session.scalars(
            select(MentoringOffer.id)
            .where(MentoringOffer.status == PENDING, MentoringOffer.deadline <= now)
            .order_by(MentoringOffer.deadline)
            .limit(limit)
        )
    )


def move_offer(session: Session, offer_id: int, from_: tuple[str, ...], to: str, **values: Any) -> bool:
    """Set the offer's status to ``to`` only if it is still one of ``from_``; True when this call did it."""
    return _move(session, MentoringOffer, offer_id, from_, to, values)


def _move(
    session: Session,
    model: type[MentoringOffer] | type[MentoringRequest],
    row_id: int,
    from_: tuple[str, ...],
    to: str,
    values: dict[str, Any],
) -> bool:
    result = cast(
        CursorResult[Any],
        session.execute(
            update(model)
            .where(model.id == row_id, model.status.in_(from_))
            .values(status=to, **values)
            .execution_options(synchronize_session="fetch")
        ),
    )
    return int(result.rowcount or 0) == 1


# ---- load and relationships


def current_load(session: Session, kind: str, person_id: int | None = None) -> dict[int, int]:
    """Per person (or just ``person_id``): active ``kind`` relationships they lead, plus pending ``kind`` offers.

    Counting pending offers keeps two requests from being sent to someone with one place left.
    """
    load: dict[int, int] = {}
    active = (
        select(MentoringRelationship.mentor_id, func.count())
        .where(MentoringRelationship.kind == TIE_KIND[kind], MentoringRelationship.status == ACTIVE)
        .group_by(MentoringRelationship.mentor_id)
    )
    pending = (
        select(MentoringOffer.candidate_id, func.count())
        .join(MentoringRequest, MentoringRequest.id == MentoringOffer.request_id)
        .where(MentoringOffer.status == PENDING, MentoringRequest.kind == kind)
        .group_by(MentoringOffer.candidate_id)
    )
    if person_id is not None:
        active = active.where(MentoringRelationship.mentor_id == person_id)
        pending = pending.where(MentoringOffer.candidate_id == person_id)
    for query in (active, pending):
        for who, count in session.execute(query):
            load[who] = load.get(who, 0) + int(count)
    return load


def active_relationships_of(session: Session, person_id: int, tie: str | None = None) -> list[MentoringRelationship]:
    """The person's active relationships (of ``tie``, "mentoring" or "sponsorship", when given), oldest first."""
    query = select(MentoringRelationship).where(
        or_(MentoringRelationship.mentor_id == person_id, MentoringRelationship.mentee_id == person_id),
        MentoringRelationship.status == ACTIVE,
    )
    if tie is not None:
        query = query.where(MentoringRelationship.kind == tie)
    return list(session.scalars(query.order_by(MentoringRelationship.started_at, MentoringRelationship.id)))


def mentors_of(session: Session, mentee_id: int, tie: str) -> list[tuple[str | None, str, datetime]]:
    """(Slack id, name, since) of the person's active mentors (or sponsors, by ``tie``), oldest first."""
    return _other_side(session, MentoringRelationship.mentee_id, MentoringRelationship.mentor_id, mentee_id, tie)


def mentees_of(session: Session, mentor_id: int, tie: str) -> list[tuple[str | None, str, datetime]]:
    """(Slack id, name, since) of the people the person mentors (or sponsors, by ``tie``), oldest first."""
    return _other_side(session, MentoringRelationship.mentor_id, MentoringRelationship.mentee_id, mentor_id, tie)


def _other_side(
    session: Session, mine: Any, other: Any, person_id: int, tie: str
) -> list[tuple[str | None, str, datetime]]:
    rows = session.execute(
        select(Person.slack_id, Person.name, MentoringRelationship.started_at)
        .join(Person, Person.id == other)
        .where(mine == person_id, MentoringRelationship.kind == tie, MentoringRelationship.status == ACTIVE)
        .order_by(MentoringRelationship.started_at)
    )
    return [(slack_id, name, started) for slack_id, name, started in rows]
