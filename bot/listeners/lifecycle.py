"""People joining and leaving: `team_join`, `user_change`, the handover picker and the erasure button."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.bootstrap import Services
from bot.errors import BotError
from bot.use_cases.lifecycle.erasure import forget_slack_user
from bot.use_cases.lifecycle.handover import choose_successor
from bot.use_cases.lifecycle.leaving import leave_from_slack
from bot.use_cases.lifecycle.onboarding import join_from_slack
from storage.models.base import utcnow

log = logging.getLogger(__name__)

FORGET_ME_DONE = (
    "Done: I have erased your name, email, Slack id, skills, answers and ties. "
    "Only anonymous counts remain in the organisation's weekly figures. Messages already in Slack stay where they are."
)
FORGET_ME_NOTHING = "I hold nothing about you."


def _services(context: BoltContext) -> Services:
    return context["services"]  # bot.app.services_of; importing it here would be circular


def on_team_join(event: dict[str, Any], context: BoltContext) -> None:
    services = _services(context)
    with services.uow() as uow:
        person = join_from_slack(uow.session, event.get("user") or {}, utcnow())
        uow.commit()
    if person is not None:
        log.info("team_join: person %s onboarding", person.id)


def on_user_change(event: dict[str, Any], context: BoltContext) -> None:
    user = event.get("user") or {}
    if not user.get("deleted"):
        return
    services = _services(context)
    with services.uow() as uow:
        opened = leave_from_slack(uow.session, user, utcnow().astimezone(services.settings.zone).date())
        uow.commit()
    if opened:
        log.info("user_change: person %s left; handover %s opened", opened[0].leaver_id, opened[0].id)


def on_handover_successor(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    action = (body.get("actions") or [{}])[0]
    try:
        handover_id = int(str(action.get("block_id", "")).split(":", 1)[1])
    except (IndexError, ValueError):
        respond(response_type="ephemeral", replace_original=False, text="This handover is no longer open.")
        return
    successor = str(action.get("selected_user") or "")
    services = _services(context)
    try:
        with services.uow() as uow:
            choose_successor(
                uow.session, services.settings, handover_id, body["user"]["id"], successor, utcnow()
            )
            uow.commit()
    except BotError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))


def on_forget_me_confirm(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    services = _services(context)
    with services.uow() as uow:
        report = forget_slack_user(uow.session, body["user"]["id"])
        uow.commit()
    respond(response_type="ephemeral", replace_original=True, text=FORGET_ME_DONE if report else FORGET_ME_NOTHING)


def register(app: App) -> None:
    app.event("team_join")(on_team_join)
    app.event("user_change")(on_user_change)
    app.action("handover_successor")(on_handover_successor)
    app.action("forget_me_confirm")(on_forget_me_confirm)
