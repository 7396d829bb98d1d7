"""``/networking find``'s answer and its buttons: ask for an introduction, and the answers of the person asked."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.listeners.context import services_of
from bot.listeners.home import publish_home
from bot.use_cases.find.contacts import CONTACT_KINDS, ContactFormError, add_relationship, remove_my_relationship
from bot.use_cases.find.requests import Click, answer, ask
from bot.use_cases.find.search import find
from message_templates import render_blocks, render_text, render_view

log = logging.getLogger(__name__)
BROKEN = "This button is broken; no action was taken."


def find_answer(services: Services, user_id: str, words: list[str]) -> dict[str, Any]:
    """The private answer to `/networking find …` (raises BotError for a bad query)."""
    result = find(services, user_id, " ".join(words), utcnow())
    return {"text": render_text("find/results_text", answer=result),
            "blocks": render_blocks("find/results", answer=result)}


def _private(respond: Respond, text: str) -> None:
    respond(text=text, response_type="ephemeral", replace_original=False)


def ask_clicked(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    click = Click.parse(((body.get("actions") or [{}])[0]).get("value") or "")
    if click is None:
        _private(respond, BROKEN)
        return
    outcome = ask(services_of(context), body["user"]["id"], click, utcnow())
    _private(respond, render_text("find/ask_outcome", o=outcome, query=click.query))


def _answer(accepted: bool) -> Any:
    def clicked(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        ack()
        try:
            request_id = int(((body.get("actions") or [{}])[0]).get("value") or "")
        except ValueError:
            _private(respond, BROKEN)
            return
        result = answer(services_of(context), request_id, body["user"]["id"], accepted, utcnow())
        if result.acted:
            try:
                respond(text=result.text, replace_original=True)
                return
            except Exception:  # the outbox's update fixes the message anyway; say it in words meanwhile
                log.warning("could not replace the intro request through response_url", exc_info=True)
        _private(respond, result.text)

    return clicked


def open_contact_form(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=render_view("find/contact_modal", kinds=CONTACT_KINDS))


def _value(values: dict[str, Any], block: str) -> str:
    element = values.get(block, {}).get("value", {})
    if "selected_option" in element:
        return str((element.get("selected_option") or {}).get("value") or "")
    if "selected_date" in element:
        return str(element.get("selected_date") or "")
    return str(element.get("value") or "")


def contact_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
                      context: BoltContext) -> None:
    services, user_id = services_of(context), body["user"]["id"]
    values = view["state"]["values"]
    raw_day = _value(values, "last_contact")
    try:
        day = date.fromisoformat(raw_day) if raw_day else None
    except ValueError:
        ack(response_action="errors", errors={"last_contact": "Choose a date from the calendar."})
        return
    today = utcnow().astimezone(services.settings.zone).date()
    try:
        add_relationship(services, user_id, _value(values, "organisation"), _value(values, "kind"),
                         _value(values, "strength"), day, today)
    except ContactFormError as error:
        ack(response_action="errors", errors={error.block: str(error)})
        return
    ack()
    publish_home(services, client, user_id)


def remove_clicked(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    services, user_id = services_of(context), body["user"]["id"]
    try:
        relationship_id = int(((body.get("actions") or [{}])[0]).get("value") or "")
    except ValueError:
        return
    remove_my_relationship(services, user_id, relationship_id)
    publish_home(services, client, user_id)


def register(app: App) -> None:
    app.action("find_contact_add")(open_contact_form)
    app.view("find_contact_add")(contact_submitted)
    app.action("find_contact_remove")(remove_clicked)
    app.action("find_ask_intro")(ask_clicked)
    app.action("find_ask_direct")(ask_clicked)
    app.action("find_connector_accept")(_answer(True))
    app.action("find_connector_decline")(_answer(False))
    app.action("find_direct_accept")(_answer(True))
    app.action("find_direct_decline")(_answer(False))
