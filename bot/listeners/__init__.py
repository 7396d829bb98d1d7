"""Slack listeners, one module per surface; each has ``register(app)``."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import (
    cno_report,
    events_admin,
    events_answers,
    find,
    home,
    intros,
    lifecycle,
    mentoring,
    networking,
    program_admin,
    programs,
    team_reach,
)


def register_listeners(app: App) -> None:
    modules = (networking, team_reach, cno_report, events_admin, events_answers, intros, home, mentoring, lifecycle,
               find, programs, program_admin)
    for module in modules:
        module.register(app)
