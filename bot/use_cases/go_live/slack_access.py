"""Whether Slack accepts the bot token, and which scopes it was granted (``auth.test``)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.bootstrap import Services
from bot.errors import ConfigError
from bot.workspace import InstalledIn

#: ``auth.test`` errors that mean the token itself is wrong, revoked or belongs to a removed app.
REFUSED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission"}
TOKEN_HELP = (
    "copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page at "
    "https://api.slack.com/apps into SLACK_BOT_TOKEN (reinstall the app if it was removed)"
)


class SlackRefused(ConfigError):
    """Slack refused the bot token, or could not be reached to ask."""


@dataclass(frozen=True)
class SlackAccess:
    """Who the token is in which workspace, and the scopes Slack says it has (``None`` when not told).

    ``org_wide``: an Enterprise Grid org-wide install, serving every workspace of ``enterprise_id``."""

    team: str
    team_id: str
    bot_user_id: str
    scopes: frozenset[str] | None
    enterprise_id: str = ""
    org_wide: bool = False


def check_slack_token(services: Services) -> SlackAccess:
    """Ask Slack who the token is; raise :class:`SlackRefused` with one line saying what to do."""
    client = services.slack
    try:
        with _quiet("slack_sdk"):
            response = client.auth_test()
    except SlackApiError as error:
        code = str(error.response.get("error") or f"HTTP {error.response.status_code}")
        if code in REFUSED:
            raise SlackRefused(f"Slack refused SLACK_BOT_TOKEN ({code}): {TOKEN_HELP}") from None
        raise SlackRefused(
            f"Slack answered auth.test with {code}: try again, or check https://status.slack.com"
        ) from None
    except (SlackClientError, OSError) as error:
        raise SlackRefused(
            f"cannot reach Slack at {client.base_url}: {error or type(error).__name__} "
            "(check the network, a proxy, or SLACK_API_URL)"
        ) from None
    headers = {key.lower(): value for key, value in (response.headers or {}).items()}
    header = headers.get("x-oauth-scopes")
    if isinstance(header, list):
        header = ",".join(header)
    scopes = frozenset(s.strip() for s in header.split(",") if s.strip()) if header is not None else None
    installed = InstalledIn.from_auth_test(response)
    return SlackAccess(
        team=str(response.get("team") or ""),
        # an org-wide token may answer no team of its own: the organisation stands where a team would
        team_id=str(response.get("team_id") or installed.enterprise_id or ""),
        bot_user_id=str(response.get("user_id") or ""),
        scopes=scopes,
        enterprise_id=installed.enterprise_id or "",
        org_wide=installed.org_wide,
    )


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """Hold back a library's own error log: the failure is reported once, in our words."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
