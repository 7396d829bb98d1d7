"""The events' time-based work, run by the scheduler's sweep (see bot.jobs)."""

from __future__ import annotations

from datetime import datetime

from bot.bootstrap import Services
from bot.use_cases.events.after import follow_up_ended_events, send_due_results
from bot.use_cases.events.inviting import queue_due_invitations
from bot.use_cases.events.nudges import send_due_nudges


def events_sweep(services: Services, now: datetime) -> None:
    """Invitations for new (or widened) audiences, reminders and nudges before events, follow-ups and results."""
    send_due_nudges(services, now)
    follow_up_ended_events(services, now)
    send_due_results(services, now)
    queue_due_invitations(services, now)  # last: at 100,000 people it takes a while, in short transactions
