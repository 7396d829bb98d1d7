"""Answers to event messages: RSVP buttons, and "who did you meet?" after the event."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.bootstrap import services_of
from bot.clock import utcnow
from bot.errors import BotError
from bot.use_cases.events.messages import Message
from bot.use_cases.events.met import record_met, record_not_attended
from bot.use_cases.events.rsvp import CHOICES, answer
from message_templates import render_text

log = logging.getLogger(__name__)


def _action(body: dict[str, Any]) -> dict[str, Any]:
    action: dict[str, Any] = (body.get("actions") or [{}])[0]
    return action


def _say(respond: Respond, text: str) -> None:
    respond(response_type="ephemeral", replace_original=False, text=text)


def _closed(respond: Respond, reason: str, title: str = "") -> None:
    """Why the answer could not be taken (``reason``: a case of message_templates/events/refusal)."""
    _say(respond, render_text("events/refusal.txt", reason=reason, title=title))


def _clicked(body: dict[str, Any]) -> tuple[str, str] | None:
    """The (channel, ts) of the message that was clicked."""
    container = body.get("container") or {}
    channel, ts = container.get("channel_id"), container.get("message_ts")
    return (channel, ts) if channel and ts else None


def _replace(respond: Respond, message: Message | None) -> None:
    """Show the clicked message's new state at once (the click's response_url replaces it)."""
    if message is not None:
        respond(replace_original=True, text=message.text, blocks=message.blocks)


def rsvp_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    """Going / maybe / can't come: the invitation is updated in place (through the outbox)."""
    ack()
    action = _action(body)
    value = str(action.get("value") or "")
    if not value.isdigit() or action.get("action_id") not in CHOICES:
        log.warning("RSVP with an unexpected value %r", value)
        return
    try:
        outcome = answer(services_of(context), int(value), body["user"]["id"], CHOICES[action["action_id"]],
                         utcnow(), clicked=_clicked(body))
    except BotError as error:
        _say(respond, str(error))
        return
    _replace(respond, outcome.replace_with)
    if outcome.closed:
        _closed(respond, outcome.closed, outcome.title)


def _met_event_id(action: dict[str, Any]) -> int | None:
    block = str(action.get("block_id") or "")
    value = block.removeprefix("event_met:") if block.startswith("event_met:") else str(action.get("value") or "")
    return int(value) if value.isdigit() else None


def met_chosen(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    """The people chosen in "who did you meet?" become ties."""
    ack()
    action = _action(body)
    event_id = _met_event_id(action)
    if event_id is None:
        return
    try:
        outcome = record_met(services_of(context), event_id, body["user"]["id"],
                             list(action.get("selected_users") or []), utcnow(), clicked=_clicked(body))
    except BotError as error:
        _say(respond, str(error))
        return
    _replace(respond, outcome.replace_with)
    if outcome.closed:
        _closed(respond, outcome.closed)
    elif outcome.unknown:
        _say(respond, render_text("events/met_unknown.txt", unknown=outcome.unknown))


def not_attended_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    event_id = _met_event_id(_action(body))
    if event_id is None:
        return
    try:
        outcome = record_not_attended(services_of(context), event_id, body["user"]["id"], utcnow(),
                                      clicked=_clicked(body))
    except BotError as error:
        _say(respond, str(error))
        return
    _replace(respond, outcome.replace_with)
    if outcome.closed:
        _closed(respond, outcome.closed)


def register(app: App) -> None:
    for action_id in CHOICES:
        app.action(action_id)(rsvp_clicked)
    app.action("event_met_people")(met_chosen)
    app.action("event_not_attended")(not_attended_clicked)
