"""The Slack Web API client, pointed at Slack or at a local stand-in (SLACK_API_URL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from slack_sdk import WebClient


def make_client(settings: Settings, timeout: int = 10) -> WebClient:
    """A WebClient; the outbox does its own 429 and 5xx handling, so only connection resets retry here."""
    # Imported here: slack_sdk brings asyncio, email and http.client, which a read of the database
    # (`/networking why`, a CLI report) does not need until it talks to Slack.
    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

    base_url = settings.slack_api_url or WebClient.BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(
        token=settings.slack_bot_token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1)],
    )
