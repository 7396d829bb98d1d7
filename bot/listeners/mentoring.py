"""`/mentor` and `/sponsor`, their request forms, and the candidate's Accept / Decline buttons."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.bootstrap import Services, services_of
from bot.use_cases.mentoring.offers import (
    Answer,
    accept_offer,
    ask_next_candidate,
    decline_offer,
    record_decline_reason,
)
from bot.use_cases.mentoring.relationships import end_relationship
from bot.use_cases.mentoring.requests import (
    MAX_TOPIC,
    MentoringError,
    RequestForm,
    cancel_request,
    check_can_request,
    open_request,
    request_status,
    topic_problem,
)
from message_templates import render_view
from storage.models.base import utcnow
from storage.models.mentoring import MENTOR, SPONSOR

log = logging.getLogger(__name__)

USAGE = {
    MENTOR: (
        "*/mentor* — find a mentor outside your usual circle\n"
        "• `/mentor [topic]` — ask for a mentor (a short form opens), e.g. `/mentor public speaking`\n"
        "• `/mentor status` — where your request stands, and your mentors\n"
        "• `/mentor cancel` — withdraw your open request\n"
        "• `/mentor end [N]` — close an active mentoring relationship (frees a place)"
    ),
    SPONSOR: (
        "*/sponsor* — find a senior sponsor who will advocate for you\n"
        "• `/sponsor [goal]` — ask for a sponsor (a short form opens), e.g. `/sponsor my first team lead role`\n"
        "• `/sponsor status` — where your request stands, and your sponsors\n"
        "• `/sponsor cancel` — withdraw your open request\n"
        "• `/sponsor end [N]` — close an active sponsorship (frees a place)"
    ),
}
SUBCOMMANDS = ("status", "cancel", "help", "end")


def _ephemeral(ack: Ack, text: str) -> None:
    ack(response_type="ephemeral", text=text)


def _subcommand(services: Services, kind: str, user: str, word: str, rest: str) -> str:
    """The ephemeral answer to `/mentor status|cancel|end|help` (or `/sponsor …`)."""
    if word == "help" and not rest:
        return USAGE[kind]
    if word == "end":
        if rest and not rest.isdigit():
            return f"`/{kind} end` takes a number from the list, e.g. `/{kind} end 2`.\n\n{USAGE[kind]}"
        return end_relationship(services.uow(), user, kind, int(rest) if rest else None, utcnow())
    if rest:
        return f"`/{kind} {word}` takes nothing after it.\n\n{USAGE[kind]}"
    if word == "status":
        return request_status(services.uow(), user, kind)
    return cancel_request(services.uow(), user, kind, utcnow())


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
            _ephemeral(ack, f"{problem}\n\n{USAGE[kind]}")
            return
        try:
            check_can_request(services.uow(), user, kind)
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
            request_id = open_request(services.uow(), body["user"]["id"], kind, form, now)
        except MentoringError as error:
            ack(response_action="errors", errors={"topic": str(error)})
            return
        ack()
        ask_next_candidate(services.uow(), request_id, now, services.settings)

    return handle


def _offer_id(body: dict[str, Any]) -> int | None:
    try:
        return int(body["actions"][0]["value"])
    except (KeyError, IndexError, ValueError):
        return None


def _reply(respond: Respond, answer: Answer) -> None:
    """A click that acted replaces the DM at once (the outbox's update follows); any other gets an ephemeral."""
    if answer.acted:
        try:
            respond(text=answer.text, blocks=answer.blocks, replace_original=True)
            return
        except Exception:  # the queued update still fixes the message; say it in words meanwhile
            log.warning("could not replace the offer message through response_url", exc_info=True)
    respond(text=answer.text, response_type="ephemeral", replace_original=False)


def accept(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
    ack()
    services = services_of(context)
    offer_id = _offer_id(body)
    if offer_id is None:
        respond(text="This button is broken; no action was taken.", response_type="ephemeral", replace_original=False)
        return
    _reply(respond, accept_offer(services.uow(), offer_id, body["user"]["id"], utcnow(), services.settings))


def decline(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext) -> None:
    ack()
    services = services_of(context)
    offer_id = _offer_id(body)
    if offer_id is None:
        respond(text="This button is broken; no action was taken.", response_type="ephemeral", replace_original=False)
        return
    now = utcnow()
    answer = decline_offer(services.uow(), offer_id, body["user"]["id"], now)
    if answer.acted:  # the reason form first: its trigger id expires 3 seconds after the click
        try:
            client.views_open(
                trigger_id=body["trigger_id"],
                view=render_view(
                    "mentoring/decline_reason_modal", offer_id=offer_id, requester_first=answer.requester_first
                ),
            )
        except Exception:  # the reason is optional: a lost modal must not stop the request moving on
            log.exception("could not open the decline-reason form for offer %s", offer_id)
    _reply(respond, answer)
    if not answer.acted:
        return
    assert answer.request_id is not None
    ask_next_candidate(services.uow(), answer.request_id, now, services.settings)


def decline_reason(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    ack()
    reason = (_value(view["state"]["values"], "reason").get("value") or "").strip()
    try:
        offer_id = int(view.get("private_metadata") or "")
    except ValueError:
        return
    if reason:
        record_decline_reason(services_of(context).uow(), offer_id, body["user"]["id"], reason)


def register(app: App) -> None:
    for kind in (MENTOR, SPONSOR):
        app.command(f"/{kind}")(_command(kind))
        app.view(f"{kind}_request")(_submit(kind))
    app.action("match_accept")(accept)
    app.action("match_decline")(decline)
    app.view("match_decline_reason")(decline_reason)
