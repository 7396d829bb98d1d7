"""After an event, "who did you meet?": each answer becomes ties in the interaction graph (kind ``event``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from bot.outbox import enqueue
from bot.use_cases.events import messages
from bot.use_cases.events.places import refresh_clicked
from bot.use_cases.events.schedule import get_event
from bot.use_cases.events.wording import local_day, zone_or
from storage.models import Event, EventTie, Interaction, Invitation, Person
from storage.models.events import GOING
from storage.uow import UnitOfWork


def met_key(event_id: int, person_id: int) -> str:
    return f"event:{event_id}:met:{person_id}"


def event_note(event_id: int) -> str:
    """The note on an event's interactions, so a withdrawn answer can remove exactly its tie."""
    return f"event:{event_id}"


@dataclass(frozen=True)
class MetAnswer:
    met: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    closed: str | None = None
    replace_with: messages.Message | None = None  # the clicked question, re-rendered, to replace at once


def ask_who_they_met(session: Session, event: Event) -> int:
    """Queue "who did you meet?" to everyone who was going; returns how many."""
    asked = 0
    for invitation in event.invitations:
        person = invitation.person
        if invitation.status != GOING or not person.active or not person.slack_id:
            continue
        message = messages.met_question(event, invitation, [])
        if enqueue(session, met_key(event.id, person.id), text=message.text, blocks=message.blocks,
                   users=[person.slack_id]):
            asked += 1
    return asked


def _invitation(session: Session, event_id: int, slack_id: str) -> Invitation | None:
    return session.scalar(
        select(Invitation).join(Person).where(Invitation.event_id == event_id, Person.slack_id == slack_id)
    )


def record_met(uow: UnitOfWork, event_id: int, slack_id: str, met_slack_ids: list[str], now: datetime,
               clicked: tuple[str, str] | None = None) -> MetAnswer:
    """The person met exactly ``met_slack_ids`` at the event: their reports become that set.

    A pair has one ``event`` interaction per event as long as either of the two
    reported meeting the other; removing someone from the answer removes the tie
    unless the other person reported it too.
    """
    with uow:
        session = uow.session
        event = get_event(session, event_id)
        invitation = _invitation(session, event_id, slack_id)
        if invitation is None:
            return MetAnswer(closed="This question isn't addressed to you.")
        reporter = invitation.person
        wanted = set(met_slack_ids) - {slack_id}
        found = {p.slack_id: p for p in session.scalars(select(Person).where(Person.slack_id.in_(wanted)))}
        met_ids = {p.id for p in found.values()}
        before = set(session.scalars(
            select(EventTie.met_id).where(EventTie.event_id == event_id, EventTie.reporter_id == reporter.id)
        ))
        for gone in before - met_ids:
            session.execute(delete(EventTie).where(
                EventTie.event_id == event_id, EventTie.reporter_id == reporter.id, EventTie.met_id == gone
            ))
        for new in met_ids - before:
            session.add(EventTie(event_id=event_id, reporter_id=reporter.id, met_id=new, reported_at=now))
        session.flush()
        day = local_day(event.starts_at, zone_or(event.timezone))
        for other in before ^ met_ids:
            _sync_tie(session, event_id, reporter.id, other, day)
        invitation.met_answered_at = now
        invitation.attended = True
        met_slack = sorted(s for s in found if s)
        message = messages.met_question(event, invitation, met_slack)
        replace_with = refresh_clicked(session, met_key(event_id, reporter.id), message, clicked)
        uow.commit()
        return MetAnswer(tuple(met_slack), tuple(sorted(wanted - set(found))), replace_with=replace_with)


def _sync_tie(session: Session, event_id: int, x: int, y: int, day: object) -> None:
    """One interaction for the pair at this event iff either of them reported it."""
    reported = session.scalar(select(EventTie.id).where(
        EventTie.event_id == event_id,
        or_((EventTie.reporter_id == x) & (EventTie.met_id == y), (EventTie.reporter_id == y) & (EventTie.met_id == x)),
    ).limit(1))
    a, b = Interaction.ordered(x, y)
    existing = session.scalar(select(Interaction).where(
        Interaction.a_id == a, Interaction.b_id == b, Interaction.source == "event",
        Interaction.note == event_note(event_id),
    ))
    if reported and existing is None:
        session.add(Interaction(a_id=a, b_id=b, kind="event", source="event", occurred_on=day, weight=1.0,
                                note=event_note(event_id)))
    elif not reported and existing is not None:
        session.delete(existing)


def record_not_attended(uow: UnitOfWork, event_id: int, slack_id: str, now: datetime,
                        clicked: tuple[str, str] | None = None) -> MetAnswer:
    """The person says they could not come: no ties are asked of them, attendance counts them out."""
    with uow:
        session = uow.session
        event = get_event(session, event_id)
        invitation = _invitation(session, event_id, slack_id)
        if invitation is None:
            return MetAnswer(closed="This question isn't addressed to you.")
        invitation.attended = False
        invitation.met_answered_at = now
        message = messages.met_question(event, invitation, [])
        replace_with = refresh_clicked(session, met_key(event_id, invitation.person_id), message, clicked)
        uow.commit()
        return MetAnswer(replace_with=replace_with)
