"""Fixtures for programs: the rounds' small organisation (database + Slack stand-in), and program helpers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from freezegun import freeze_time

from bot.jobs import run_due
from tests.rounds.conftest import Org, group_dms, members_of_channel, org, rounds_on  # noqa: F401

CHANNEL = "C0COFFEE"
LAUNCH_MONDAY = datetime(2026, 12, 14, 8, 0, tzinfo=UTC)


def first_program_round(running_app, cno, slack, members: int) -> list[list[str]]:
    """Launch program "Coffee" on :data:`CHANNEL` (``members`` join) on a Monday, run its first round the
    day before it is due and deliver that evening: the Slack ids of each intro's group DM."""
    with freeze_time(LAUNCH_MONDAY):
        assert cno("program", "create", "Coffee", "--channel", CHANNEL).code == 0
        assert f"{members} in the channel; {members} joined" in cno("program", "sync", "Coffee").out
    with freeze_time(datetime(2026, 12, 13, 12, 0, tzinfo=UTC)):
        run_due(running_app.services)
    with freeze_time(datetime(2026, 12, 14, 20, 0, tzinfo=UTC)):
        running_app.deliver()
    return [members_of_channel(dm["channel"]) for dm in group_dms(slack)]


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
