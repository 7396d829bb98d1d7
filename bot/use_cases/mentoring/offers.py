"""Double opt-in: ask one candidate at a time; accept, decline or time-out moves the request on.

Every state change is a conditional update (``WHERE status = 'pending'``), so a
double click, a click racing the time-out sweep, or two replicas act once. Asking
the next candidate is its own transaction, claimed by moving the request from
``open`` to ``offered``; the sweep finishes any request left ``open`` by a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.bootstrap import Services
from bot.local_time import zone_of
from bot.settings import Settings
from bot.use_cases.mentoring.candidates import best_candidate, has_room
from bot.use_cases.mentoring.messages import (
    first_name,
    send_intro,
    send_offer,
    send_unfulfilled,
    send_with_a_candidate,
    show_offer_outcome,
)
from matching.deadlines import add_working_days
from matching.mentors import Candidate
from storage.models import Interaction, MentoringOffer, MentoringRelationship, MentoringRequest, Person
from storage.models.mentoring import (
    ACCEPTED,
    DECLINED,
    MATCHED,
    OFFER_CANCELLED,
    OFFERED,
    OPEN,
    PENDING,
    TIE_KIND,
    TIMED_OUT,
    UNFULFILLED,
)
from storage.uow import UnitOfWork

SWEEP_BATCH = 200


@dataclass(frozen=True)
class Answer:
    """What the person who clicked is told; ``acted`` is False for a stale or foreign click.

    When the click acted, ``blocks`` is the candidate's DM as it now reads.
    """

    text: str
    acted: bool
    request_id: int | None = None
    requester_first: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)


def _move(session: Session, model: Any, row_id: int, from_: tuple[str, ...], to: str, **values: Any) -> bool:
    """Change ``status`` only if it is still one of ``from_``; True when this call did it."""
    result = session.execute(
        update(model)
        .where(model.id == row_id, model.status.in_(from_))
        .values(status=to, **values)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


def _asked(session: Session, request_id: int) -> list[int]:
    return list(session.scalars(select(MentoringOffer.candidate_id).where(MentoringOffer.request_id == request_id)))


def _choose(uow: UnitOfWork, request_id: int, now: datetime, settings: Settings) -> tuple[Candidate | None, int] | None:
    """Read-only: the best candidate and how many were asked before; None when the request isn't open."""
    with uow:
        session = uow.session
        request = session.get(MentoringRequest, request_id)
        if request is None or request.status != OPEN:
            return None
        requester = session.get(Person, request.requester_id)
        asked = _asked(session, request_id)
        if len(asked) >= settings.mentoring_max_candidates or requester is None or not requester.active:
            return None, len(asked)
        return best_candidate(session, request, asked, on=now.astimezone(settings.zone).date()), len(asked)


def ask_next_candidate(uow: UnitOfWork, request_id: int, now: datetime, settings: Settings) -> None:
    """Ask the best candidate not asked yet, or tell the requester honestly that nobody is left.

    The ranking reads the whole organisation, so it runs before the write transaction
    (which claims the request by moving it from ``open`` to ``offered``) to keep write
    locks short. If the chosen person lost their last free place in between, the request
    stays ``open`` and the next sweep chooses again.
    """
    chosen = _choose(uow, request_id, now, settings)
    if chosen is None:
        return
    found, asked_before = chosen
    on = now.astimezone(settings.zone).date()
    with uow:
        session = uow.session
        if len(_asked(session, request_id)) != asked_before:
            return
        if found is not None and not has_room(session, found.person_id, _kind(session, request_id), on):
            return
        if not _move(session, MentoringRequest, request_id, (OPEN,), OFFERED):
            return
        request = session.get(MentoringRequest, request_id)
        requester = session.get(Person, request.requester_id) if request else None
        assert request is not None and requester is not None
        if found is None:
            request.status, request.closed_at = UNFULFILLED, now
            send_unfulfilled(session, request, requester, asked=asked_before)
        else:
            candidate = session.get(Person, found.person_id)
            assert candidate is not None
            offer = MentoringOffer(
                request_id=request_id,
                candidate_id=candidate.id,
                rank=asked_before + 1,
                score=found.score,
                reasons=list(found.reasons),
                status=PENDING,
                offered_at=now,
                deadline=add_working_days(now, settings.mentoring_answer_days, zone_of(candidate.timezone)),
            )
            session.add(offer)
            session.flush()
            send_offer(session, offer, request, requester, candidate)
            send_with_a_candidate(session, request, requester)
        uow.commit()


def _kind(session: Session, request_id: int) -> str:
    return session.scalar(select(MentoringRequest.kind).where(MentoringRequest.id == request_id)) or ""


_STALE = {
    ACCEPTED: "You've already accepted this request: your group DM is open. Nothing more to do here.",
    DECLINED: "You've already declined this request. Thanks for answering; nothing more to do.",
    TIMED_OUT: "The time to answer this request has passed, so I asked someone else. No action needed.",
    OFFER_CANCELLED: "This request was withdrawn, so there's nothing to do. Thank you all the same.",
}


def _load(session: Session, offer_id: int, slack_id: str) -> tuple[MentoringOffer | None, str]:
    offer = session.get(MentoringOffer, offer_id)
    if offer is None:
        return None, "This request no longer exists. No action needed."
    candidate = session.get(Person, offer.candidate_id)
    if candidate is None or candidate.slack_id != slack_id:
        return None, "This request was sent to someone else, so only they can answer it."
    if offer.status != PENDING:
        return None, _STALE.get(offer.status, "This request is closed. No action needed.")
    return offer, ""


