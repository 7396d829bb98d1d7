"""`/team-reach`: a manager's team reach, posted in the channel with a chart."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.bootstrap import Services
from bot.errors import BotError
from bot.use_cases.reports.team_reach import USAGE, find_manager, parse_scope, post_team_reach
from storage.models.base import utcnow

log = logging.getLogger(__name__)

WORKING = "Working out your team's reach: it will appear in this channel in a moment."
INVITE_ME = (
    "I can't post in this channel yet: invite me with `/invite @CNO` (or my name in your workspace), "
    "then run `/team-reach` again."
)


def not_a_member(client: WebClient, channel: str) -> bool:
    """Whether Slack says the bot cannot post in ``channel``; when Slack cannot tell, assume it can."""
    try:
        info = client.conversations_info(channel=channel)
    except SlackApiError as error:
        return error.response.get("error") == "channel_not_found"
    found = info.get("channel") or {}
    return found.get("is_member") is False and not found.get("is_im", False)


def team_reach_command(ack: Ack, command: dict[str, str], respond: Respond, context: BoltContext) -> None:
    services: Services = context["services"]  # bot.app.services_of; importing it here would be circular
    try:
        whole_subtree = parse_scope(command.get("text") or "")
        if whole_subtree is None:
            ack(response_type="ephemeral", text=USAGE)
            return
        with services.uow() as uow:
            find_manager(uow.session, command["user_id"])
    except BotError as error:
        ack(response_type="ephemeral", text=str(error))
        return
    if not_a_member(services.slack, command["channel_id"]):
        ack(response_type="ephemeral", text=INVITE_ME)
        return
    ack(response_type="ephemeral", text=WORKING)
    today = utcnow().astimezone(services.settings.zone).date()
    try:
        with services.uow() as uow:
            post_team_reach(
                uow.session,
                command["user_id"],
                whole_subtree,
                command["channel_id"],
                command.get("trigger_id") or utcnow().isoformat(),
                today,
            )
            uow.commit()
    except BotError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))


def register(app: App) -> None:
    app.command("/team-reach")(team_reach_command)
