"""`/team-reach`: a manager's team reach, posted in the channel with a chart."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.bootstrap import services_of
from bot.clock import utcnow
from bot.errors import BotError
from bot.use_cases.reports.team_reach import check_manager, parse_scope, post_team_reach
from message_templates import render_text

log = logging.getLogger(__name__)


def not_a_member(client: WebClient, channel: str) -> bool:
    """Whether Slack says the bot cannot post in ``channel``; when Slack cannot tell, assume it can."""
    try:
        info = client.conversations_info(channel=channel)
    except SlackApiError as error:
        return bool(error.response.get("error") == "channel_not_found")
    found = info.get("channel") or {}
    return found.get("is_member") is False and not found.get("is_im", False)


def team_reach_command(ack: Ack, command: dict[str, str], respond: Respond, context: BoltContext) -> None:
    services = services_of(context)
    try:
        whole_subtree = parse_scope(command.get("text") or "")
        if whole_subtree is None:
            ack(response_type="ephemeral", text=render_text("reach/team_reach_usage.txt"))
            return
        check_manager(services, command["user_id"])
    except BotError as error:
        ack(response_type="ephemeral", text=str(error))
        return
    if not_a_member(services.slack, command["channel_id"]):
        ack(response_type="ephemeral", text=render_text("reach/invite_me.txt"))
        return
    ack(response_type="ephemeral", text=render_text("reach/team_reach_working.txt"))
    try:
        post_team_reach(
            services,
            command["user_id"],
            whole_subtree,
            command["channel_id"],
            command.get("trigger_id") or utcnow().isoformat(),
            utcnow(),
        )
    except BotError as error:
        respond(response_type="ephemeral", replace_original=False, text=str(error))


def register(app: App) -> None:
    app.command("/team-reach")(team_reach_command)
