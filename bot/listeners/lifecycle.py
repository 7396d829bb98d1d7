"""People joining and leaving: `team_join`, `user_change`, the handover picker and the erasure button."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.bootstrap import services_of
from bot.clock import utcnow
from bot.errors import BotError
from bot.use_cases.lifecycle.erasure import forget_me
from bot.use_cases.lifecycle.handover import choose_successor
from bot.use_cases.lifecycle.leaving import leave_from_slack
from bot.use_cases.lifecycle.onboarding import join_from_slack
from message_templates import render_text


def on_team_join(event: dict[str, Any], context: BoltContext) -> None:
    join_from_slack(services_of(context), event.get("user") or {}, utcnow())


def on_user_change(event: dict[str, Any], context: BoltContext) -> None:
    user = event.get("user") or {}
    if not user.get("deleted"):
        return
    leave_from_slack(services_of(context), user, utcnow())


def on_handover_successor(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    action = (body.get("actions") or [{}])[0]
    try:
        handover_id = int(str(action.get("block_id", "")).split(":", 1)[1])
    except (IndexError, ValueError):
        text = render_text("lifecycle/refused", reason="handover_closed")
        respond(response_type="ephemeral", replace_original=False, text=text)
        return
    successor = str(action.get("selected_user") or "")
    try:
        choose_successor(services_of(context), handover_id, body["user"]["id"], successor, utcnow())
    except BotError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))


def on_forget_me_confirm(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    erased = forget_me(services_of(context), body["user"]["id"])
    respond(response_type="ephemeral", replace_original=True, text=render_text("lifecycle/forgotten", erased=erased))


def register(app: App) -> None:
    app.event("team_join")(on_team_join)
    app.event("user_change")(on_user_change)
    app.action("handover_successor")(on_handover_successor)
    app.action("forget_me_confirm")(on_forget_me_confirm)
