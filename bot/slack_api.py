"""The Slack Web API client, pointed at Slack or at a local stand-in (SLACK_API_URL)."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.settings import Settings


def make_client(settings: Settings, timeout: int = 10) -> WebClient:
    """A WebClient; the outbox does its own 429 and 5xx handling, so only connection resets retry here."""
    base_url = settings.slack_api_url or WebClient.BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(
        token=settings.slack_bot_token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1)],
    )
