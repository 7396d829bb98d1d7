"""Fixtures for programs: the rounds' small organisation (database + Slack stand-in), and program helpers."""

from __future__ import annotations

import pytest

from tests.rounds.conftest import Org, group_dms, members_of_channel, org, rounds_on  # noqa: F401

CHANNEL = "C0COFFEE"


def channel_posts(slack, channel: str) -> list[str]:
    """Texts posted to a channel, in order."""
    return [c.params.get("text", "") for c in slack.calls_to("chat.postMessage") if c.params.get("channel") == channel]


def dms_to(slack, user: str) -> list[str]:
    """Texts of the 1:1 DMs that reached ``user``."""
    with slack.lock:
        return [m["text"] for m in slack.messages.get(f"D{user}", [])]


@pytest.fixture
def slack_env(settings, monkeypatch):
    """`cno` commands talk to the stand-in, as `serve` does."""
    monkeypatch.setenv("SLACK_API_URL", settings.slack_api_url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", settings.slack_bot_token)
