"""The CNO's programs on the App Home: the `program_edit` modal (new or edit), pause, resume and end buttons."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.errors import BotError, UsageError
from bot.listeners.context import services_of
from bot.listeners.home import publish_home
from bot.use_cases.programs.admin import ProgramSpec, change_status, create_program, edit_program, program_view
from message_templates import render_view

log = logging.getLogger(__name__)
#: Which field of the modal shows an error, by the start of the error's message.
ERROR_BLOCKS = {"a program needs a name": "name", "--channel": "channel", "channel": "channel", "--cadence": "cadence",
                "--day": "weekday", "--local-hour": "local_hour", "--group-size": "group_size",
                "--intro": "intro_type", "an ": "attribute", "a seats": "seats", "--follow-up-days": "follow_up_days",
                "a program named": "name"}


def _value(values: dict[str, Any], block: str) -> Any:
    element = values.get(block, {}).get("value", {})
    for key in ("selected_conversation", "selected_channel"):
        if key in element:
            return element.get(key)
    if "selected_option" in element:
        return (element.get("selected_option") or {}).get("value")
    if "selected_options" in element:
        return [o["value"] for o in element.get("selected_options") or []]
    return element.get("value")


def spec_of(values: dict[str, Any]) -> ProgramSpec:
    """The modal's state values as a program spec; UsageError for a number that isn't one."""
    numbers: dict[str, int] = {}
    for name in ("local_hour", "group_size", "follow_up_days"):
        try:
            numbers[name] = int(_value(values, name) or 0)
        except ValueError:
            raise UsageError(f"--{name.replace('_', '-')} must be a whole number") from None
    return ProgramSpec(
        name=str(_value(values, "name") or ""), channel_id=str(_value(values, "channel") or ""),
        cadence=str(_value(values, "cadence") or "weekly"), weekday=str(_value(values, "weekday") or "mon"),
        intro_type=str(_value(values, "intro_type") or "mixed"), attribute=str(_value(values, "attribute") or ""),
        seats=str(_value(values, "seats") or ""), approval_required="required" in (_value(values, "approval") or []),
        **numbers)


def _error_block(message: str) -> str:
    return next((block for start, block in ERROR_BLOCKS.items() if message.startswith(start)), "name")


def open_modal(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    action = (body.get("actions") or [{}])[0]
    try:
        view = program_view(services_of(context), int(action["value"]), utcnow(), body["user"]["id"]) \
            if action.get("action_id") == "program_edit_open" else None
    except (BotError, ValueError, KeyError) as error:
        log.info("program modal refused for %s: %s", body["user"]["id"], error)
        return
    client.views_open(trigger_id=body["trigger_id"], view=render_view("programs/edit_modal", v=view))


def submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    services, user_id = services_of(context), body["user"]["id"]
    program_id = str(view.get("private_metadata") or "")
    try:
        spec = spec_of(view["state"]["values"])
        if program_id.isdigit():
            edit_program(services, int(program_id), spec, utcnow(), user_id)
        else:
            create_program(services, spec, utcnow(), user_id)
    except BotError as error:
        ack(response_action="errors", errors={_error_block(str(error)): str(error)})
        return
    ack()
    publish_home(services, client, user_id)


def _move(move: str) -> Any:
    def on_click(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        ack()
        services, user_id = services_of(context), body["user"]["id"]
        action = (body.get("actions") or [{}])[0]
        try:
            change_status(services, str(action.get("value", "")), move, utcnow(), user_id)
        except BotError as error:
            log.info("program %s refused for %s: %s", move, user_id, error)
        publish_home(services, client, user_id)

    return on_click


def register(app: App) -> None:
    app.action("program_new")(open_modal)
    app.action("program_edit_open")(open_modal)
    app.view("program_edit")(submitted)
    app.action("program_pause")(_move("pause"))
    app.action("program_resume")(_move("resume"))
    app.action("program_end")(_move("end"))
