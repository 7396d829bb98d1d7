"""``/networking find``'s answer and its buttons: ask for an introduction, and the answers of the person asked."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.listeners.context import services_of
from bot.use_cases.find.requests import Click, answer, ask
from bot.use_cases.find.search import find
from message_templates import render_blocks, render_text

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


def register(app: App) -> None:
    app.action("find_ask_intro")(ask_clicked)
    app.action("find_ask_direct")(ask_clicked)
    app.action("find_connector_accept")(_answer(True))
    app.action("find_connector_decline")(_answer(False))
    app.action("find_direct_accept")(_answer(True))
    app.action("find_direct_decline")(_answer(False))
