"""`/cno-event` (CNO only): the event modal and its live audience count, the list, edit, cancel, tables."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import roles
from bot.bootstrap import Services, services_of
from bot.errors import BotError
from bot.listeners.event_form import (
    AUDIENCE_ACTION,
    CREATE_CALLBACK,
    EDIT_CALLBACK,
    FormValues,
    audience_error_block,
    build_view,
    check,
    read_values,
)
from bot.use_cases.events.form import choices, count_audience, form_context
from bot.use_cases.events.listing import list_events
from bot.use_cases.events.mixing import seat_tables
from bot.use_cases.events.schedule import cancel_event, create_event, edit_event, ensure_open
from message_templates import mrkdwn, render_blocks, render_text
from storage.models.base import utcnow

log = logging.getLogger(__name__)

HELP = (
    "*/cno-event* — networking events (CNO only)\n"
    "• `/cno-event` — create an event and invite its audience\n"
    "• `/cno-event list` — upcoming and recent events, with edit, cancel and tables\n"
    "• `/cno-event tables EVENT_ID [SIZE]` — cross-silo tables of the people going (default 6 a table)\n"
    "• `/cno-event help` — this help"
)
REFUSAL = "Only the Chief Networking Officer can run networking events. Got an idea for one? Tell them!"
DEFAULT_TABLE_SIZE = 6
MIN_TABLE_SIZE, MAX_TABLE_SIZE = 2, 20


def is_cno(services: Services, slack_id: str) -> bool:
    """The CNO role, given by Slack id or by email in CNO_ADMINS."""
    with services.uow() as uow:
        return roles.is_cno(uow.session, services.settings, slack_id)


def _open_form(client: WebClient, services: Services, trigger_id: str, user: str, event_id: int | None) -> None:
    now = utcnow()
    ctx = form_context(services.uow(), user, services.settings.timezone, now, event_id=event_id)
    values = FormValues.of(ctx.draft) if ctx.draft else FormValues(timezone=ctx.timezone)
    callback = EDIT_CALLBACK if event_id is not None else CREATE_CALLBACK
    metadata = str(event_id) if event_id is not None else ""
    client.views_open(trigger_id=trigger_id, view=build_view(callback, values, ctx.choices, ctx.count, metadata))


def _tables(services: Services, event_id: int, size: int, user: str, request_id: str) -> str:
    seating = seat_tables(services.uow(), event_id, size, user, request_id, utcnow())
    return f"Seating the {seating.going} people going to *{mrkdwn(seating.title)}* at {seating.tables} table(s): " \
           "I'm sending you the plan."


def event_command(ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext,
                  respond: Respond) -> None:
    services = services_of(context)
    user = command["user_id"]
    if not is_cno(services, user):
        ack(response_type="ephemeral", text=REFUSAL)
        return
    words = (command.get("text") or "").split()
    if not words:
        ack()
        _open_form(client, services, command["trigger_id"], user, None)
    elif words[0] == "help":
        ack(response_type="ephemeral", text=HELP)
    elif words[0] == "list":
        lines = list_events(services.uow(), utcnow())
        ack(response_type="ephemeral", text=render_text("events/list.txt", events=lines),
            blocks=render_blocks("events/list", events=lines))
    elif words[0] == "tables" and 2 <= len(words) <= 3 and all(w.isdigit() for w in words[1:]):
        size = int(words[2]) if len(words) == 3 else DEFAULT_TABLE_SIZE
        if not MIN_TABLE_SIZE <= size <= MAX_TABLE_SIZE:
            ack(response_type="ephemeral", text=f"A table seats {MIN_TABLE_SIZE} to {MAX_TABLE_SIZE} people, "
                                                f"e.g. `/cno-event tables {words[1]} 6`.")
            return
        ack()
        try:
            respond(response_type="ephemeral", text=_tables(services, int(words[1]), size, user, command["trigger_id"]))
        except BotError as error:
            respond(response_type="ephemeral", text=str(error))
    else:
        ack(response_type="ephemeral", text=f"I don't understand `{' '.join(words)}`.\n\n{HELP}")


def _errors_or_draft(ack: Ack, services: Services, view: dict[str, Any]) -> Any:
    state = view["state"]["values"]
    now = utcnow()
    draft, errors = check(read_values(state), now)
    if draft is not None and count_audience(services.uow(), draft.audience, now) == 0:
        errors[audience_error_block(state)] = "Nobody is in this audience: widen the filters."
        draft = None
    if draft is None:
        ack(response_action="errors", errors=errors)
    return draft


def submit_new_event(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    services = services_of(context)
    user = body["user"]["id"]
    if not is_cno(services, user):
        ack(response_action="errors", errors={"title": REFUSAL})
        return
    draft = _errors_or_draft(ack, services, view)
    if draft is None:
        return
    create_event(services.uow(), draft, user, utcnow())  # quick: the scheduler's sweep queues the invitations
    ack()


def submit_changed_event(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    services = services_of(context)
    user = body["user"]["id"]
    if not is_cno(services, user):
        ack(response_action="errors", errors={"title": REFUSAL})
        return
    event_id = int(view.get("private_metadata") or 0)
    try:
        ensure_open(services.uow(), event_id, utcnow())
    except BotError as error:
        ack(response_action="errors", errors={"title": str(error)})
        return
    draft = _errors_or_draft(ack, services, view)
    if draft is None:
        return
    edit_event(services.uow(), event_id, draft, utcnow(), by=user)
    ack()


def audience_changed(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A filter changed in the modal (or "count again"): redraw it with the audience's new size."""
    ack()
    services = services_of(context)
    user = body["user"]["id"]
    view = body.get("view") or {}
    if not view or not is_cno(services, user):
        return
    values = read_values(view["state"]["values"])
    metadata = view.get("private_metadata") or ""
    ctx = form_context(services.uow(), user, services.settings.timezone, utcnow(), audience=values.audience,
                       event_id=int(metadata) if metadata.isdigit() else None)
    try:
        client.views_update(view_id=view["id"], hash=view.get("hash"),
                            view=build_view(view["callback_id"], values, ctx.choices, ctx.count, metadata))
    except SlackApiError as error:  # a newer redraw won the race (hash_conflict): nothing to do
        log.info("audience count not redrawn: %s", error.response.get("error"))


