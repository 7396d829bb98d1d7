"""`/cno-report`: the organisation report, for the CNO only, delivered by DM."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond

from bot.bootstrap import services_of
from bot.clock import utcnow
from bot.errors import BotError
from bot.use_cases.reports.cno_report import check_report_reader, send_org_report
from message_templates import render_text


def cno_report_command(ack: Ack, command: dict[str, str], respond: Respond, context: BoltContext) -> None:
    services = services_of(context)
    words = (command.get("text") or "").split()
    try:
        check_report_reader(services, command["user_id"])
    except BotError as error:
        ack(response_type="ephemeral", text=str(error))
        return
    if words:
        ack(response_type="ephemeral", text=render_text("reach/cno_report_usage.txt", asked_help=words == ["help"]))
        return
    ack(response_type="ephemeral", text=render_text("reach/cno_report_working.txt"))
    try:
        send_org_report(services, command["user_id"], command.get("trigger_id") or utcnow().isoformat(), utcnow())
    except BotError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))


def register(app: App) -> None:
    app.command("/cno-report")(cno_report_command)
