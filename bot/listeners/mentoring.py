"""`/mentor` and `/sponsor`, their request forms, and the candidate's Accept / Decline buttons."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services, services_of
from bot.clock import utcnow
from bot.use_cases.mentoring.offers import (
    OfferAnswer,
    accept_offer,
    ask_next_candidate,
    decline_offer,
    record_decline_reason,
)
from bot.use_cases.mentoring.relationships import end_relationship
from bot.use_cases.mentoring.requests import (
    MAX_TOPIC,
    MENTOR,
    SPONSOR,
    MentoringError,
    RequestForm,
    cancel_request,
    check_can_request,
    open_request,
    request_status,
    topic_problem,
)
from message_templates import render_text, render_view

log = logging.getLogger(__name__)

SUBCOMMANDS = ("status", "cancel", "help", "end")


def _ephemeral(ack: Ack, text: str) -> None:
    ack(response_type="ephemeral", text=text)


def _usage(kind: str, problem: str = "") -> str:
    return render_text("mentoring/usage", kind=kind, problem=problem)


def _subcommand(services: Services, kind: str, user: str, word: str, rest: str) -> str:
    """The ephemeral answer to `/mentor status|cancel|end|help` (or `/sponsor …`)."""
    if word == "help" and not rest:
        return _usage(kind)
    if word == "end":
        if rest and not rest.isdigit():
            return _usage(kind, render_text("mentoring/usage_problem", problem="end_needs_number", kind=kind))
        ended = end_relationship(services, user, kind, int(rest) if rest else None, utcnow())
        return render_text("mentoring/relationship_closed", kind=kind, other_first=ended.other_first)
    if rest:
        return _usage(kind, render_text("mentoring/usage_problem", problem="takes_nothing", kind=kind, word=word))
    if word == "status":
        return render_text("mentoring/status", **asdict(request_status(services, user, kind)))
    withdrawn = cancel_request(services, user, kind, utcnow())
    return render_text("mentoring/withdrawn", kind=withdrawn.kind, topic=withdrawn.topic)


def _command(kind: str) -> Any:
    def handle(ack: Ack, command: dict[str, str], client: WebClient, context: BoltContext) -> None:
        services = services_of(context)
        user, text = command["user_id"], " ".join((command.get("text") or "").split())
        first, _, rest = text.partition(" ")
        if first.lower() in SUBCOMMANDS:
            try:
                _ephemeral(ack, _subcommand(services, kind, user, first.lower(), rest))
            except MentoringError as error:
                _ephemeral(ack, str(error))
            return
        problem = topic_problem(text, kind) if text else None
        if problem:
            _ephemeral(ack, _usage(kind, problem))
            return
        try:
            check_can_request(services, user, kind)
        except MentoringError as error:
            _ephemeral(ack, str(error))
            return
        ack()
        initial = ["virtual_ok", "other_function"] if kind == MENTOR else ["virtual_ok"]
        view = render_view(
            "mentoring/request_modal", is_mentor=kind == MENTOR, topic=text, initial=initial, max_topic=MAX_TOPIC
        )
        client.views_open(trigger_id=command["trigger_id"], view=view)

    return handle


def _value(values: dict[str, Any], block: str) -> Any:
    return values.get(block, {}).get("value", {})


def _submit(kind: str) -> Any:
    def handle(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        services = services_of(context)
        values = view["state"]["values"]
        form = RequestForm.parse(
            _value(values, "topic").get("value"),
            _value(values, "skills").get("value"),
            [o["value"] for o in _value(values, "preferences").get("selected_options") or ()],
        )
        errors = form.errors(kind)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        now = utcnow()
        try:
            request_id = open_request(services, body["user"]["id"], kind, form, now)
        except MentoringError as error:
            ack(response_action="errors", errors={"topic": str(error)})
            return
        ack()
        # Choosing a candidate reads the whole organisation: it runs after the form is acknowledged.
        ask_next_candidate(services, request_id, now)

    return handle


def _offer_id(body: dict[str, Any]) -> int | None:
    try:
        return int(body["actions"][0]["value"])
    except (KeyError, IndexError, ValueError):
        return None


def _broken_button(respond: Respond) -> None:
    text = render_text("mentoring/usage_problem", problem="broken_button")
    respond(text=text, response_type="ephemeral", replace_original=False)


def _reply(respond: Respond, answer: OfferAnswer) -> None:
    """A click that acted replaces the DM at once (the outbox's update follows); any other gets an ephemeral."""
    text = render_text("mentoring/offer_answer", **asdict(answer))
    if answer.acted:
        try:
            respond(text=text, blocks=answer.blocks, replace_original=True)
            return
        except Exception:  # the queued update still fixes the message; say it in words meanwhile
            log.warning("could not replace the offer message through response_url", exc_info=True)
    respond(text=text, response_type="ephemeral", replace_original=False)


def accept(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    offer_id = _offer_id(body)
    if offer_id is None:
        _broken_button(respond)
        return
    _reply(respond, accept_offer(services_of(context), offer_id, body["user"]["id"], utcnow()))


def decline(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext) -> None:
    ack()
    services = services_of(context)
    offer_id = _offer_id(body)
    if offer_id is None:
        _broken_button(respond)
        return
    now = utcnow()
    answer = decline_offer(services, offer_id, body["user"]["id"], now)
    _reply(respond, answer)
    if not answer.acted:
        return
    try:
        client.views_open(
            trigger_id=body["trigger_id"],
            view=render_view(
                "mentoring/decline_reason_modal", offer_id=offer_id, requester_first=answer.requester_first
            ),
        )
    except Exception:  # the reason is optional: a lost modal must not stop the request moving on
        log.exception("could not open the decline-reason form for offer %s", offer_id)
    assert answer.request_id is not None
    # Asked after the reason form is open: its trigger expires in three seconds, the ranking may take longer.
    ask_next_candidate(services, answer.request_id, now)


def decline_reason(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    ack()
    reason = (_value(view["state"]["values"], "reason").get("value") or "").strip()
    try:
        offer_id = int(view.get("private_metadata") or "")
    except ValueError:
        return
    if reason:
        record_decline_reason(services_of(context), offer_id, body["user"]["id"], reason)


def register(app: App) -> None:
    for kind in (MENTOR, SPONSOR):
        app.command(f"/{kind}")(_command(kind))
        app.view(f"{kind}_request")(_submit(kind))
    app.action("match_accept")(accept)
    app.action("match_decline")(decline)
    app.view("match_decline_reason")(decline_reason)