def audience_options(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Options for an audience filter with too many values for a static menu (e.g. hundreds of teams)."""
    services = services_of(context)
    dimension = str(body.get("action_id", "")).removeprefix("event_audience_")
    query = str(body.get("value") or "").lower()
    values = getattr(choices(services.uow()), dimension, [])
    matches = [v for v in values if query in str(v).lower()][:100]
    ack(options=[{"text": {"type": "plain_text", "text": str(v)[:75]}, "value": str(v)[:150]} for v in matches])


def _event_id(body: dict[str, Any]) -> int | None:
    value = str((body.get("actions") or [{}])[0].get("value") or "")
    return int(value) if value.isdigit() else None


def edit_clicked(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond) -> None:
    ack()
    services, user, event_id = services_of(context), body["user"]["id"], _event_id(body)
    if event_id is None or not is_cno(services, user):
        respond(response_type="ephemeral", replace_original=False, text=REFUSAL)
        return
    try:
        ensure_open(services.uow(), event_id, utcnow())
        _open_form(client, services, body["trigger_id"], user, event_id)
    except BotError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))


def cancel_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    services, user, event_id = services_of(context), body["user"]["id"], _event_id(body)
    if event_id is None or not is_cno(services, user):
        respond(response_type="ephemeral", replace_original=False, text=REFUSAL)
        return
    try:
        change = cancel_event(services.uow(), event_id, utcnow())
    except BotError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))
        return
    lines = list_events(services.uow(), utcnow())
    respond(replace_original=True, text=f"Cancelled: {mrkdwn(change.title)}",
            blocks=render_blocks("events/list", events=lines))


def tables_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    services, user, event_id = services_of(context), body["user"]["id"], _event_id(body)
    if event_id is None or not is_cno(services, user):
        respond(response_type="ephemeral", replace_original=False, text=REFUSAL)
        return
    try:
        text = _tables(services, event_id, DEFAULT_TABLE_SIZE, user, body["trigger_id"])
    except BotError as error:
        text = str(error)
    respond(response_type="ephemeral", replace_original=False, text=text)


def register(app: App) -> None:
    app.command("/cno-event")(event_command)
    app.view(CREATE_CALLBACK)(submit_new_event)
    app.view(EDIT_CALLBACK)(submit_changed_event)
    app.action(AUDIENCE_ACTION)(audience_changed)
    app.options(AUDIENCE_ACTION)(audience_options)
    app.action("event_edit")(edit_clicked)
    app.action("event_cancel")(cancel_clicked)
    app.action("event_tables")(tables_clicked)
