"""Program channels: `member_joined_channel` and `member_left_channel` join and leave the channel's program."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

from bot.bootstrap import services_of
from bot.clock import utcnow
from bot.use_cases.programs.membership import member_joined, member_left

log = logging.getLogger(__name__)


def on_member_joined(event: dict[str, Any], context: BoltContext) -> None:
    if member_joined(services_of(context), str(event.get("channel", "")), str(event.get("user", "")), utcnow()):
        log.info("member_joined_channel: %s joined the program in %s", event.get("user"), event.get("channel"))


def on_member_left(event: dict[str, Any], context: BoltContext) -> None:
    if member_left(services_of(context), str(event.get("channel", "")), str(event.get("user", "")), utcnow()):
        log.info("member_left_channel: %s left the program in %s", event.get("user"), event.get("channel"))


def register(app: App) -> None:
    app.event("member_joined_channel")(on_member_joined)
    app.event("member_left_channel")(on_member_left)
