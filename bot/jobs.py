"""Periodic work done by the scheduler's one-minute tick.

Each capability that needs time-based work (follow-ups, time-outs, reminders…)
adds a *sweep* here: a function ``sweep(services, now)`` that finds what is due
in the database and acts on it idempotently (outbox keys, state transitions), so
running a sweep twice, or on two replicas, never acts twice. Tests call
:func:`run_due` under freezegun instead of waiting for the clock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.bootstrap import Services
from bot.deliveries import forget_old_deliveries
from bot.ticks import tick
from bot.use_cases.events.sweep import events_sweep
from bot.use_cases.find.requests import expire_unanswered
from bot.use_cases.lifecycle.handover import handover_sweep
from bot.use_cases.lifecycle.onboarding import onboarding_sweep
from bot.use_cases.mentoring.offers import sweep_mentoring
from bot.use_cases.programs.making import program_rounds_sweep
from bot.use_cases.programs.membership import reconcile_sweep
from bot.use_cases.reports.snapshots import weekly_snapshot
from bot.use_cases.rounds.approval import expire_unapproved
from bot.use_cases.rounds.follow_ups import ask_due_follow_ups, mark_sent_rounds
from bot.use_cases.rounds.making import prepare_due_round
from storage.models.base import utcnow

log = logging.getLogger(__name__)

Sweep = Callable[[Services, datetime], None]

_services: dict[str, Services] = {}


def set_services(services: Services) -> None:
    """Called at start-up (and for each installation as it appears): persistent jobs find its services here."""
    _services[services.key] = services


def current_services(installation: str = "") -> Services:
    """The services of ``installation`` (by its key; "" for the one installation of a single bot token)."""
    services = _services.get(installation)
    if services is None:
        raise RuntimeError(f"bot.jobs.set_services() was not called for installation {installation!r}")
    return services


def sweeps() -> tuple[Sweep, ...]:
    """Every capability's sweep, in order. Add yours here."""
    return (
        forget_old_deliveries,
        events_sweep,
        weekly_snapshot,
        expire_unapproved,
        prepare_due_round,
        ask_due_follow_ups,
        mark_sent_rounds,
        sweep_mentoring,
        expire_unanswered,
        handover_sweep,
        onboarding_sweep,
        reconcile_sweep,
        program_rounds_sweep,
    )


def run_due(services: Services, now: datetime | None = None) -> None:
    """Run every sweep once for ``now``; one failing sweep does not stop the others."""
    now = now or utcnow()
    with tick():  # the long sweeps share the tick's time (bot.ticks)
        for sweep in sweeps():
            try:
                sweep(services, now)
            except Exception:
                log.exception("sweep %s failed", getattr(sweep, "__qualname__", sweep))


