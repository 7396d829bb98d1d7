"""`/cno-event` (CNO only): the event modal and its live audience count, the list, edit, cancel, tables."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.bootstrap import services_of
from bot.clock import utcnow
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
from bot.use_cases.events.access import check_event_admin
from bot.use_cases.events.errors import NotTheCno
from bot.use_cases.events.form import FormContext, choices, form_context
from bot.use_cases.events.listing import list_events
from bot.use_cases.events.mixing import seat_tables
from bot.use_cases.events.schedule import EmptyAudience, EventDraft, cancel_event, create_event, edit_event, ensure_open
from message_templates import option_value, render_blocks, render_text

log = logging.getLogger(__name__)

DEFAULT_TABLE_SIZE = 6
MIN_TABLE_SIZE, MAX_TABLE_SIZE = 2, 20


def _open_form(client: WebClient, trigger_id: str, ctx: FormContext, event_id: int | None) -> None:
    values = FormValues.of(ctx.draft) if ctx.draft else FormValues(timezone=ctx.timezone)
    callback = EDIT_CALLBACK if event_id is not None else CREATE_CALLBACK
    metadata = str(event_id) if event_id is not None else ""
    client.views_open(trigger_id=trigger_id, view=build_view(callback, values, ctx.choices, ctx.count, metadata))


def _tables(context: BoltContext, event_id: int, size: int, user: str, request_id: str) -> str:
    seating = seat_tables(services_of(context), event_id, size, user, request_id, utcnow())
    return render_text("events/seating.txt", going=seating.going, title=seating.title, tables=seating.tables)


def event_command(ack: Ack, command: dict[str, Any], client: WebClient, context: BoltContext,
                  respond: Respond) -> None:
    services = services_of(context)
    user = command["user_id"]
    words = (command.get("text") or "").split()
    try:
        if not words:
            ctx = form_context(services, user, utcnow())
            ack()
            _open_form(client, command["trigger_id"], ctx, None)
            return
        if words[0] == "list":
            lines = list_events(services, user, utcnow())
            ack(response_type="ephemeral", text=render_text("events/list.txt", events=lines),
                blocks=render_blocks("events/list", events=lines))
            return
        check_event_admin(services, user)
    except NotTheCno as error:
        ack(response_type="ephemeral", text=str(error))
        return
    if words[0] == "help":
        ack(response_type="ephemeral", text=render_text("events/help.txt"))
    elif words[0] == "tables" and 2 <= len(words) <= 3 and all(w.isdigit() for w in words[1:]):
        size = int(words[2]) if len(words) == 3 else DEFAULT_TABLE_SIZE
        if not MIN_TABLE_SIZE <= size <= MAX_TABLE_SIZE:
            ack(response_type="ephemeral", text=render_text("events/refusal.txt", reason="table_size",
                                                            least=MIN_TABLE_SIZE, most=MAX_TABLE_SIZE,
                                                            event_id=words[1]))
            return
        ack()
        try:
            respond(response_type="ephemeral", text=_tables(context, int(words[1]), size, user, command["trigger_id"]))
        except BotError as error:
            respond(response_type="ephemeral", text=str(error))
    else:
        ack(response_type="ephemeral", text=render_text("events/not_understood.txt", words=words))


def _draft(ack: Ack, view: dict[str, Any]) -> EventDraft | None:
    """The checked draft, or None once the errors are shown next to their fields."""
    draft, errors = check(read_values(view["state"]["values"]), utcnow())
    if draft is None:
        ack(response_action="errors", errors=errors)
    return draft


def _empty(ack: Ack, view: dict[str, Any], error: EmptyAudience) -> None:
    ack(response_action="errors", errors={audience_error_block(view["state"]["values"]): str(error)})


def submit_new_event(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    services = services_of(context)
    user = body["user"]["id"]
    try:
        check_event_admin(services, user)
    except NotTheCno as error:
        ack(response_action="errors", errors={"title": str(error)})
        return
    draft = _draft(ack, view)
    if draft is None:
        return
    try:
        create_event(services, draft, user, utcnow())  # quick: the scheduler's sweep queues the invitations
    except EmptyAudience as error:
        _empty(ack, view, error)
        return
    ack()


def submit_changed_event(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    services = services_of(context)
    user = body["user"]["id"]
    event_id = int(view.get("private_metadata") or 0)
    try:
        ensure_open(services, user, event_id, utcnow())
    except BotError as error:
        ack(response_action="errors", errors={"title": str(error)})
        return
    draft = _draft(ack, view)
    if draft is None:
        return
    try:
        edit_event(services, user, event_id, draft, utcnow())
    except EmptyAudience as error:
        _empty(ack, view, error)
        return
    ack()


def audience_changed(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """A filter changed in the modal (or "count again"): redraw it with the audience's new size."""
    ack()
    view = body.get("view") or {}
    if not view:
        return
    values = read_values(view["state"]["values"])
    metadata = view.get("private_metadata") or ""
    try:
        ctx = form_context(services_of(context), body["user"]["id"], utcnow(), audience=values.audience,
                           event_id=int(metadata) if metadata.isdigit() else None)
    except NotTheCno:
        return
    try:
        client.views_update(view_id=view["id"], hash=view.get("hash"),
                            view=build_view(view["callback_id"], values, ctx.choices, ctx.count, metadata))
    except SlackApiError as error:  # a newer redraw won the race (hash_conflict): nothing to do
        log.info("audience count not redrawn: %s", error.response.get("error"))


def audience_options(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Options for an audience filter with too many values for a static menu (e.g. hundreds of teams)."""
    dimension = str(body.get("action_id", "")).removeprefix("event_audience_")
    query = str(body.get("value") or "").lower()
    values = getattr(choices(services_of(context)), dimension, [])
    matches = [v for v in values if query in str(v).lower()][:100]
    ack(options=[{"text": {"type": "plain_text", "text": str(v)[:75]}, "value": option_value(v)} for v in matches])


def _event_id(body: dict[str, Any]) -> int | None:
    value = str((body.get("actions") or [{}])[0].get("value") or "")
    return int(value) if value.isdigit() else None


def _refuse(respond: Respond, text: str | None = None) -> None:
    respond(response_type="ephemeral", replace_original=False, text=text or str(NotTheCno()))


def edit_clicked(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext, respond: Respond) -> None:
    ack()
    user, event_id = body["user"]["id"], _event_id(body)
    if event_id is None:
        _refuse(respond)
        return
    try:
        ctx = form_context(services_of(context), user, utcnow(), event_id=event_id, must_be_open=True)
        _open_form(client, body["trigger_id"], ctx, event_id)
    except BotError as error:
        _refuse(respond, str(error))


def cancel_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    services, user, event_id = services_of(context), body["user"]["id"], _event_id(body)
    if event_id is None:
        _refuse(respond)
        return
    try:
        change = cancel_event(services, user, event_id, utcnow())
    except BotError as error:
        _refuse(respond, str(error))
        return
    lines = list_events(services, user, utcnow())
    respond(replace_original=True, text=render_text("events/cancelled_list.txt", title=change.title),
            blocks=render_blocks("events/list", events=lines))


def tables_clicked(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    user, event_id = body["user"]["id"], _event_id(body)
    if event_id is None:
        _refuse(respond)
        return
    try:
        text = _tables(context, event_id, DEFAULT_TABLE_SIZE, user, body["trigger_id"])
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
