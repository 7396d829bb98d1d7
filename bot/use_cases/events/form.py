"""What the CNO's event modal needs from storage: the audience choices, a default zone, live counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bootstrap import Services
from bot.use_cases.events.access import require_cno
from bot.use_cases.events.audience import Audience, Choices, audience_choices, audience_size
from bot.use_cases.events.event import get_event
from bot.use_cases.events.schedule import EventDraft, open_event
from storage.queries.people import person_by_slack_id


@dataclass(frozen=True)
class FormContext:
    choices: Choices
    timezone: str
    count: int
    draft: EventDraft | None = None


def form_context(
    services: Services, slack_id: str, now: datetime, audience: Audience | None = None,
    event_id: int | None = None, must_be_open: bool = False,
) -> FormContext:
    """Choices from the people in the database, the CNO's own zone, and the audience's size now.

    With ``event_id``, the event being edited (its audience unless ``audience`` is given);
    ``must_be_open`` refuses one that can no longer change. Only the CNO may (:class:`NotTheCno`).
    """
    with services.uow() as uow:
        session = uow.session
        require_cno(session, services.settings, slack_id)
        if event_id is None:
            event = None
        else:
            event = open_event(session, event_id, now) if must_be_open else get_event(session, event_id)
        if audience is None:
            audience = Audience.from_json(event.audience) if event else Audience()
        person = person_by_slack_id(session, slack_id)
        zone = (person.timezone if person else None) or services.settings.timezone
        return FormContext(
            choices=audience_choices(session),
            timezone=event.timezone if event else zone,
            count=audience_size(session, audience, now.date()),
            draft=EventDraft(
                title=event.title, description=event.description, starts_at=event.starts_at,
                timezone=event.timezone, duration_minutes=event.duration_minutes, place=event.place,
                capacity=event.capacity, audience=Audience.from_json(event.audience),
            ) if event else None,
        )


def choices(services: Services) -> Choices:
    """The values the audience filters offer."""
    with services.uow() as uow:
        return audience_choices(uow.session)
