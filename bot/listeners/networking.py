"""`/networking`: help, and the person's own controls (one small handler per subcommand).

Subcommands live in :data:`SUBCOMMANDS`, a plain dict from the word to a handler
``fn(request) -> str`` returning the ephemeral answer; add one with one line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.errors import BotError
from bot.listeners.context import services_of
from bot.use_cases.people import controls
from bot.use_cases.people.my_intros import my_intros
from bot.use_cases.people.why import why
from message_templates import render_blocks, render_text, render_view

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Request:
    """What a subcommand handler gets."""

    services: Services
    user_id: str
    args: list[str]
    trigger_id: str
    client: WebClient


#: A handler answers with text, or with ``{"text": ..., "blocks": [...]}`` for an answer with buttons.
Handler = Callable[[Request], str | dict[str, Any]]


def _help(request: Request) -> str:
    return render_text("people/help_text")


def _status(request: Request) -> str:
    return render_text("people/status_text", me=my_intros(request.services, request.user_id, utcnow()))


def _pause(request: Request) -> str:
    paused = controls.pause(request.services, request.user_id, " ".join(request.args), utcnow())
    return render_text("people/paused_text", result=paused)


def _resume(request: Request) -> str:
    return render_text("people/resumed_text", result=controls.resume(request.services, request.user_id, utcnow()))


def _opt_out(request: Request) -> str:
    return render_text("people/opted_out_text", result=controls.opt_out(request.services, request.user_id, utcnow()))


def _opt_in(request: Request) -> str:
    return render_text("people/opted_in_text", result=controls.opt_in(request.services, request.user_id, utcnow()))


def _prefs(request: Request) -> str:
    prefs = controls.current_prefs(request.services, request.user_id)
    request.client.views_open(trigger_id=request.trigger_id, view=render_view("rounds/prefs_modal", p=prefs))
    return ""


def _why(request: Request) -> str:
    return render_text("people/why_text", why=why(request.services, request.user_id, utcnow()))


def _forget_me(request: Request) -> dict[str, Any]:
    # Erases only on the button: bot.listeners.lifecycle.
    return {"text": render_text("people/forget_me_text"), "blocks": render_blocks("people/forget_me")}


SUBCOMMANDS: dict[str, Handler] = {
    "help": _help,
    "status": _status,
    "pause": _pause,
    "resume": _resume,
    "opt-out": _opt_out,
    "opt-in": _opt_in,
    "prefs": _prefs,
    "why": _why,
    "forget-me": _forget_me,
}


def networking_command(ack: Ack, command: dict[str, str], client: WebClient, context: BoltContext) -> None:
    words = (command.get("text") or "").split()
    name = words[0].lower() if words else "help"
    handler = SUBCOMMANDS.get(name)
    if handler is None:
        ack(response_type="ephemeral", text=render_text("people/unknown_subcommand_text", word=name))
        return
    request = Request(services_of(context), command["user_id"], words[1:], command.get("trigger_id", ""), client)
    try:
        answer = handler(request)
    except BotError as error:
        ack(response_type="ephemeral", text=str(error))
        return
    if isinstance(answer, dict):
        ack(response_type="ephemeral", **answer)
    elif answer:
        ack(response_type="ephemeral", text=answer)
    else:
        ack()


def _selected(values: dict[str, Any], block: str) -> Any:
    element = values.get(block, {}).get("value", {})
    if "selected_options" in element:
        return [o["value"] for o in element.get("selected_options") or []]
    if "selected_option" in element:
        return (element.get("selected_option") or {}).get("value")
    return element.get("value")


def prefs_changes(values: dict[str, Any]) -> dict[str, Any]:
    """The modal's state values as preference changes."""
    prefer = _selected(values, "prefer") or []
    available = _selected(values, "available") or []
    interests = [x.strip() for x in (_selected(values, "interests") or "").split(",") if x.strip()]
    changes: dict[str, Any] = {
        "frequency": _selected(values, "frequency") or "weekly",
        "prefer_other_function": "prefer_other_function" in prefer,
        "prefer_other_region": "prefer_other_region" in prefer,
        "in_person_region": (_selected(values, "in_person_region") or "").strip(),
        "interests": interests,
        "mentor_available": "mentor_available" in available,
        "sponsor_available": "sponsor_available" in available,
    }
    for key in ("mentor_capacity", "sponsor_capacity"):
        raw = _selected(values, key)
        if raw is not None:
            try:
                changes[key] = int(raw)
            except ValueError:
                changes[key] = raw
    return changes


def prefs_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    changes = prefs_changes(view["state"]["values"])
    try:
        controls.save_prefs(services_of(context), body["user"]["id"], changes)
    except BotError as error:
        ack(response_action="errors", errors={"frequency": str(error)})
        return
    ack()


def register(app: App) -> None:
    app.command("/networking")(networking_command)
    app.view("networking_prefs")(prefs_submitted)
