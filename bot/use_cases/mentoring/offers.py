"""Double opt-in: ask one candidate at a time; accept, decline or time-out moves the request on.

Every state change is a conditional update (``WHERE status = 'pending'``), so a
double click, a click racing the time-out sweep, or two replicas act once. Asking
the next candidate is its own transaction, claimed by moving the request from
``open`` to ``offered``; the sweep finishes any request left ``open`` by a crash.
Every log line of a request's life names it (:func:`bot.logs.mentoring_request_context`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.bootstrap import Services
from bot.local_time import zone_of
from bot.logs import mentoring_request_context
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
from storage.queries.mentoring import (
    candidates_asked,
    move_offer,
    move_request,
    offer_status,
    offers_past_deadline,
    request_kind,
    requests_waiting_for_a_candidate,
)
from storage.uow import Session, UnitOfWork

log = logging.getLogger(__name__)

SWEEP_BATCH = 200


@dataclass(frozen=True)
class OfferAnswer:
    """What the candidate who clicked is told (``mentoring/offer_answer`` renders ``outcome``).

    ``acted`` is False for a stale or foreign click. When the click acted, ``blocks`` is the
    candidate's DM as it now reads.
    """

    outcome: str
    acted: bool
    request_id: int | None = None
    requester_first: str = ""
    requester_slack_id: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)


def _choose(services: Services, request_id: int, now: datetime) -> tuple[Candidate | None, int] | None:
    """Read-only: the best candidate and how many were asked before; None when the request isn't open."""
    settings = services.settings
    with services.uow() as uow:
        session = uow.session
        request = session.get(MentoringRequest, request_id)
        if request is None or request.status != OPEN:
            return None
        requester = session.get(Person, request.requester_id)
        asked = candidates_asked(session, request_id)
        if len(asked) >= settings.mentoring_max_candidates or requester is None or not requester.active:
            return None, len(asked)
        return best_candidate(session, request, asked, on=now.astimezone(settings.zone).date()), len(asked)


def ask_next_candidate(services: Services, request_id: int, now: datetime) -> None:
    """Ask the best candidate not asked yet, or tell the requester honestly that nobody is left.

    The ranking reads the whole organisation, so it runs before the write transaction
    (which claims the request by moving it from ``open`` to ``offered``) to keep write
    locks short. If the chosen person lost their last free place in between, the request
    stays ``open`` and the next sweep chooses again.
    """
    with mentoring_request_context(request_id):
        chosen = _choose(services, request_id, now)
        if chosen is None:
            return
        with services.uow() as uow:
            _ask(uow, request_id, chosen, now, services)


def _ask(uow: UnitOfWork, request_id: int, chosen: tuple[Candidate | None, int], now: datetime,
         services: Services) -> None:
    session = uow.session
    found, asked_before = chosen
    if len(candidates_asked(session, request_id)) != asked_before:
        return
    on = now.astimezone(services.settings.zone).date()
    if found is not None and not has_room(session, found.person_id, request_kind(session, request_id), on):
        log.info("candidate %s has no free place any more; the sweep chooses again", found.person_id)
        return
    if not move_request(session, request_id, (OPEN,), OFFERED):
        return
    request = session.get(MentoringRequest, request_id)
    requester = session.get(Person, request.requester_id) if request else None
    assert request is not None and requester is not None
    if found is None:
        request.status, request.closed_at = UNFULFILLED, now
        send_unfulfilled(session, request, requester, asked=asked_before)
        uow.commit()
        log.info("request unfulfilled after %s candidate(s)", asked_before)
        return
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
        deadline=add_working_days(now, services.settings.mentoring_answer_days, zone_of(candidate.timezone)),
    )
    session.add(offer)
    session.flush()
    send_offer(session, offer, request, requester, candidate)
    send_with_a_candidate(session, request, requester)
    uow.commit()
    log.info("offer %s sent to candidate %s (rank %s)", offer.id, candidate.id, offer.rank)


_STALE = {ACCEPTED: "already_accepted", DECLINED: "already_declined", TIMED_OUT: "timed_out",
          OFFER_CANCELLED: "withdrawn"}


def _load(session: Session, offer_id: int, slack_id: str) -> tuple[MentoringOffer | None, str]:
    offer = session.get(MentoringOffer, offer_id)
    if offer is None:
        return None, "gone"
    candidate = session.get(Person, offer.candidate_id)
    if candidate is None or candidate.slack_id != slack_id:
        return None, "not_yours"
    if offer.status != PENDING:
        return None, _STALE.get(offer.status, "closed")
    return offer, ""


def _stale_now(session: Session, offer_id: int) -> OfferAnswer:
    session.rollback()
    return OfferAnswer(_STALE.get(offer_status(session, offer_id) or "", "closed"), acted=False)


