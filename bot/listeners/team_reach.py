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


def cannot_post_here(client: WebClient, channel: str) -> str | None:
    """Why the bot cannot post in ``channel``, in the person's words (reach/cannot_post_here); None when it can."""
    try:
        info = client.conversations_info(channel=channel)
    except SlackApiError as error:
        code = str(error.response.get("error") or error.response.status_code)
        if code in ("channel_not_found", "not_in_channel"):  # Slack hides what the bot is not in
            return _refusal("not_in_a_dm" if channel.startswith("D") else "invite_me")
        log.error("conversations.info on %s failed: %s", channel, code)
        return _refusal("cannot_check", error=code)
    found = info.get("channel") or {}
    if found.get("is_im"):
        return None  # the person's DM with the app
    return _refusal("invite_me") if found.get("is_member") is False else None


def _refusal(reason: str, error: str = "") -> str:
    return render_text("reach/cannot_post_here.txt", reason=reason, error=error)


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
    ack()  # before any call to Slack: the acknowledgement is due within 3 seconds, however slow Slack is
    refusal = cannot_post_here(services.slack, command["channel_id"])
    if refusal:
        respond(response_type="ephemeral", replace_original=False, text=refusal)
        return
    respond(response_type="ephemeral", replace_original=False, text=render_text("reach/team_reach_working.txt"))
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
