"""Places at an event: who holds one, the waiting list, and moving people up when a place frees."""

from __future__ import annotations

from datetime import datetime

from bot.outbox import cancel_pending, enqueue, update_sent
from bot.use_cases.events import messages
from bot.use_cases.events.keys import invite_key
from storage.models import Event, Invitation
from storage.models.events import GOING, WAITLISTED
from storage.models.outbox import SENT
from storage.queries.events import (
    first_on_waiting_list,
    going_count,
    invitations_with_people,
    last_on_waiting_list,
    live_invitation_keys,
    message_by_key,
)
from storage.uow import Session

__all__ = ["fill_free_places", "has_room", "invite_key", "join_waiting_list", "leave_waiting_list",
           "refresh_all_invites", "refresh_clicked", "refresh_invite"]


def has_room(session: Session, event: Event) -> bool:
    """Whether someone else can take a place at the event."""
    return event.capacity is None or going_count(session, event.id) < event.capacity


def join_waiting_list(session: Session, invitation: Invitation, now: datetime) -> None:
    last = last_on_waiting_list(session, invitation.event_id)
    invitation.status = WAITLISTED
    invitation.waitlist_seq = last + 1
    invitation.waitlisted_at = now


def leave_waiting_list(invitation: Invitation) -> None:
    invitation.waitlist_seq = None
    invitation.waitlisted_at = None


def refresh_invite(session: Session, event: Event, invitation: Invitation, now: datetime) -> None:
    """Re-render the person's invitation in place (or rewrite it if it has not gone out yet)."""
    message = messages.invite(event, invitation, now)
    update_sent(session, invite_key(event.id, invitation.person_id), text=message.text, blocks=message.blocks)


def refresh_clicked(
    session: Session, key: str, message: messages.Message, clicked: tuple[str, str] | None
) -> messages.Message | None:
    """Re-render the message sent under ``key`` after a click on it.

    When the click came from that very message (same channel and ts), the caller
    replaces it at once through the click's ``response_url`` (returned message),
    and queued re-renders of it are dropped, since they are older than this
    one; otherwise (a click on a nudge, say) the re-render goes through the outbox.
    """
    row = message_by_key(session, key)
    if clicked is not None and row is not None and row.status == SENT and (row.channel, row.ts) == clicked:
        cancel_pending(session, f"{key}:update:")
        return message
    update_sent(session, key, text=message.text, blocks=message.blocks)
    return None


def refresh_all_invites(session: Session, event: Event, now: datetime) -> int:
    """Re-render every invitation that went out or is about to; returns how many.

    An invitation reads the same for everyone with one time zone and one answer,
    so each variant is rendered once.
    """
    live = live_invitation_keys(session, event.id)
    invitations = invitations_with_people(session, event.id)
    rendered: dict[tuple[str, str], messages.Message] = {}
    done = 0
    for invitation in invitations:
        key = invite_key(event.id, invitation.person_id)
        if key not in live:
            continue
        variant = (invitation.person.timezone, invitation.status)
        if variant not in rendered:
            rendered[variant] = messages.invite(event, invitation, now)
        update_sent(session, key, text=rendered[variant].text, blocks=rendered[variant].blocks)
        done += 1
    return done


def fill_free_places(session: Session, event: Event, now: datetime) -> list[Invitation]:
    """Move people up from the waiting list, first come first served, while there is room.

    Each person moved up gets their invitation updated and a DM saying so.
    """
    moved: list[Invitation] = []
    while has_room(session, event):
        first = first_on_waiting_list(session, event.id)
        if first is None:
            break
        seq = first.waitlist_seq
        first.status = GOING
        first.responded_at = now
        leave_waiting_list(first)
        session.flush()
        refresh_invite(session, event, first, now)
        note = messages.promoted(event, first.person)
        enqueue(
            session,
            f"event:{event.id}:promoted:{first.person_id}:{seq}",
            text=note.text,
            blocks=note.blocks,
            users=[first.person.slack_id] if first.person.slack_id else [],
        )
        moved.append(first)
    return moved
