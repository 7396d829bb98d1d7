"""The CNO's side of an event: create it and invite the audience, change it, cancel it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.bootstrap import Services
from bot.errors import BotError
from bot.outbox import cancel_pending, enqueue
from bot.use_cases.events import messages
from bot.use_cases.events.access import require_cno
from bot.use_cases.events.audience import Audience, audience_size, with_full_values
from bot.use_cases.events.errors import EventClosed, refusal
from bot.use_cases.events.event import get_event
from bot.use_cases.events.inviting import not_invited_yet
from bot.use_cases.events.places import fill_free_places, refresh_all_invites
from storage.models import Event
from storage.models.events import CANCELLED, GOING, SCHEDULED, WAITLISTED
from storage.uow import Session


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


class EmptyAudience(BotError):
    """Nobody is in the audience the CNO chose."""

    def __init__(self) -> None:
        super().__init__(refusal("empty_audience"))


def _to_invite(session: Session, event: Event, now: datetime) -> int:
    """How many people in the audience have no invitation yet; the sweep queues theirs (see events.inviting)."""
    event.invitations_queued = False
    return len(not_invited_yet(session, event, now))


def _tell_cno(session: Session, event: Event, key: str, note: str, to: str | None = None, **ctx: Any) -> None:
    """A short DM (template ``events/<note>.txt``) to the CNO who acted (by default the one who created the event)."""
    recipient = to or event.created_by
    if recipient:
        message = messages.note(note, title=event.title, **ctx)
        enqueue(session, key, text=message.text, blocks=message.blocks, users=[recipient])


def open_event(session: Session, event_id: int, now: datetime) -> Event:
    """The event, or :class:`EventClosed` when it can no longer change (cancelled, done or started)."""
    event = get_event(session, event_id)
    if event.status != SCHEDULED or event.starts_at <= now:
        raise EventClosed("closed", event.title, event.status)
    return event


def ensure_open(services: Services, slack_id: str, event_id: int, now: datetime) -> None:
    """Before the CNO edits an event: :class:`NotTheCno`, :class:`EventNotFound` or :class:`EventClosed` if not."""
    with services.uow() as uow:
        require_cno(uow.session, services.settings, slack_id)
        open_event(uow.session, event_id, now)


def create_event(services: Services, draft: EventDraft, created_by: str, now: datetime) -> Broadcast:
    """Store the event; the scheduler's sweep then queues one invitation per person in the audience.

    This is quick whatever the audience's size: the modal is answered at once. Only
    the CNO may; an audience of nobody raises :class:`EmptyAudience` (nothing is stored).
    """
    with services.uow() as uow:
        require_cno(uow.session, services.settings, created_by)
        draft = replace(draft, audience=with_full_values(uow.session, draft.audience))
        event = Event(
            title=draft.title, description=draft.description, starts_at=draft.starts_at, timezone=draft.timezone,
            duration_minutes=draft.duration_minutes, place=draft.place, capacity=draft.capacity,
            audience=draft.audience.to_json(), status=SCHEDULED, created_by=created_by, created_at=now,
            invitations_queued=False,
        )
        uow.session.add(event)
        uow.session.flush()
        invited = _to_invite(uow.session, event, now)
        if invited == 0:
            raise EmptyAudience()
        _tell_cno(uow.session, event, f"event:{event.id}:created", "created_note", invited=invited)
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


def edit_event(services: Services, by: str, event_id: int, draft: EventDraft, now: datetime) -> Change:
    """Apply the CNO's changes, update every invitation in place and tell those going.

    A wider audience invites the people it adds (nobody is uninvited), through
    the same sweep as a new event's invitations. More
    places move people up from the waiting list. A new start time re-arms the reminders.
    Only the CNO may; an audience of nobody raises :class:`EmptyAudience`.
    """
    with services.uow() as uow:
        session = uow.session
        require_cno(session, services.settings, by)
        draft = replace(draft, audience=with_full_values(session, draft.audience))
        if audience_size(session, draft.audience, now.date()) == 0:
            raise EmptyAudience()
        event = get_event(session, event_id, lock=True)
        if event.status != SCHEDULED or event.starts_at <= now:
            raise EventClosed("not_editable", event.title, event.status)
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
        _tell_cno(session, event, f"event:{event.id}:v{event.version}:saved", "saved_note", to=by,
                  changed=changed, updated=updated, invited=invited, notified=notified)
        uow.commit()
        return Change(event.id, event.title, tuple(changed), invited, updated, notified)


def cancel_event(services: Services, by: str, event_id: int, now: datetime) -> Change:
    """Cancel: invitations not sent yet are dropped, every sent one says "cancelled", those going are told."""
    with services.uow() as uow:
        session = uow.session
        require_cno(session, services.settings, by)
        event = get_event(session, event_id, lock=True)
        if event.status == CANCELLED:
            return Change(event.id, event.title, (), 0, 0, 0)
        if event.status != SCHEDULED:
            raise EventClosed("taken_place", event.title, event.status)
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
