"""The CNO's list of events: upcoming ones with their answers so far, and recent ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from bot.use_cases.events.places import count_by_status
from bot.use_cases.events.wording import when_text, zone_or
from message_templates import mrkdwn
from storage.models import Event
from storage.models.events import SCHEDULED
from storage.uow import UnitOfWork

RECENT = timedelta(days=30)
MAX_LISTED = 15  # three blocks each, within Slack's 50 blocks per message


@dataclass(frozen=True)
class EventLine:
    event_id: int
    title_md: str
    when: str
    place_md: str
    status: str
    counts: dict[str, int]
    capacity: int | None

    @property
    def answers(self) -> str:
        c = self.counts
        parts = [f"{c.get('going', 0)} going" + (f" of {self.capacity}" if self.capacity else "")]
        labels = (("waitlisted", "on the waiting list"), ("maybe", "maybe"), ("declined", "can't come"),
                  ("none", "no answer yet"))
        parts += [f"{c[k]} {label}" for k, label in labels if c.get(k)]
        return " · ".join(parts)


def list_events(uow: UnitOfWork, now: datetime) -> list[EventLine]:
    with uow:
        session = uow.session
        events = session.scalars(
            select(Event)
            .where(or_(Event.status == SCHEDULED, Event.starts_at >= now - RECENT))
            .order_by(Event.starts_at.desc())
            .limit(MAX_LISTED)
        ).all()
        return [
            EventLine(e.id, mrkdwn(e.title), when_text(e.starts_at, zone_or(e.timezone)), mrkdwn(e.place), e.status,
                      count_by_status(session, e.id), e.capacity)
            for e in sorted(events, key=lambda e: e.starts_at)
        ]
