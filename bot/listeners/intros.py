"""Intro buttons: "We met" / "We didn't meet" on follow-ups, and the CNO's approve / re-run / skip."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.clock import utcnow
from bot.errors import BotError
from bot.listeners.context import services_of
from bot.use_cases.rounds.approval import decide
from bot.use_cases.rounds.follow_ups import MET, NOT_MET, record_answer


def _answer(answer: str) -> Any:
    def on_click(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                 context: BoltContext) -> None:
        ack()
        try:
            recorded = record_answer(services_of(context), action.get("value", ""), body["user"]["id"], answer,
                                     utcnow())
        except BotError as error:
            respond(response_type="ephemeral", replace_original=False, text=str(error))
            return
        # The person sees their answer at once; the outbox's chat.update is the durable path.
        respond(replace_original=True, text=recorded.text, blocks=list(recorded.blocks))

    return on_click


def _decision(decision: str) -> Any:
    def on_click(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                 context: BoltContext) -> None:
        ack()
        try:
            decided = decide(services_of(context), action.get("value", ""), decision, body["user"]["id"], utcnow())
        except BotError as error:
            respond(response_type="ephemeral", replace_original=False, text=str(error))
            return
        # The CNO sees the decision at once; the outbox's chat.update stays the durable path (and other CNOs').
        respond(replace_original=True, text=decided.text, blocks=decided.blocks)

    return on_click


def register(app: App) -> None:
    app.action("intro_met")(_answer(MET))
    app.action("intro_not_met")(_answer(NOT_MET))
    app.action("round_approve")(_decision("approve"))
    app.action("round_rerun")(_decision("rerun"))
    app.action("round_skip")(_decision("skip"))
