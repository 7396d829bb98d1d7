"""Feature fixtures for the events tests: a small organisation, the modal's state, driving the app."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from itertools import count
from typing import Any

import pytest
from sqlalchemy import select

from bot.jobs import run_due
from bot.network import forget_cached_network
from storage.models import Event, Interaction, Invitation, OutboxMessage, Person
from tests.conftest import CNO_SLACK_ID

CNO = CNO_SLACK_ID


@dataclass
class Org:
    """Adds people to the database and to the Slack stand-in's workspace."""

    services: Any
    slack: Any

    def add(self, slack_id: str | None, function: str = "Sales", region: str = "EMEA", level: int = 3,
            team: str = "", timezone: str = "Europe/Paris", active: bool = True, opted_in: bool = True,
            email: str | None = None) -> int:
        email = email or f"{(slack_id or 'nobody').lower()}-{function.lower()}-{region.lower()}@acme.test"
        with self.services.uow() as uow:
            person = Person(email=email, slack_id=slack_id, name=slack_id or email, function=function, region=region,
                            level=level, team=team, timezone=timezone, active=active, opted_in=opted_in)
            uow.session.add(person)
            uow.commit()
            pid = person.id
        if slack_id:
            self.slack.add_user(slack_id, email, slack_id, tz=timezone)
        return pid

    def many(self, n: int, prefix: str = "U", **kwargs: Any) -> list[int]:
        return [self.add(f"{prefix}{i:04d}", **kwargs) for i in range(n)]

    def bulk(self, n: int, prefix: str = "B") -> list[str]:
        """``n`` people in one transaction, spread over functions and regions; returns their Slack ids."""
        functions, regions = ("Sales", "IT", "Legal", "HR"), ("EMEA", "AMER", "APAC")
        ids = [f"{prefix}{i:05d}" for i in range(n)]
        with self.services.uow() as uow:
            uow.session.add_all(
                Person(email=f"{sid.lower()}@acme.test", slack_id=sid, name=sid, function=functions[i % 4],
                       region=regions[i % 3], level=1 + i % 6, timezone="Europe/Paris")
                for i, sid in enumerate(ids)
            )
            uow.commit()
        for sid in ids:
            self.slack.add_user(sid, f"{sid.lower()}@acme.test", sid, tz="Europe/Paris")
        return ids

    def tie(self, a: int, b: int, on: date = date(2026, 1, 1), kind: str = "meeting") -> None:
        with self.services.uow() as uow:
            x, y = Interaction.ordered(a, b)
            uow.session.add(Interaction(a_id=x, b_id=y, kind=kind, occurred_on=on, source="import"))
            uow.commit()

    def person_id(self, slack_id: str) -> int:
        with self.services.uow() as uow:
            return uow.session.scalar(select(Person.id).where(Person.slack_id == slack_id))


@pytest.fixture(autouse=True)
def _no_network_from_another_test() -> None:
    """The in-memory network (and the lowest reach derived from it) belongs to one test's database."""
    forget_cached_network()


@pytest.fixture
def org(services, slack) -> Org:
    slack.add_user(CNO, "cno@acme.test", "The CNO", tz="Europe/Paris")
    return Org(services, slack)


