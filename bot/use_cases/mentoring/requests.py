"""Opening, checking and cancelling a mentor or sponsor request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.errors import BotError
from bot.outbox import cancel_pending
from bot.use_cases.mentoring.messages import local_day, offer_key, show_offer_outcome
from matching.mentors import tokens
from message_templates import mrkdwn, render_text
from storage.models import MentoringOffer, MentoringRelationship, MentoringRequest, Person
from storage.models.mentoring import (
    ACTIVE,
    CANCELLED,
    MENTOR,
    OFFER_CANCELLED,
    OPEN,
    OPEN_STATUSES,
    PENDING,
    TIE_KIND,
    UNFULFILLED,
)
from storage.uow import UnitOfWork

MAX_TOPIC = 150
MAX_SKILLS = 10
PREFERENCES = ("other_function", "other_region", "virtual_ok")


class MentoringError(BotError):
    """A mentoring request cannot go ahead; the message tells the person why and what to do."""


class UnknownPerson(MentoringError):
    def __init__(self) -> None:
        super().__init__(
            "I can't find you in the people directory yet: your Slack account isn't linked to an employee "
            "record. Ask your Chief Networking Officer to add you, then try again."
        )


class AlreadyOpen(MentoringError):
    def __init__(self, kind: str) -> None:
        command = f"/{kind}"
        super().__init__(
            f"You already have an open {kind} request. `{command} status` shows where it stands; "
            f"`{command} cancel` withdraws it so you can ask again."
        )


class NothingOpen(MentoringError):
    def __init__(self, kind: str) -> None:
        super().__init__(f"You have no open {kind} request. Start one with `/{kind} [{_what(kind)}]`.")


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
            errors["skills"] = f"Up to {MAX_SKILLS} skills, please ({len(self.skills)} given)."
        if self.other_region and not self.virtual_ok:
            errors["preferences"] = (
                "Meeting in person means someone in your region: tick \"virtually is fine\" "
                "or untick \"another region\"."
            )
        return errors


def topic_problem(topic: str, kind: str) -> str | None:
    """Why ``topic`` can't be used, or None."""
    if len(topic) > MAX_TOPIC:
        return f"Please keep the {_what(kind)} under {MAX_TOPIC} characters ({len(topic)} given)."
    if not tokens(topic):
        return f"Please say in a few words what the {_what(kind)} is, e.g. `/{kind} public speaking`."
    return None


def person_by_slack(session: Session, slack_id: str) -> Person:
    person = session.scalar(select(Person).where(Person.slack_id == slack_id, Person.active.is_(True)))
    if person is None:
        raise UnknownPerson()
    return person


def _open_request(session: Session, person_id: int, kind: str) -> MentoringRequest | None:
    return session.scalar(
        select(MentoringRequest).where(
            MentoringRequest.requester_id == person_id,
            MentoringRequest.kind == kind,
            MentoringRequest.status.in_(OPEN_STATUSES),
        )
    )


def check_can_request(uow: UnitOfWork, slack_id: str, kind: str) -> None:
    """Raise a :class:`MentoringError` when the person can't open a ``kind`` request now."""
    with uow:
        person = person_by_slack(uow.session, slack_id)
        if _open_request(uow.session, person.id, kind) is not None:
            raise AlreadyOpen(kind)


def open_request(uow: UnitOfWork, slack_id: str, kind: str, form: RequestForm, now: datetime) -> int:
    """Record the request (status ``open``); the caller then asks the first candidate."""
    with uow:
        person = person_by_slack(uow.session, slack_id)
        if _open_request(uow.session, person.id, kind) is not None:
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
        uow.session.add(request)
        try:
            uow.commit()
        except IntegrityError:  # the same request submitted twice at once
            raise AlreadyOpen(kind) from None
        return request.id


def cancel_request(uow: UnitOfWork, slack_id: str, kind: str, now: datetime) -> str:
    """Withdraw the person's open request; a pending candidate's DM says so, quietly."""
    with uow:
        session = uow.session
        person = person_by_slack(session, slack_id)
        request = _open_request(session, person.id, kind)
        if request is None:
            raise NothingOpen(kind)
        request.status, request.closed_at = CANCELLED, now
        pending = session.scalars(
            select(MentoringOffer).where(MentoringOffer.request_id == request.id, MentoringOffer.status == PENDING)
        ).all()
        for offer in pending:
            offer.status, offer.answered_at = OFFER_CANCELLED, now
            candidate = session.get(Person, offer.candidate_id)
            if cancel_pending(session, offer_key(offer)) == 0 and candidate is not None:
                show_offer_outcome(session, offer, request, person, candidate)
        cancel_pending(session, f"mentoring:request:{request.id}:")
        uow.commit()
        return f"Done: your {kind} request on \"{mrkdwn(request.topic)}\" is withdrawn. You can ask again any time."


def request_status(uow: UnitOfWork, slack_id: str, kind: str) -> str:
    """The person's open request, their last unfulfilled one, and their active relationships of ``kind``."""
    with uow:
        session = uow.session
        person = person_by_slack(session, slack_id)
        request = _open_request(session, person.id, kind)
        last_unfulfilled = None
        if request is None:
            last_unfulfilled = session.scalar(
                select(MentoringRequest)
                .where(
                    MentoringRequest.requester_id == person.id,
                    MentoringRequest.kind == kind,
                    MentoringRequest.status == UNFULFILLED,
                )
                .order_by(MentoringRequest.id.desc())
                .limit(1)
            )
        tie = TIE_KIND[kind]
        mine = _relationships(session, MentoringRelationship.mentee_id == person.id, tie, "mentor_id")
        theirs = _relationships(session, MentoringRelationship.mentor_id == person.id, tie, "mentee_id")
        return render_text(
            "mentoring/status",
            kind=kind,
            what=_what(kind),
            request=request,
            opened=local_day(request.created_at, person) if request else "",
            last_unfulfilled=last_unfulfilled,
            mine=[(s, local_day(t, person)) for s, t in mine],
            theirs=[(s, local_day(t, person)) for s, t in theirs],
        )


def _relationships(session: Session, condition: object, tie: str, other: str) -> list[tuple[str, datetime]]:
    other_id = getattr(MentoringRelationship, other)
    rows = session.execute(
        select(Person.slack_id, Person.name, MentoringRelationship.started_at)
        .join(Person, Person.id == other_id)
        .where(condition, MentoringRelationship.kind == tie, MentoringRelationship.status == ACTIVE)  # type: ignore[arg-type]
        .order_by(MentoringRelationship.started_at)
    )
    return [(f"<@{slack}>" if slack else mrkdwn(name), started) for slack, name, started in rows]
