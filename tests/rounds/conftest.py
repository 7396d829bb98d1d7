"""Fixtures for intro rounds: a small organisation in the database and in the Slack stand-in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from bot.bootstrap import Services
from storage.models import OutboxMessage, Person
from tests.support.slack_standin import SlackStandIn

FUNCTIONS = ("Sales", "Engineering", "Finance", "Legal", "Marketing", "Operations")
REGIONS = ("EMEA", "APAC", "AMER")
# Monday 2026-11-30 09:00 UTC is a default round time (the week 2026-W49).
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@dataclass
class Org:
    services: Services
    slack: SlackStandIn
    people: dict[str, int] = field(default_factory=dict)  # email -> id
    slack_ids: dict[str, str] = field(default_factory=dict)  # email -> slack id

    def add(self, email: str, function: str = "Sales", region: str = "EMEA", *, tz: str = "UTC", level: int = 3,
            slack_id: str | None = "auto", name: str = "", **columns: Any) -> int:
        n = len(self.people) + 1
        sid = f"U{n:03d}" if slack_id == "auto" else slack_id
        with self.services.uow() as uow:
            person = Person(email=email, name=name or email.split("@")[0].title(), function=function, region=region,
                            level=level, timezone=tz, slack_id=sid, title=columns.pop("title", "Specialist"),
                            **columns)
            uow.session.add(person)
            uow.commit()
            self.people[email] = person.id
        if sid:
            self.slack_ids[email] = sid
            self.slack.add_user(sid, email, name or email, tz=tz)
        return person.id

    def add_many(self, count: int, tz: str = "UTC", prefix: str = "p") -> list[str]:
        emails = []
        for i in range(count):
            email = f"{prefix}{len(self.people) + 1}@acme.test"
            self.add(email, FUNCTIONS[i % len(FUNCTIONS)], REGIONS[i % len(REGIONS)], tz=tz, level=2 + i % 3)
            emails.append(email)
        return emails

    def person(self, email: str) -> Person:
        with self.services.uow() as uow:
            person = uow.session.scalars(select(Person).where(Person.email == email)).one()
            uow.session.expunge(person)
            return person

    def email_of_slack(self, slack_id: str) -> str:
        return next(e for e, s in self.slack_ids.items() if s == slack_id)

    def outbox(self, prefix: str = "") -> list[OutboxMessage]:
        with self.services.uow() as uow:
            rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.key.like(f"{prefix}%"))
                                       .order_by(OutboxMessage.id)).all()
            uow.session.expunge_all()
            return list(rows)


@pytest.fixture
def org(services: Services, slack: SlackStandIn) -> Org:
    return Org(services, slack)


def group_dms(slack: SlackStandIn) -> list[dict[str, Any]]:
    """Intro messages that reached group DMs (channels the stand-in names G…), as posted."""
    with slack.lock:
        return [{"channel": channel, **message} for channel, messages in slack.messages.items()
                if channel.startswith("G") for message in messages]


def members_of_channel(channel: str) -> list[str]:
    return channel[1:].split("-")


@pytest.fixture
def rounds_on(services: Services) -> Services:
    """The stored default settings (the migration's row; tests empty every table first)."""
    from storage.models import RoundSettings

    with services.uow() as uow:
        uow.session.add(RoundSettings.defaults())
        uow.commit()
    return services


def set_round_settings(services: Services, **changes: Any) -> None:
    from bot.use_cases.rounds.settings import update_round_settings

    with services.uow() as uow:
        update_round_settings(uow.session, services.settings.timezone, **changes)
        uow.commit()
