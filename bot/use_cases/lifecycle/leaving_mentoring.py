"""A leaver's mentoring and sponsorship: requests withdrawn, offers passed on, relationships closed kindly.

Called by :func:`bot.use_cases.lifecycle.leaving.people_left` in the same transaction. It
works through the mentoring capability's own pieces: a withdrawn offer's DM is
re-rendered with :func:`bot.use_cases.mentoring.messages.show_offer_outcome`, and
a request set back to ``open`` (the leaver was its candidate, or a new one for a
mentee who lost their mentor) is picked up by
:func:`bot.use_cases.mentoring.offers.sweep_mentoring`, which asks the next
best candidate.
"""

from __future__ import annotations

from datetime import datetime

from bot.outbox import cancel_pending, enqueue
from bot.use_cases.mentoring.messages import first_name, offer_key, show_offer_outcome
from message_templates import render_blocks, render_text
from storage.models import MentoringRelationship, MentoringRequest, Person
from storage.models.mentoring import CANCELLED, CLOSED, MENTOR, OFFER_CANCELLED, OFFERED, OPEN, PENDING, SPONSOR
from storage.queries.mentoring import (
    active_relationships_of,
    offers_for,
    open_request_of,
    open_requests_of,
    pending_offers_for,
    pending_offers_to,
)
from storage.uow import Session

#: Relationship kind → request kind.
REQUEST_KIND = {"mentoring": MENTOR, "sponsorship": SPONSOR}


def leave_mentoring(session: Session, leaver: Person, now: datetime) -> None:
    """Everything mentoring the leaver was part of lets them go."""
    _withdraw_their_requests(session, leaver, now)
    pass_on_offers(session, leaver, now)
    for relationship in active_relationships_of(session, leaver.id):
        relationship.status, relationship.ended_at = CLOSED, now
        if relationship.mentor_id == leaver.id:
            _mentee_lost_their_mentor(session, relationship, leaver, now)
        else:
            _tell_the_mentor(session, relationship, leaver)


def _withdraw_their_requests(session: Session, leaver: Person, now: datetime) -> None:
    for request in open_requests_of(session, leaver.id):
        request.status, request.closed_at = CANCELLED, now
        for offer in pending_offers_for(session, request.id):
            offer.status, offer.answered_at = OFFER_CANCELLED, now
            candidate = session.get(Person, offer.candidate_id)
            if cancel_pending(session, offer_key(offer)) == 0 and candidate is not None:
                show_offer_outcome(session, offer, request, leaver, candidate)
        cancel_pending(session, f"mentoring:request:{request.id}:")


def pass_on_offers(session: Session, leaver: Person, now: datetime) -> None:
    """The leaver's pending offers are withdrawn and their requests reopened for the next candidate."""
    for offer in pending_offers_to(session, leaver.id):
        offer.status, offer.answered_at = OFFER_CANCELLED, now
        cancel_pending(session, offer_key(offer))
        request = session.get(MentoringRequest, offer.request_id)
        if request is not None and request.status == OFFERED:
            request.status = OPEN  # the mentoring sweep asks the next candidate


def withdraw_requests_quietly(session: Session, person: Person, now: datetime) -> None:
    """Their open requests end and the offer DMs not sent yet are dropped, without a word to anyone (erasure)."""
    for request in open_requests_of(session, person.id):
        request.status, request.closed_at = CANCELLED, now
        for offer in offers_for(session, request.id):
            if offer.status == PENDING:
                offer.status, offer.answered_at = OFFER_CANCELLED, now
            cancel_pending(session, offer_key(offer))
        cancel_pending(session, f"mentoring:request:{request.id}:")


def _mentee_lost_their_mentor(
    session: Session, relationship: MentoringRelationship, leaver: Person, now: datetime
) -> None:
    mentee = session.get(Person, relationship.mentee_id)
    if mentee is None or not mentee.active or not mentee.slack_id:
        return
    kind = REQUEST_KIND.get(relationship.kind, MENTOR)
    old = session.get(MentoringRequest, relationship.request_id) if relationship.request_id else None
    already = open_request_of(session, mentee.id, kind)
    searching = old is not None and already is None
    if old is not None and searching:
        session.add(
            MentoringRequest(
                requester_id=mentee.id, kind=kind, topic=old.topic, skills_wanted=list(old.skills_wanted or ()),
                preferences=dict(old.preferences or {}), status=OPEN, created_at=now,
            )
        )
        session.flush()
    ctx = {
        "mentee_first": first_name(mentee),
        "leaver_first": first_name(leaver),
        "role": "mentor" if kind == MENTOR else "sponsor",
        "topic": old.topic if old is not None else "",
        "searching": searching,
        "command": "/mentor" if kind == MENTOR else "/sponsor",
    }
    enqueue(
        session,
        f"leaving:relationship:{relationship.id}:mentee",
        text=render_text("lifecycle/mentor_left_text", **ctx),
        blocks=render_blocks("lifecycle/mentor_left", **ctx),
        users=[mentee.slack_id],
    )


def _tell_the_mentor(session: Session, relationship: MentoringRelationship, leaver: Person) -> None:
    mentor = session.get(Person, relationship.mentor_id)
    if mentor is None or not mentor.active or not mentor.slack_id:
        return
    ctx = {
        "mentor_first": first_name(mentor),
        "leaver_first": first_name(leaver),
        "role": "mentor" if relationship.kind == "mentoring" else "sponsor",
    }
    enqueue(
        session,
        f"leaving:relationship:{relationship.id}:mentor",
        text=render_text("lifecycle/mentee_left_text", **ctx),
        blocks=render_blocks("lifecycle/mentee_left", **ctx),
        users=[mentor.slack_id],
    )
