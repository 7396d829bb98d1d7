"""What the CNO's event modal needs from storage: the audience choices, a default zone, live counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.use_cases.events.audience import Audience, Choices, audience_choices, audience_size
from bot.use_cases.events.schedule import EventDraft, get_event
from storage.models import Person
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class FormContext:
    choices: Choices
    timezone: str
    count: int
    draft: EventDraft | None = None


def form_context(
    uow: UnitOfWork, slack_id: str, default_zone: str, now: datetime, audience: Audience | None = None,
    event_id: int | None = None,
) -> FormContext:
    """Choices from the people in the database, the CNO's own zone, and the audience's size now.

    With ``event_id``, the event being edited (its audience unless ``audience`` is given).
    """
    with uow:
        session = uow.session
        event = get_event(session, event_id) if event_id is not None else None
        if audience is None:
            audience = Audience.from_json(event.audience) if event else Audience()
        zone = session.scalar(select(Person.timezone).where(Person.slack_id == slack_id)) or default_zone
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


def count_audience(uow: UnitOfWork, audience: Audience, now: datetime) -> int:
    with uow:
        return audience_size(uow.session, audience, now.date())


def choices(uow: UnitOfWork) -> Choices:
    """The values the audience filters offer."""
    with uow:
        return audience_choices(uow.session)
