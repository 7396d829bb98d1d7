"""The CNO's side of an event: create it and invite the audience, change it, cancel it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.outbox import cancel_pending, enqueue
from bot.use_cases.events import messages
from bot.use_cases.events.audience import Audience
from bot.use_cases.events.errors import EventClosed, EventNotFound
from bot.use_cases.events.inviting import not_invited_yet
from bot.use_cases.events.places import fill_free_places, refresh_all_invites
from message_templates import mrkdwn
from storage.models import Event
from storage.models.events import CANCELLED, GOING, SCHEDULED, WAITLISTED
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class EventDraft:
    """What the CNO typed in the modal, checked: ``starts_at`` is aware UTC."""

    title: str
    description: str
    starts_at: datetime
    timezone: str
    duration_minutes: int
    place: str
    capacity: int | None
    audience: Audience


@dataclass(frozen=True)
class Broadcast:
    event_id: int
    title: str
    invited: int


@dataclass(frozen=True)
class Change:
    event_id: int
    title: str
    changed: tuple[str, ...]
    invited: int
    updated: int
    notified: int


def get_event(session: Session, event_id: int, lock: bool = False) -> Event:
    query = select(Event).where(Event.id == event_id)
    event = session.scalar(query.with_for_update() if lock else query)
    if event is None:
        raise EventNotFound(event_id)
    return event


def _to_invite(session: Session, event: Event, now: datetime) -> int:
    """How many people in the audience have no invitation yet; the sweep queues theirs (see events.inviting)."""
    event.invitations_queued = False
    return len(not_invited_yet(session, event, now))


def _tell_cno(session: Session, event: Event, key: str, text: str, to: str | None = None) -> None:
    """A short DM to the CNO who acted (by default the one who created the event)."""
    recipient = to or event.created_by
    if recipient:
        message = messages.note(text)
        enqueue(session, key, text=message.text, blocks=message.blocks, users=[recipient])


def ensure_open(uow: UnitOfWork, event_id: int, now: datetime) -> None:
    """Raise :class:`EventClosed` unless the event can still change."""
    with uow:
        event = get_event(uow.session, event_id)
        if event.status != SCHEDULED or event.starts_at <= now:
            raise EventClosed(f"*{mrkdwn(event.title)}* is {event.status if event.status != SCHEDULED else 'over'}: "
                              "it can't be changed any more.")


def create_event(uow: UnitOfWork, draft: EventDraft, created_by: str, now: datetime) -> Broadcast:
    """Store the event; the scheduler's sweep then queues one invitation per person in the audience.

    This is quick whatever the audience's size: the modal is answered at once.
    """
    with uow:
        event = Event(
            title=draft.title, description=draft.description, starts_at=draft.starts_at, timezone=draft.timezone,
            duration_minutes=draft.duration_minutes, place=draft.place, capacity=draft.capacity,
            audience=draft.audience.to_json(), status=SCHEDULED, created_by=created_by, created_at=now,
            invitations_queued=False,
        )
        uow.session.add(event)
        uow.session.flush()
        invited = _to_invite(uow.session, event, now)
        people = "1 person" if invited == 1 else f"{invited} people"
        _tell_cno(uow.session, event, f"event:{event.id}:created",
                  f":envelope: Invitations to *{mrkdwn(event.title)}* are being sent to {people}. "
                  "`/cno-event list` shows the answers as they come in.")
        uow.commit()
        return Broadcast(event.id, event.title, invited)


def _differences(event: Event, draft: EventDraft) -> list[str]:
    changed = []
    if draft.title != event.title:
        changed.append("title")
    if draft.starts_at != event.starts_at:
        changed.append("time")
    if draft.duration_minutes != event.duration_minutes:
        changed.append("duration")
    if draft.place != event.place:
        changed.append("place")
    if draft.description != event.description:
        changed.append("description")
    if draft.capacity != event.capacity:
        changed.append("capacity")
    if draft.audience.to_json() != Audience.from_json(event.audience).to_json():
        changed.append("audience")
    return changed


# What the people going must hear about; a new description or audience changes no plans.
NOTICE_WORTHY = ("title", "time", "duration", "place")


def edit_event(uow: UnitOfWork, event_id: int, draft: EventDraft, now: datetime, by: str | None = None) -> Change:
    """Apply the CNO's changes, update every invitation in place and tell those going.

    A wider audience invites the people it adds (nobody is uninvited), through
    the same sweep as a new event's invitations. More
    places move people up from the waiting list. A new start time re-arms the reminders.
    """
    with uow:
        session = uow.session
        event = get_event(session, event_id, lock=True)
        if event.status != SCHEDULED or event.starts_at <= now:
            raise EventClosed(f"*{mrkdwn(event.title)}* can't be changed any more.")
        changed = _differences(event, draft)
        if not changed:
            return Change(event.id, event.title, (), 0, 0, 0)
        if "time" in changed:
            event.schedule_version += 1
            for invitation in event.invitations:
                invitation.reminded_day_at = invitation.reminded_hour_at = None
        event.title, event.description, event.starts_at = draft.title, draft.description, draft.starts_at
        event.timezone, event.duration_minutes, event.place = draft.timezone, draft.duration_minutes, draft.place
        event.capacity, event.audience = draft.capacity, draft.audience.to_json()
        event.version += 1
        event.updated_at = now
        session.flush()
        fill_free_places(session, event, now)
        updated = refresh_all_invites(session, event, now)
        invited = _to_invite(session, event, now) if "audience" in changed else 0
        notified = 0
        what = [c for c in changed if c in NOTICE_WORTHY]
        if what:
            for invitation in event.invitations:
                if invitation.status in (GOING, WAITLISTED) and invitation.person.slack_id:
                    note = messages.changed(event, invitation.person, what)
                    key = f"event:{event.id}:v{event.version}:changed:{invitation.person_id}"
                    if enqueue(session, key, text=note.text, blocks=note.blocks, users=[invitation.person.slack_id]):
                        notified += 1
        _tell_cno(session, event, f"event:{event.id}:v{event.version}:saved",
                  f":pencil2: *{mrkdwn(event.title)}* is saved ({', '.join(changed)} changed): "
                  f"{updated} invitation(s) updated in place, {invited} new invitation(s) being sent, "
                  f"{notified} people going told.", to=by)
        uow.commit()
        return Change(event.id, event.title, tuple(changed), invited, updated, notified)


def cancel_event(uow: UnitOfWork, event_id: int, now: datetime) -> Change:
    """Cancel: invitations not sent yet are dropped, every sent one says "cancelled", those going are told."""
    with uow:
        session = uow.session
        event = get_event(session, event_id, lock=True)
        if event.status == CANCELLED:
            return Change(event.id, event.title, (), 0, 0, 0)
        if event.status != SCHEDULED:
            raise EventClosed(f"*{mrkdwn(event.title)}* has already taken place: it can't be cancelled.")
        event.status = CANCELLED
        event.version += 1
        event.updated_at = now
        session.flush()
        cancel_pending(session, f"event:{event.id}:")
        updated = refresh_all_invites(session, event, now)
        notified = 0
        for invitation in event.invitations:
            if invitation.status in (GOING, WAITLISTED) and invitation.person.slack_id:
                note = messages.cancelled(event, invitation.person)
                key = f"event:{event.id}:cancelled:{invitation.person_id}"
                if enqueue(session, key, text=note.text, blocks=note.blocks, users=[invitation.person.slack_id]):
                    notified += 1
        uow.commit()
        return Change(event.id, event.title, ("status",), 0, updated, notified)
