"""What listeners get from Bolt's context (kept apart from bot.app, which imports the listeners)."""

from __future__ import annotations

from slack_bolt import BoltContext

from bot.bootstrap import Services


def services_of(context: BoltContext) -> Services:
    """The process's services, as injected by :func:`bot.app.build_app`."""
    return context["services"]