def form_state(title: str = "Cross-team lunch", description: str = "Meet people from other teams.",
               day: str | None = "2026-12-03", at: str | None = "14:00", tz: str = "Europe/Paris",
               duration: str = "90", place: str = "Cafeteria, 3rd floor", capacity: str | None = None,
               functions: tuple[str, ...] = (), regions: tuple[str, ...] = (), levels: tuple[int, ...] = (),
               teams: tuple[str, ...] = (), lowest: bool = False) -> dict[str, Any]:
    """The modal's ``state.values`` as Slack sends them."""
    def multi(action_id: str, values: tuple[Any, ...]) -> dict[str, Any]:
        return {action_id: {"type": "multi_static_select",
                            "selected_options": [{"value": str(v), "text": {"type": "plain_text", "text": str(v)}}
                                                 for v in values]}}

    return {
        "title": {"value": {"type": "plain_text_input", "value": title}},
        "description": {"value": {"type": "plain_text_input", "value": description}},
        "date": {"value": {"type": "datepicker", "selected_date": day}},
        "time": {"value": {"type": "timepicker", "selected_time": at}},
        "timezone": {"value": {"type": "plain_text_input", "value": tz}},
        "duration": {"value": {"type": "static_select", "selected_option": {"value": duration}}},
        "place": {"value": {"type": "plain_text_input", "value": place}},
        "capacity": {"value": {"type": "number_input", "value": capacity}},
        "audience_functions": multi("event_audience_functions", functions),
        "audience_regions": multi("event_audience_regions", regions),
        "audience_levels": multi("event_audience_levels", levels),
        "audience_teams": multi("event_audience_teams", teams),
        "audience_lowest": {"event_audience_lowest": {
            "type": "checkboxes", "selected_options": [{"value": "lowest_reach"}] if lowest else []}},
    }


def queue_invitations(running_app: Any) -> None:
    """The scheduler's tick: the sweep queues the invitations that submitting the modal only promised."""
    run_due(running_app.services)


def create_event(running_app: Any, user_id: str = CNO, queue: bool = True, **fields: Any) -> int:
    """Submit the creation modal as the CNO and return the new event's id.

    With ``queue`` (the default) the scheduler then ticks once, so the invitations are in the outbox.
    """
    reply = running_app.slack.submit_view("cno_event_create", form_state(**fields), user_id=user_id)
    assert reply.status == 200, reply.text
    assert not reply.text or "errors" not in (reply.json or {}), reply.text
    if queue:
        queue_invitations(running_app)
    with running_app.services.uow() as uow:
        return uow.session.scalars(select(Event.id).order_by(Event.id.desc())).first()


_action_ts = count(1)


def modal_action(running_app: Any, action_id: str, state: dict[str, Any], user_id: str = CNO,
                 callback_id: str = "cno_event_create", private_metadata: str = "") -> Any:
    """A block_actions request from inside the open modal (a filter changed)."""
    return running_app.slack.interactive({
        "type": "block_actions", "team": {"id": "T1"}, "user": {"id": user_id}, "api_app_id": "A1",
        "trigger_id": "trigger-modal",
        "container": {"type": "view", "view_id": "V1"},
        "view": {"id": "V1", "hash": "h1", "type": "modal", "callback_id": callback_id,
                 "private_metadata": private_metadata, "state": {"values": state}},
        "actions": [{"type": "multi_static_select", "action_id": action_id, "block_id": "b",
                     "action_ts": f"{next(_action_ts)}.000001"}],
    })


def statuses(services: Any, event_id: int) -> dict[str, str]:
    """Slack id → RSVP status."""
    with services.uow() as uow:
        rows = uow.session.execute(
            select(Person.slack_id, Invitation.status).join(Invitation, Invitation.person_id == Person.id)
            .where(Invitation.event_id == event_id)
        )
        return {sid: status for sid, status in rows}


def dm(slack: Any, user: str) -> list[dict[str, Any]]:
    """Messages in the bot's DM with ``user``, oldest first."""
    return list(slack.messages.get(f"D{user}", []))


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks") or []) + message.get("text", "")


def outbox_keys(services: Any, like: str) -> list[str]:
    with services.uow() as uow:
        return list(uow.session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like(like))))


def click(running_app: Any, action_id: str, event_id: int, user_id: str) -> Any:
    """A person clicks a button on an event message (each click is a distinct delivery)."""
    return running_app.slack.action(action_id, value=str(event_id), user_id=user_id, channel_id=f"D{user_id}",
                                    action={"action_ts": f"{next(_action_ts)}.000002"})


def keys_in_slack(slack: Any) -> list[str]:
    """The outbox key of every message that is in Slack's conversations."""
    return [m["metadata"]["event_payload"]["key"] for messages in slack.messages.values() for m in messages
            if m.get("metadata")]
