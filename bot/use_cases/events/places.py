"""Places at an event: who holds one, the waiting list, and moving people up when a place frees."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from bot.outbox import cancel_pending, enqueue, update_sent
from bot.use_cases.events import messages
from storage.models import Event, Invitation, OutboxMessage
from storage.models.events import GOING, WAITLISTED
from storage.models.outbox import CANCELLED, FAILED, SENT


def invite_key(event_id: int, person_id: int) -> str:
    return f"event:{event_id}:invite:{person_id}"


def count_by_status(session: Session, event_id: int) -> dict[str, int]:
    rows = session.execute(
        select(Invitation.status, func.count()).where(Invitation.event_id == event_id).group_by(Invitation.status)
    )
    return {status: int(n) for status, n in rows}


def has_room(session: Session, event: Event) -> bool:
    if event.capacity is None:
        return True
    going = session.scalar(
        select(func.count()).where(Invitation.event_id == event.id, Invitation.status == GOING)
    )
    return int(going or 0) < event.capacity


def join_waiting_list(session: Session, invitation: Invitation, now: datetime) -> None:
    last = session.scalar(select(func.max(Invitation.waitlist_seq)).where(Invitation.event_id == invitation.event_id))
    invitation.status = WAITLISTED
    invitation.waitlist_seq = int(last or 0) + 1
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
    row = session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
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
    live = set(
        session.scalars(
            select(OutboxMessage.key).where(
                OutboxMessage.key.like(f"event:{event.id}:invite:%"),
                OutboxMessage.target_key.is_(None),
                OutboxMessage.status.not_in((CANCELLED, FAILED)),
            )
        )
    )
    invitations = session.scalars(
        select(Invitation).where(Invitation.event_id == event.id).options(joinedload(Invitation.person))
    )
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
        first = session.scalar(
            select(Invitation)
            .where(Invitation.event_id == event.id, Invitation.status == WAITLISTED)
            .order_by(Invitation.waitlist_seq, Invitation.id)
            .limit(1)
        )
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
