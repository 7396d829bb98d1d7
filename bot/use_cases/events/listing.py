"""The CNO's list of events: upcoming ones with their answers so far, and recent ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.bootstrap import Services
from bot.use_cases.events.access import require_cno
from bot.use_cases.events.wording import when_text, zone_or
from message_templates import mrkdwn
from storage.queries.events import answers_by_status, events_to_list

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
    capacity: int | None  # the answers read from ``counts`` in message_templates/events/list.j2


def list_events(services: Services, slack_id: str, now: datetime) -> list[EventLine]:
    """The CNO's list: upcoming events and those of the last 30 days, soonest first (CNO only)."""
    with services.uow() as uow:
        session = uow.session
        require_cno(session, services.settings, slack_id)
        events = events_to_list(session, now - RECENT, MAX_LISTED)
        return [
            EventLine(e.id, mrkdwn(e.title), when_text(e.starts_at, zone_or(e.timezone)), mrkdwn(e.place), e.status,
                      answers_by_status(session, e.id), e.capacity)
            for e in sorted(events, key=lambda e: e.starts_at)
        ]
