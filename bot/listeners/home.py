"""App Home: the person's intros, reach and controls; the CNO's schedule. Its buttons republish it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.errors import BotError, NotAllowed
from bot.listeners.context import services_of
from bot.roles import is_cno
from bot.scheduler import apply_schedule
from bot.use_cases.find.contacts import my_relationships
from bot.use_cases.people import answers as control_answers
from bot.use_cases.people import controls as people_controls
from bot.use_cases.people.my_intros import my_intros
from bot.use_cases.rounds.admin_view import admin_section, schedule_form
from bot.use_cases.rounds.settings import update_round_settings
from message_templates import render_blocks, render_view
from storage.models.base import utcnow

log = logging.getLogger(__name__)


def publish_home(services: Services, client: WebClient, user_id: str) -> None:
    now = utcnow()
    try:
        mine = my_intros(services, user_id, now)
    except BotError as error:
        client.views_publish(user_id=user_id, view={"type": "home", "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": str(error)}}]})
        return
    view = render_view("rounds/home", me=mine, admin=admin_section(services, user_id, now))
    view["blocks"].extend(render_blocks("find/home", mine=my_relationships(services, user_id)))
    client.views_publish(user_id=user_id, view=view)


def home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    publish_home(services_of(context), client, event["user"])


def _control(apply: Any) -> Any:
    def on_click(ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext) -> None:
        ack()
        services, user_id = services_of(context), body["user"]["id"]
        try:
            answer = apply(services, user_id)
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
    prefs = people_controls.current_prefs(services_of(context), body["user"]["id"])
    client.views_open(trigger_id=body["trigger_id"], view=render_view("rounds/prefs_modal", p=prefs))


def open_schedule(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    services = services_of(context)
    with services.uow() as uow:
        if not is_cno(uow.session, services.settings, body["user"]["id"]):
            return
    view = render_view("rounds/schedule_modal", **schedule_form(services))
    client.views_open(trigger_id=body["trigger_id"], view=view)


def _value(values: dict[str, Any], block: str) -> Any:
    element = values.get(block, {}).get("value", {})
    if "selected_option" in element:
        return (element.get("selected_option") or {}).get("value")
    if "selected_options" in element:
        return [o["value"] for o in element.get("selected_options") or []]
    return element.get("value")


def schedule_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                       context: BoltContext) -> None:
    services, user_id = services_of(context), body["user"]["id"]
    values = view["state"]["values"]
    try:
        with services.uow() as uow:
            allowed = is_cno(uow.session, services.settings, user_id)
        if not allowed:
            raise NotAllowed("Only the CNO can change the round schedule.")
        changes: dict[str, Any] = {"cadence": _value(values, "cadence"), "weekday": _value(values, "weekday"),
                                   "approval_required": "required" in (_value(values, "approval") or [])}
        for name in ("hour", "local_send_hour", "follow_up_days", "quiet_threshold", "preview_lead_hours"):
            raw = _value(values, name)
            if raw not in (None, ""):
                try:
                    changes[name] = int(raw)
                except ValueError:
                    raise people_controls.UsageError(f"{name.replace('_', ' ')} must be a whole number") from None
        with services.uow() as uow:
            update_round_settings(uow.session, services.settings.timezone, **changes)
            uow.commit()
    except BotError as error:
        ack(response_action="errors", errors={"cadence": str(error)})
        return
    ack()
    apply_schedule(services)
    publish_home(services, client, user_id)


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    app.action("networking_pause_2w")(_control(lambda s, u: control_answers.pause_answer(s, u, "2w", utcnow())))
    app.action("networking_resume")(_control(lambda s, u: control_answers.resume_answer(s, u, utcnow())))
    app.action("networking_opt_out")(_control(control_answers.opt_out_answer))
    app.action("networking_opt_in")(_control(lambda s, u: control_answers.opt_in_answer(s, u, utcnow())))
    app.action("networking_open_prefs")(open_prefs)
    app.action("round_schedule_edit")(open_schedule)
    app.view("round_schedule")(schedule_submitted)