def _parties(session: Session, offer: MentoringOffer) -> tuple[MentoringRequest, Person, Person]:
    request = session.get(MentoringRequest, offer.request_id)
    assert request is not None
    requester = session.get(Person, request.requester_id)
    candidate = session.get(Person, offer.candidate_id)
    assert requester is not None and candidate is not None
    return request, requester, candidate


def accept_offer(services: Services, offer_id: int, slack_id: str, now: datetime) -> OfferAnswer:
    """The candidate accepts: the relationship and the tie are recorded and both are introduced."""
    with services.uow() as uow:
        offer, stale = _load(uow.session, offer_id, slack_id)
        if offer is None:
            return OfferAnswer(stale, acted=False)
        with mentoring_request_context(offer.request_id):
            return _accept(uow, offer, now, services)


def _accept(uow: UnitOfWork, offer: MentoringOffer, now: datetime, services: Services) -> OfferAnswer:
    session = uow.session
    if not move_offer(session, offer.id, (PENDING,), ACCEPTED, answered_at=now):
        return _stale_now(session, offer.id)
    if not move_request(session, offer.request_id, (OFFERED,), MATCHED, matched_at=now):
        return _stale_now(session, offer.id)
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
            occurred_on=now.astimezone(services.settings.zone).date(),
            source="mentoring",
            note=f"request {request.id}",
        )
    )
    send_intro(session, offer, request, requester, candidate)
    blocks = show_offer_outcome(session, offer, request, requester, candidate)
    uow.commit()
    log.info("offer %s accepted: request matched", offer.id)
    return OfferAnswer(
        "accepted",
        acted=True,
        request_id=request.id,
        requester_first=first_name(requester),
        requester_slack_id=requester.slack_id or "",
        blocks=blocks,
    )


def decline_offer(services: Services, offer_id: int, slack_id: str, now: datetime) -> OfferAnswer:
    """The candidate declines; the request is reopened (call :func:`ask_next_candidate` next)."""
    with services.uow() as uow:
        offer, stale = _load(uow.session, offer_id, slack_id)
        if offer is None:
            return OfferAnswer(stale, acted=False)
        with mentoring_request_context(offer.request_id):
            session = uow.session
            if not move_offer(session, offer_id, (PENDING,), DECLINED, answered_at=now):
                return _stale_now(session, offer_id)
            move_request(session, offer.request_id, (OFFERED,), OPEN)
            request, requester, candidate = _parties(session, offer)
            blocks = show_offer_outcome(session, offer, request, requester, candidate)
            uow.commit()
            log.info("offer %s declined", offer_id)
            return OfferAnswer(
                "declined",
                acted=True,
                request_id=request.id,
                requester_first=first_name(requester),
                blocks=blocks,
            )


def record_decline_reason(services: Services, offer_id: int, slack_id: str, reason: str) -> None:
    """Keep the candidate's private reason for declining (only on their own declined offer)."""
    with services.uow() as uow:
        offer = uow.session.get(MentoringOffer, offer_id)
        candidate = uow.session.get(Person, offer.candidate_id) if offer else None
        if offer is None or candidate is None or candidate.slack_id != slack_id or offer.status != DECLINED:
            return
        offer.decline_reason = reason.strip()[:500]
        uow.commit()


def expire_offer(services: Services, offer_id: int, now: datetime) -> int | None:
    """Time out a pending offer past its deadline; returns the request to pass on, or None."""
    with services.uow() as uow:
        session = uow.session
        offer = session.get(MentoringOffer, offer_id)
        if offer is None or offer.deadline > now:
            return None
        with mentoring_request_context(offer.request_id):
            if not move_offer(session, offer_id, (PENDING,), TIMED_OUT):
                return None
            move_request(session, offer.request_id, (OFFERED,), OPEN)
            request, requester, candidate = _parties(session, offer)
            show_offer_outcome(session, offer, request, requester, candidate)
            uow.commit()
            log.info("offer %s timed out", offer_id)
            return request.id


def sweep_mentoring(services: Services, now: datetime) -> None:
    """Time out offers past their deadline, then ask the next candidate for every open request.

    Deadlines are in the database, so a restart loses nothing; an ``open`` request is one
    whose candidate search was interrupted (a crash between a decline and the next ask).
    """
    with services.uow() as uow:
        due = offers_past_deadline(uow.session, now, SWEEP_BATCH)
    for offer_id in due:
        expire_offer(services, offer_id, now)
    with services.uow() as uow:
        reopened = requests_waiting_for_a_candidate(uow.session, SWEEP_BATCH)
    for request_id in reopened:
        ask_next_candidate(services, request_id, now)
