"""`/cno-report`: the organisation report, for the CNO only, delivered by DM."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond

from bot.bootstrap import Services
from bot.errors import BotError
from bot.use_cases.reports.cno_report import USAGE, check_cno, send_org_report
from storage.models.base import utcnow

WORKING = "Preparing the organisation report: it will arrive in a DM from me in a minute."


def cno_report_command(ack: Ack, command: dict[str, str], respond: Respond, context: BoltContext) -> None:
    services: Services = context["services"]  # bot.app.services_of; importing it here would be circular
    words = (command.get("text") or "").split()
    try:
        with services.uow() as uow:
            check_cno(uow.session, services.settings, command["user_id"])
    except BotError as error:
        ack(response_type="ephemeral", text=str(error))
        return
    if words:
        ack(response_type="ephemeral", text=USAGE if words == ["help"] else f"No options, please.\n\n{USAGE}")
        return
    ack(response_type="ephemeral", text=WORKING)
    today = utcnow().astimezone(services.settings.zone).date()
    try:
        with services.uow() as uow:
            send_org_report(uow.session, command["user_id"], command.get("trigger_id") or utcnow().isoformat(), today)
            uow.commit()
    except BotError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))


def register(app: App) -> None:
    app.command("/cno-report")(cno_report_command)
