"""Opening, checking, cancelling and looking up a mentor or sponsor request."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from bot.bootstrap import Services
from bot.logs import mentoring_request_context
from bot.outbox import cancel_pending
from bot.use_cases.mentoring.errors import AlreadyOpen, MentoringError, NothingOpen, NotInDirectory
from bot.use_cases.mentoring.messages import local_day, offer_key, show_offer_outcome
from matching.mentors import tokens
from message_templates import mrkdwn, render_text
from storage.models import MentoringRequest, Person
from storage.models.mentoring import CANCELLED, MENTOR, OFFER_CANCELLED, OPEN, SPONSOR, TIE_KIND
from storage.queries.mentoring import (
    add_request_unless_one_is_open,
    last_unfulfilled_request_of,
    mentees_of,
    mentors_of,
    open_request_of,
    pending_offers_for,
)
from storage.queries.people import active_person_by_slack_id
from storage.uow import Session

__all__ = ["MENTOR", "SPONSOR", "MentoringError"]

log = logging.getLogger(__name__)

MAX_TOPIC = 150
MAX_SKILLS = 10
PREFERENCES = ("other_function", "other_region", "virtual_ok")


def _what(kind: str) -> str:
    return "topic" if kind == MENTOR else "goal"


@dataclass(frozen=True)
class RequestForm:
    """What the person filled in: topic (or goal), skills wanted and preferences."""

    topic: str
    skills: tuple[str, ...] = ()
    other_function: bool = False
    other_region: bool = False
    virtual_ok: bool = True

    @classmethod
    def parse(cls, topic: str | None, skills: str | None, selected: list[str]) -> RequestForm:
        return cls(
            topic=" ".join((topic or "").split()),
            skills=tuple(dict.fromkeys(s.strip() for s in (skills or "").replace(";", ",").split(",") if s.strip())),
            other_function="other_function" in selected,
            other_region="other_region" in selected,
            virtual_ok="virtual_ok" in selected,
        )

    def errors(self, kind: str) -> dict[str, str]:
        """Per modal block: what to fix (empty when the form is fine)."""
        errors: dict[str, str] = {}
        problem = topic_problem(self.topic, kind)
        if problem:
            errors["topic"] = problem
        if len(self.skills) > MAX_SKILLS:
            errors["skills"] = render_text(
                "mentoring/refused", reason="too_many_skills", limit=MAX_SKILLS, given=len(self.skills)
            )
        if self.other_region and not self.virtual_ok:
            errors["preferences"] = render_text("mentoring/refused", reason="in_person_elsewhere")
        return errors


def topic_problem(topic: str, kind: str) -> str | None:
    """Why ``topic`` can't be used, or None."""
    if len(topic) > MAX_TOPIC:
        return render_text("mentoring/refused", reason="topic_too_long", kind=kind, limit=MAX_TOPIC, given=len(topic))
    if not tokens(topic):
        return render_text("mentoring/refused", reason="no_topic", kind=kind)
    return None


def requester(session: Session, slack_id: str) -> Person:
    """The person behind a Slack id, while they work here; :class:`NotInDirectory` otherwise."""
    person = active_person_by_slack_id(session, slack_id)
    if person is None:
        raise NotInDirectory()
    return person


def check_can_request(services: Services, slack_id: str, kind: str) -> None:
    """Raise a :class:`MentoringError` when the person can't open a ``kind`` request now."""
    with services.uow() as uow:
        person = requester(uow.session, slack_id)
        if open_request_of(uow.session, person.id, kind) is not None:
            raise AlreadyOpen(kind)


def open_request(services: Services, slack_id: str, kind: str, form: RequestForm, now: datetime) -> int:
    """Record the request (status ``open``); the caller then asks the first candidate."""
    with services.uow() as uow:
        person = requester(uow.session, slack_id)
        if open_request_of(uow.session, person.id, kind) is not None:
            raise AlreadyOpen(kind)
        request = MentoringRequest(
            requester_id=person.id,
            kind=kind,
            topic=form.topic,
            skills_wanted=list(form.skills),
            preferences={p: getattr(form, p) for p in PREFERENCES},
            status=OPEN,
            created_at=now,
        )
        if not add_request_unless_one_is_open(uow.session, request):  # the same form submitted twice at once
            raise AlreadyOpen(kind)
        uow.commit()
        with mentoring_request_context(request.id):
            log.info("%s request opened by person %s", kind, person.id)
        return request.id


@dataclass(frozen=True)
class Withdrawn:
    """The request the person withdrew."""

    request_id: int
    kind: str
    topic: str


def cancel_request(services: Services, slack_id: str, kind: str, now: datetime) -> Withdrawn:
    """Withdraw the person's open request; a pending candidate's DM says so, quietly."""
    with services.uow() as uow:
        session = uow.session
        person = requester(session, slack_id)
        request = open_request_of(session, person.id, kind)
        if request is None:
            raise NothingOpen(kind)
        with mentoring_request_context(request.id):
            request.status, request.closed_at = CANCELLED, now
            for offer in pending_offers_for(session, request.id):
                offer.status, offer.answered_at = OFFER_CANCELLED, now
                candidate = session.get(Person, offer.candidate_id)
                if cancel_pending(session, offer_key(offer)) == 0 and candidate is not None:
                    show_offer_outcome(session, offer, request, person, candidate)
            cancel_pending(session, f"mentoring:request:{request.id}:")
            uow.commit()
            log.info("request withdrawn by the requester")
        return Withdrawn(request.id, kind, request.topic)


@dataclass(frozen=True)
class RequestStatus:
    """Where the person's ``kind`` request stands, and their active relationships of that kind.

    ``request_topic`` is their open request's (None when none), opened on ``opened`` (their day);
    ``last_unfulfilled_topic`` their last request nobody could take on (None when none or one is open);
    ``mine`` their mentors (or sponsors), ``theirs`` the people they mentor, as (who, since).
    """

    kind: str
    what: str
    request_topic: str | None
    opened: str
    last_unfulfilled_topic: str | None
    mine: list[tuple[str, str]]
    theirs: list[tuple[str, str]]


def request_status(services: Services, slack_id: str, kind: str) -> RequestStatus:
    """The person's open request, their last unfulfilled one, and their active relationships of ``kind``."""
    with services.uow() as uow:
        session = uow.session
        person = requester(session, slack_id)
        request = open_request_of(session, person.id, kind)
        last_unfulfilled = last_unfulfilled_request_of(session, person.id, kind) if request is None else None
        tie = TIE_KIND[kind]

        def listed(rows: list[tuple[str | None, str, datetime]]) -> list[tuple[str, str]]:
            return [(f"<@{slack}>" if slack else mrkdwn(name), local_day(since, person)) for slack, name, since in rows]

        return RequestStatus(
            kind=kind,
            what=_what(kind),
            request_topic=request.topic if request else None,
            opened=local_day(request.created_at, person) if request else "",
            last_unfulfilled_topic=last_unfulfilled.topic if last_unfulfilled else None,
            mine=listed(mentors_of(session, person.id, tie)),
            theirs=listed(mentees_of(session, person.id, tie)),
        )
