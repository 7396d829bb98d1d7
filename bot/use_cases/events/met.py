"""After an event, "who did you meet?": each answer becomes ties in the interaction graph (kind ``event``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.bootstrap import Services
from bot.outbox import Outgoing, enqueue_many
from bot.use_cases.events import messages
from bot.use_cases.events.event import get_event
from bot.use_cases.events.keys import event_note, met_key, met_keys_of
from bot.use_cases.events.places import refresh_clicked
from bot.use_cases.events.wording import local_day, zone_or
from storage.models import Event, EventTie, Interaction
from storage.queries.event_ties import (
    either_reported_meeting,
    forget_reported_meeting,
    interaction_noted,
    met_reported_by,
)
from storage.queries.events import going_not_asked_who_they_met, invitation_of
from storage.queries.people import people_by_slack_ids
from storage.uow import Session


@dataclass(frozen=True)
class MetAnswer:
    """What was recorded; ``closed`` names why nothing was (a case of message_templates/events/refusal)."""

    met: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    closed: str | None = None
    replace_with: messages.Message | None = None  # the clicked question, re-rendered, to replace at once


def ask_who_they_met(session: Session, event: Event, most: int) -> int:
    """Queue "who did you meet?" to up to ``most`` of those going who were not asked yet; returns how many.

    In bulk, rendered once per time zone and state of the answer (all the question shows of the person).
    """
    due = going_not_asked_who_they_met(session, event.id, met_keys_of(event.id), most)
    rendered: dict[tuple[str | None, bool, bool | None], messages.Message] = {}
    outgoing = []
    for invitation, person in due:
        shape = (person.timezone, invitation.met_answered_at is not None, invitation.attended)
        if shape not in rendered:
            rendered[shape] = messages.met_question(event, invitation, [])
        message = rendered[shape]
        outgoing.append(Outgoing(met_key(event.id, person.id), message.text, message.blocks,
                                 users=(person.slack_id or "",)))
    enqueue_many(session, outgoing)
    return len(due)


def record_met(services: Services, event_id: int, slack_id: str, met_slack_ids: list[str], now: datetime,
               clicked: tuple[str, str] | None = None) -> MetAnswer:
    """The person met exactly ``met_slack_ids`` at the event: their reports become that set.

    A pair has one ``event`` interaction per event as long as either of the two
    reported meeting the other; removing someone from the answer removes the tie
    unless the other person reported it too.
    """
    with services.uow() as uow:
        session = uow.session
        event = get_event(session, event_id)
        invitation = invitation_of(session, event_id, slack_id)
        if invitation is None:
            return MetAnswer(closed="not_asked")
        reporter = invitation.person
        wanted = set(met_slack_ids) - {slack_id}
        found = {p.slack_id: p for p in people_by_slack_ids(session, wanted)}
        met_ids = {p.id for p in found.values()}
        before = met_reported_by(session, event_id, reporter.id)
        for gone in before - met_ids:
            forget_reported_meeting(session, event_id, reporter.id, gone)
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


def _sync_tie(session: Session, event_id: int, x: int, y: int, day: date) -> None:
    """One interaction for the pair at this event iff either of them reported it."""
    reported = either_reported_meeting(session, event_id, x, y)
    a, b = Interaction.ordered(x, y)
    existing = interaction_noted(session, a, b, event_note(event_id))
    if reported and existing is None:
        session.add(Interaction(a_id=a, b_id=b, kind="event", source="event", occurred_on=day, weight=1.0,
                                note=event_note(event_id)))
    elif not reported and existing is not None:
        session.delete(existing)


def record_not_attended(services: Services, event_id: int, slack_id: str, now: datetime,
                        clicked: tuple[str, str] | None = None) -> MetAnswer:
    """The person says they could not come: no ties are asked of them, attendance counts them out."""
    with services.uow() as uow:
        session = uow.session
        event = get_event(session, event_id)
        invitation = invitation_of(session, event_id, slack_id)
        if invitation is None:
            return MetAnswer(closed="not_asked")
        invitation.attended = False
        invitation.met_answered_at = now
        message = messages.met_question(event, invitation, [])
        replace_with = refresh_clicked(session, met_key(event_id, invitation.person_id), message, clicked)
        uow.commit()
        return MetAnswer(replace_with=replace_with)
