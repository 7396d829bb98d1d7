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
NOT_IN_A_DM = (
    "I can't post in a direct message between other people: run `/team-reach` in your team's channel "
    "(after `/invite @CNO` there), or in your DM with me."
)
CANNOT_CHECK = "I couldn't check whether I can post in this channel (Slack said `{error}`), so I posted nothing."


def cannot_post_here(client: WebClient, channel: str) -> str | None:
    """Why the bot cannot post in ``channel``, as the person should read it; None when it can."""
    try:
        info = client.conversations_info(channel=channel)
    except SlackApiError as error:
        code = str(error.response.get("error") or error.response.status_code)
        if code in ("channel_not_found", "not_in_channel"):  # Slack hides what the bot is not in
            return NOT_IN_A_DM if channel.startswith("D") else INVITE_ME
        log.error("conversations.info on %s failed: %s", channel, code)
        return CANNOT_CHECK.format(error=code)
    found = info.get("channel") or {}
    if found.get("is_im"):
        return None  # the person's DM with the app
    return INVITE_ME if found.get("is_member") is False else None


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
    ack()  # before any call to Slack: the acknowledgement is due within 3 seconds, however slow Slack is
    refusal = cannot_post_here(services.slack, command["channel_id"])
    if refusal:
        respond(response_type="ephemeral", replace_original=False, text=refusal)
        return
    respond(response_type="ephemeral", replace_original=False, text=WORKING)
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
