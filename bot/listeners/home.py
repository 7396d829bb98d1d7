"""App Home: the person's intros, reach and controls; the CNO's schedule. Its buttons republish it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.errors import BotError, UsageError
from bot.listeners.context import services_of
from bot.scheduler import apply_schedule
from bot.use_cases.people import controls
from bot.use_cases.people.home import home
from bot.use_cases.rounds.settings import change_round_schedule, schedule_form
from message_templates import render_blocks, render_text, render_view

log = logging.getLogger(__name__)

def publish_home(services: Services, client: WebClient, user_id: str) -> None:
    try:
        shown = home(services, user_id, utcnow())
    except BotError as error:
        client.views_publish(user_id=user_id, view={"type": "home", "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": str(error)}}]})
        return
    view = render_view("rounds/home", me=shown.me, admin=shown.admin, programs=shown.programs)
    view["blocks"].extend(render_blocks("find/home", mine=shown.relationships))
    client.views_publish(user_id=user_id, view=view)


def home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    publish_home(services_of(context), client, event["user"])


def _control(apply: Callable[[Services, str, datetime], Any], template: str) -> Any:
    """A control's button: ``apply(services, slack_id, now)``, answered with ``template`` (its ``result``)."""
    def on_click(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
        ack()
        services, user_id = services_of(context), body["user"]["id"]
        try:
            answer = render_text(template, result=apply(services, user_id, utcnow()))
        except BotError as error:
            log.info("home control refused for %s: %s", user_id, error)
            answer = str(error)
        if (body.get("container") or {}).get("type") == "message":
            # Clicked in a DM (the quiet-pause note): the note itself says what happened.
            respond(replace_original=True, text=answer)
        publish_home(services, client, user_id)

    return on_click


def open_prefs(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    prefs = controls.current_prefs(services_of(context), body["user"]["id"])
    client.views_open(trigger_id=body["trigger_id"], view=render_view("rounds/prefs_modal", p=prefs))


def open_schedule(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    try:
        form = schedule_form(services_of(context), body["user"]["id"])
    except BotError as error:
        log.info("schedule form refused for %s: %s", body["user"]["id"], error)
        return
    client.views_open(trigger_id=body["trigger_id"], view=render_view("rounds/schedule_modal", **form))


def _value(values: dict[str, Any], block: str) -> Any:
    element = values.get(block, {}).get("value", {})
    if "selected_option" in element:
        return (element.get("selected_option") or {}).get("value")
    if "selected_options" in element:
        return [o["value"] for o in element.get("selected_options") or []]
    return element.get("value")


def schedule_changes(values: dict[str, Any]) -> dict[str, Any]:
    """The schedule form's state values as settings changes; raises UsageError for a number that isn't one."""
    changes: dict[str, Any] = {"cadence": _value(values, "cadence"), "weekday": _value(values, "weekday"),
                               "approval_required": "required" in (_value(values, "approval") or [])}
    for name in ("hour", "local_send_hour", "follow_up_days", "quiet_threshold", "preview_lead_hours"):
        raw = _value(values, name)
        if raw not in (None, ""):
            try:
                changes[name] = int(raw)
            except ValueError:
                raise UsageError(f"{name.replace('_', ' ')} must be a whole number") from None
    return changes


def schedule_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                       context: BoltContext) -> None:
    services, user_id = services_of(context), body["user"]["id"]
    try:
        change_round_schedule(services, user_id, **schedule_changes(view["state"]["values"]))
    except BotError as error:
        ack(response_action="errors", errors={"cadence": str(error)})
        return
    ack()
    apply_schedule(services)
    publish_home(services, client, user_id)


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    app.action("networking_pause_2w")(_control(lambda s, u, now: controls.pause(s, u, "2w", now),
                                               "people/paused_text"))
    app.action("networking_resume")(_control(controls.resume, "people/resumed_text"))
    app.action("networking_opt_out")(_control(controls.opt_out, "people/opted_out_text"))
    app.action("networking_opt_in")(_control(controls.opt_in, "people/opted_in_text"))
    app.action("networking_open_prefs")(open_prefs)
    app.action("round_schedule_edit")(open_schedule)
    app.view("round_schedule")(schedule_submitted)