def _stale_now(session: Session, offer_id: int) -> Answer:
    session.rollback()
    status = session.scalar(select(MentoringOffer.status).where(MentoringOffer.id == offer_id))
    return Answer(_STALE.get(status or "", "This request is closed. No action needed."), acted=False)


def _parties(session: Session, offer: MentoringOffer) -> tuple[MentoringRequest, Person, Person]:
    request = session.get(MentoringRequest, offer.request_id)
    assert request is not None
    requester = session.get(Person, request.requester_id)
    candidate = session.get(Person, offer.candidate_id)
    assert requester is not None and candidate is not None
    return request, requester, candidate


def accept_offer(uow: UnitOfWork, offer_id: int, slack_id: str, now: datetime, settings: Settings) -> Answer:
    """The candidate accepts: the relationship and the tie are recorded and both are introduced."""
    with uow:
        session = uow.session
        offer, stale = _load(session, offer_id, slack_id)
        if offer is None:
            return Answer(stale, acted=False)
        if not _move(session, MentoringOffer, offer_id, (PENDING,), ACCEPTED, answered_at=now):
            return _stale_now(session, offer_id)
        if not _move(session, MentoringRequest, offer.request_id, (OFFERED,), MATCHED, matched_at=now):
            return _stale_now(session, offer_id)
        request, requester, candidate = _parties(session, offer)
        kind = TIE_KIND[request.kind]
        session.add(
            MentoringRelationship(
                kind=kind, mentor_id=candidate.id, mentee_id=requester.id, request_id=request.id, started_at=now
            )
        )
        a_id, b_id = Interaction.ordered(candidate.id, requester.id)
        session.add(
            Interaction(
                a_id=a_id,
                b_id=b_id,
                kind=kind,
                occurred_on=now.astimezone(settings.zone).date(),
                source="mentoring",
                note=f"request {request.id}",
            )
        )
        send_intro(session, offer, request, requester, candidate)
        blocks = show_offer_outcome(session, offer, request, requester, candidate)
        uow.commit()
        return Answer(
            f"Thank you! I've introduced you to <@{requester.slack_id}> in a group DM.",
            acted=True,
            request_id=request.id,
            requester_first=first_name(requester),
            blocks=blocks,
        )


def decline_offer(uow: UnitOfWork, offer_id: int, slack_id: str, now: datetime) -> Answer:
    """The candidate declines; the request is reopened (call :func:`ask_next_candidate` next)."""
    with uow:
        session = uow.session
        offer, stale = _load(session, offer_id, slack_id)
        if offer is None:
            return Answer(stale, acted=False)
        if not _move(session, MentoringOffer, offer_id, (PENDING,), DECLINED, answered_at=now):
            return _stale_now(session, offer_id)
        _move(session, MentoringRequest, offer.request_id, (OFFERED,), OPEN)
        request, requester, candidate = _parties(session, offer)
        blocks = show_offer_outcome(session, offer, request, requester, candidate)
        uow.commit()
        return Answer(
            "Thanks for answering. I'll ask someone else; they won't be told who declined.",
            acted=True,
            request_id=request.id,
            requester_first=first_name(requester),
            blocks=blocks,
        )


def record_decline_reason(uow: UnitOfWork, offer_id: int, slack_id: str, reason: str) -> None:
    """Keep the candidate's private reason for declining (only on their own declined offer)."""
    with uow:
        offer = uow.session.get(MentoringOffer, offer_id)
        candidate = uow.session.get(Person, offer.candidate_id) if offer else None
        if offer is None or candidate is None or candidate.slack_id != slack_id or offer.status != DECLINED:
            return
        offer.decline_reason = reason.strip()[:500]
        uow.commit()


def expire_offer(uow: UnitOfWork, offer_id: int, now: datetime) -> int | None:
    """Time out a pending offer past its deadline; returns the request to pass on, or None."""
    with uow:
        session = uow.session
        offer = session.get(MentoringOffer, offer_id)
        if offer is None or offer.deadline > now:
            return None
        if not _move(session, MentoringOffer, offer_id, (PENDING,), TIMED_OUT):
            return None
        _move(session, MentoringRequest, offer.request_id, (OFFERED,), OPEN)
        request, requester, candidate = _parties(session, offer)
        show_offer_outcome(session, offer, request, requester, candidate)
        uow.commit()
        return request.id


def sweep_mentoring(services: Services, now: datetime) -> None:
    """Time out offers past their deadline, then ask the next candidate for every open request.

    Deadlines are in the database, so a restart loses nothing; an ``open`` request is one
    whose candidate search was interrupted (a crash between a decline and the next ask).
    """
    with services.uow() as uow:
        due = list(
            uow.session.scalars(
                select(MentoringOffer.id)
                .where(MentoringOffer.status == PENDING, MentoringOffer.deadline <= now)
                .order_by(MentoringOffer.deadline)
                .limit(SWEEP_BATCH)
            )
        )
    for offer_id in due:
        expire_offer(services.uow(), offer_id, now)
    with services.uow() as uow:
        reopened = list(
            uow.session.scalars(
                select(MentoringRequest.id)
                .where(MentoringRequest.status == OPEN)
                .order_by(MentoringRequest.id)
                .limit(SWEEP_BATCH)
            )
        )
    for request_id in reopened:
        ask_next_candidate(services.uow(), request_id, now, services.settings)
