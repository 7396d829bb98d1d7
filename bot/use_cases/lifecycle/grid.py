"""The workspaces a Slack sync reads: the token's own, or every workspace of an Enterprise Grid organisation.

An org-wide token (``auth.test``: ``is_enterprise_install``) reaches every workspace an org admin
added the app to, which ``auth.teams.list`` lists; methods such as ``users.list`` and
``conversations.list`` then need a ``team_id`` to say which workspace to read. A workspace's own
token is read as before, without one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError

from bot.bootstrap import Services
from bot.errors import BotError
from bot.use_cases.programs.slack_pages import paged
from bot.workspace import installed_in
from message_templates import render_text


def workspaces_to_read(services: Services, sleep: Callable[[float], None] = time.sleep) -> list[str | None]:
    """Team ids to pass as ``team_id`` (``[None]``: the token's own workspace, no ``team_id``)."""
    try:
        installed = installed_in(services.slack)
    except SlackApiError as error:
        raise BotError(render_text("lifecycle/refused", reason="auth_refused",
                                   why=error.response.get("error", error.response.status_code))) from None
    if not installed.org_wide:
        return [None]
    teams: list[str | None] = [str(team["id"]) for page in paged(
        services.slack.auth_teams_list, "teams", tier=2, sleep=sleep, what="auth.teams.list") for team in page]
    if not teams:
        raise BotError(render_text("lifecycle/refused", reason="no_workspace", enterprise=installed.enterprise_id))
    return teams
