"""Every message of mentor and sponsor matching, rendered from templates and put in the outbox.

Privacy: the requester hears that the request is with *a* candidate, then either
the introduction or an honest "nobody this time"; never who was asked or declined.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.local_time import zone_of
from bot.names import display_name
from bot.outbox import enqueue, update_sent
from message_templates import render_blocks, render_text
from storage.models import MentoringOffer, MentoringRequest, Person
from storage.models.mentoring import MENTOR
from storage.uow import Session

# The engine words its reasons for the requester ("the topic you asked about");
# the candidate and the group DM read them about the requester instead.
_RETOLD = (
    ("you have not worked together yet", "you have not worked together yet", "you two have not worked together yet"),
    ("the topic you asked about", "the topic {name} asked about", "the topic they asked about"),
    ("skills you want", "skills {name} wants", "skills they want"),
    ("skill you want", "skill {name} wants", "skill they want"),
    ("close to your goal", "close to {name}'s goal", "close to their goal"),
    ("At your level", "At {name}'s level", "At their level"),
)


def retell(reason: str, name: str | None = None) -> str:
    """An engine reason about the requester, for someone else: named, or as "they" when ``name`` is None."""
    for phrase, named, they in _RETOLD:
        if phrase in reason:
            reason = reason.replace(phrase, named.format(name=name) if name else they)
    return reason


def local_time(moment: datetime, person: Person) -> str:
    """``Mon 30 Nov, 10:00`` on the person's own clock."""
    t = moment.astimezone(zone_of(person.timezone))
    return f"{t:%a} {t.day} {t:%b, %H:%M}"


def local_day(moment: datetime, person: Person) -> str:
    t = moment.astimezone(zone_of(person.timezone))
    return f"{t.day} {t:%b %Y}"


def first_name(person: Person) -> str:
    return display_name(person).split()[0]


def _request_ctx(request: MentoringRequest, requester: Person) -> dict[str, Any]:
    prefs = request.preferences or {}
    return {
        "kind": request.kind,
        "is_mentor": request.kind == MENTOR,
        "role": "mentor" if request.kind == MENTOR else "sponsor",
        "topic": request.topic,
        "skills": list(request.skills_wanted or ()),
        "virtual_ok": bool(prefs.get("virtual_ok", True)),
        "requester": requester,
        "requester_first": first_name(requester),
        "command": "/mentor" if request.kind == MENTOR else "/sponsor",
    }


def offer_key(offer: MentoringOffer) -> str:
    return f"mentoring:offer:{offer.id}:dm"


def _offer_ctx(
    offer: MentoringOffer, request: MentoringRequest, requester: Person, candidate: Person
) -> dict[str, Any]:
    return {
        **_request_ctx(request, requester),
        "offer_id": offer.id,
        "reasons": [retell(r) for r in offer.reasons or ()],
        "deadline": local_time(offer.deadline, candidate),
    }


def send_offer(
    session: Session, offer: MentoringOffer, request: MentoringRequest, requester: Person, candidate: Person
) -> None:
    """The private request to a candidate, with Accept and Decline buttons."""
    ctx = _offer_ctx(offer, request, requester, candidate)
    assert candidate.slack_id is not None
    enqueue(
        session,
        offer_key(offer),
        text=render_text("mentoring/offer_text", **ctx),
        blocks=render_blocks("mentoring/offer", **ctx, outcome=None),
        users=[candidate.slack_id],
    )


def show_offer_outcome(
    session: Session,
    offer: MentoringOffer,
    request: MentoringRequest,
    requester: Person,
    candidate: Person,
) -> list[dict[str, Any]]:
    """Re-render the candidate's DM in place once the offer is answered, timed out or withdrawn.

    Returns the new blocks, so a click can also replace the message at once through its
    ``response_url`` instead of waiting for its turn in the outbox.
    """
    ctx = _offer_ctx(offer, request, requester, candidate)
    blocks = render_blocks("mentoring/offer", **ctx, outcome=offer.status)
    update_sent(session, offer_key(offer), text=render_text("mentoring/offer_text", **ctx), blocks=blocks)
    return blocks


def send_with_a_candidate(session: Session, request: MentoringRequest, requester: Person) -> None:
    """Tell the requester, once, that the request is with someone (never who)."""
    if requester.slack_id:
        ctx = _request_ctx(request, requester)
        enqueue(
            session,
            f"mentoring:request:{request.id}:received",
            text=render_text("mentoring/received", **ctx),
            users=[requester.slack_id],
        )


def send_unfulfilled(session: Session, request: MentoringRequest, requester: Person, asked: int) -> None:
    """Tell the requester honestly that nobody could be found this time."""
    if requester.slack_id:
        ctx = {**_request_ctx(request, requester), "asked": asked}
        enqueue(
            session,
            f"mentoring:request:{request.id}:unfulfilled",
            text=render_text("mentoring/unfulfilled", **ctx),
            users=[requester.slack_id],
        )


def send_intro(
    session: Session, offer: MentoringOffer, request: MentoringRequest, requester: Person, candidate: Person
) -> None:
    """The group DM introducing requester and mentor (or sponsor), with a first agenda."""
    assert requester.slack_id and candidate.slack_id
    ctx = {
        **_request_ctx(request, requester),
        "candidate": candidate,
        "candidate_first": first_name(candidate),
        "reasons": [retell(r, first_name(requester)) for r in offer.reasons or ()],
    }
    enqueue(
        session,
        f"mentoring:request:{request.id}:intro",
        text=render_text("mentoring/intro_text", **ctx),
        blocks=render_blocks("mentoring/intro", **ctx),
        users=[requester.slack_id, candidate.slack_id],
    )
