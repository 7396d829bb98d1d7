"""The CNO's view of the rounds: the schedule, the last round, and people paused for being quiet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bootstrap import Services
from bot.roles import is_cno
from bot.use_cases.rounds.quiet import quiet_paused_count
from bot.use_cases.rounds.settings import load_round_settings, schedule_of
from storage.models import RoundSettings
from storage.queries.rounds import latest_round
from storage.uow import Session


@dataclass(frozen=True)
class LastRound:
    period: str
    status: str
    intros: int
    left_out: int


@dataclass(frozen=True)
class AdminView:
    """What the CNO sees of the rounds on their App Home (words: ``rounds/admin_text.j2``)."""

    schedule: str
    next_at: datetime
    settings: RoundSettings
    quiet_paused: int
    last: LastRound | None


def admin_view(services: Services, session: Session, now: datetime) -> AdminView:
    row = load_round_settings(session)
    schedule = schedule_of(row, services.settings.timezone)
    last = latest_round(session)
    return AdminView(
        schedule=schedule.describe(), next_at=schedule.next_round_at(now), settings=row,
        quiet_paused=quiet_paused_count(session),
        last=None if last is None else LastRound(last.period, last.status, len(last.intros), len(last.left_out)),
    )


def admin_section(services: Services, slack_id: str, now: datetime) -> AdminView | None:
    """The CNO's section of the App Home; None for anyone else."""
    with services.uow() as uow:
        if not is_cno(uow.session, services.settings, slack_id):
            return None
        return admin_view(services, uow.session, now)
