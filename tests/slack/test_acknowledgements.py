"""Every slash command, button and form is acknowledged within Slack's 3 seconds, and every modal opens while its
trigger id is valid, even when each call to Slack takes 3 seconds: the app never waits on Slack before answering.

The stand-in's clock measures it: a request's trigger id is issued when the request is sent, every Web API call
and response_url post moves the clock on by 3 seconds, and the acknowledgement is timed when the listener calls
``ack()``. A listener that called Slack before acknowledging, or before ``views.open``, is 3 seconds late.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from freezegun import freeze_time
from slack_bolt import Ack, BoltContext
from slack_bolt.response import BoltResponse

from bot.app import build_app
from bot.web import WebApp
from storage.models import Person
from tests.conftest import CNO_SLACK_ID, SIGNING_SECRET, RunningApp
from tests.events.conftest import create_event, form_state
from tests.support.app_server import AppServer
from tests.support.slack_client import SignedSlack

SLOW = 3.0  # seconds every call to Slack takes, on the stand-in's clock
NOW_FOR_FORMS = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # before the forms' default day (3 December)


class TimedAck(Ack):
    """Bolt's ack, noting the stand-in's time of the first call."""

    def __init__(self, now: Any, acks: dict[str, float], key: str) -> None:
        super().__init__()
        self._now, self._acks, self._key = now, acks, key

    def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        self._acks.setdefault(self._key, self._now())
        return super().__call__(*args, **kwargs)


@pytest.fixture
def acks() -> dict[str, float]:
    return {}


@pytest.fixture
def timed_app(services, slack, acks) -> Iterator[RunningApp]:
    """The real app, its acknowledgements timed on the stand-in's clock (keyed by the request's trigger id)."""
    app = build_app(services, process_before_response=True)

    @app.middleware
    def time_the_ack(body: dict[str, Any], context: BoltContext, next: Any) -> BoltResponse:
        trigger = body.get("trigger_id")
        if trigger:
            context["ack"] = TimedAck(slack.clock.now, acks, trigger)
        return next()

    with AppServer(WebApp(services, app)) as server:
        yield RunningApp(server.url, SignedSlack(server.url, SIGNING_SECRET, slack.url), services, slack)


@pytest.fixture
def people(services, slack) -> None:
    with services.uow() as uow:
        for slack_id, function in (("U1", "Sales"), (CNO_SLACK_ID, "Exec"), ("U2", "IT")):
            uow.session.add(Person(email=f"{slack_id.lower()}@acme.test", slack_id=slack_id, name=slack_id,
                                   function=function, region="EMEA", level=3, timezone="Europe/Paris"))
            slack.add_user(slack_id, f"{slack_id.lower()}@acme.test", slack_id)
        uow.commit()


def _acked_in_time(slack, acks: dict[str, float]) -> str:
    """The trigger id of the last request, after checking its acknowledgement came within 3 seconds."""
    trigger = max(slack.triggers, key=lambda t: (slack.triggers[t], int(t.rsplit("-", 1)[-1])))
    assert trigger in acks, "the listener never acknowledged"
    assert acks[trigger] - slack.triggers[trigger] < 3.0, f"acknowledged {acks[trigger] - slack.triggers[trigger]}s"
    return trigger


def _opened(slack, trigger: str, callback_id: str) -> None:
    assert [v["view"]["callback_id"] for v in slack.views if v.get("trigger_id") == trigger] == [callback_id]


COMMANDS = [
    ("/networking", "help"), ("/networking", "status"), ("/networking", "pause 2w"), ("/networking", "resume"),
    ("/networking", "opt-out"), ("/networking", "opt-in"), ("/networking", "why"), ("/networking", "forget-me"),
    ("/networking", "nonsense"), ("/mentor", "status"), ("/mentor", "cancel"), ("/sponsor", "end"),
    ("/cno-event", "help"), ("/cno-event", "list"), ("/cno-event", "tables 1 6"), ("/team-reach", ""),
    ("/team-reach", "all"), ("/cno-report", ""), ("/cno-report", "help"),
]


@pytest.mark.parametrize(("command", "text"), COMMANDS)
def test_a_slash_command_is_acknowledged_before_any_call_to_slack(timed_app, slack, acks, people, command, text):
    slack.slow_down(SLOW)
    user = CNO_SLACK_ID if command.startswith("/cno") else "U1"
    reply = timed_app.slack.command(command, text, user_id=user, channel_id="C1")
    assert reply.status == 200
    _acked_in_time(slack, acks)


@pytest.mark.parametrize(("command", "text", "user", "callback_id"), [
    ("/networking", "prefs", "U1", "networking_prefs"),
    ("/mentor", "public speaking", "U1", "mentor_request"),
    ("/sponsor", "my first team lead role", "U1", "sponsor_request"),
    ("/cno-event", "", CNO_SLACK_ID, "cno_event_create"),
])
def test_a_slash_command_opens_its_modal_while_the_trigger_id_is_valid(timed_app, slack, acks, people, command,
                                                                       text, user, callback_id):
    slack.slow_down(SLOW)
    timed_app.slack.command(command, text, user_id=user)
    _opened(slack, _acked_in_time(slack, acks), callback_id)


BUTTONS = [
    "intro_met", "intro_not_met", "round_approve", "round_rerun", "round_skip", "rsvp_going", "rsvp_maybe",
    "rsvp_declined", "event_not_attended", "handover_successor", "forget_me_confirm", "networking_pause_2w",
    "networking_resume", "networking_opt_out", "networking_opt_in", "event_cancel", "event_tables",
    "event_audience_count", "match_accept", "match_decline",
]


@pytest.mark.parametrize("action_id", BUTTONS)
def test_a_button_is_acknowledged_before_any_call_to_slack(timed_app, slack, acks, people, action_id):
    slack.slow_down(SLOW)
    reply = timed_app.slack.action(action_id, value="1", user_id="U1", channel_id="DU1")
    assert reply.status == 200
    _acked_in_time(slack, acks)


@pytest.mark.parametrize(("action_id", "callback_id"), [
    ("networking_open_prefs", "networking_prefs"), ("round_schedule_edit", "round_schedule"),
])
def test_an_app_home_button_opens_its_modal_while_the_trigger_id_is_valid(timed_app, slack, acks, people,
                                                                          action_id, callback_id):
    slack.slow_down(SLOW)
    timed_app.slack.action(action_id, user_id=CNO_SLACK_ID, channel_id="DUCNO")
    _opened(slack, _acked_in_time(slack, acks), callback_id)


def test_the_edit_button_opens_the_event_modal_while_the_trigger_id_is_valid(timed_app, slack, acks, people):
    with freeze_time(NOW_FOR_FORMS):
        event_id = create_event(timed_app)
        slack.slow_down(SLOW)
        timed_app.slack.action("event_edit", value=str(event_id), user_id=CNO_SLACK_ID, channel_id="DUCNO")
        _opened(slack, _acked_in_time(slack, acks), "cno_event_edit")
    slack.slow_down(0.05)
    timed_app.deliver()


FORMS = [
    ("networking_prefs", {}), ("mentor_request", {}), ("sponsor_request", {}), ("match_decline_reason", {}),
    ("round_schedule", {}), ("cno_event_create", form_state()), ("cno_event_edit", form_state()),
]


@pytest.mark.parametrize(("callback_id", "values"), FORMS)
def test_a_form_submission_is_acknowledged_before_any_call_to_slack(timed_app, slack, acks, people, callback_id,
                                                                    values):
    slack.slow_down(SLOW)
    with freeze_time(NOW_FOR_FORMS):
        reply = timed_app.slack.submit_view(callback_id, values, user_id=CNO_SLACK_ID, private_metadata="1")
    assert reply.status == 200
    _acked_in_time(slack, acks)
