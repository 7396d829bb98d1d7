"""The CNO's view of the rounds: the schedule, the last round (and each active program's), and people paused for
being quiet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bootstrap import Services
from bot.use_cases.rounds.quiet import quiet_paused_count
from bot.use_cases.rounds.settings import load_round_settings, schedule_of
from storage.models import Round, RoundSettings
from storage.queries.programs import active_programs, latest_program_rounds, round_counts
from storage.queries.rounds import latest_round
from storage.uow import Session


@dataclass(frozen=True)
class LastRound:
    period: str
    status: str
    intros: int
    left_out: int
    program: str = ""  # "" for the company-wide round


def last_round(round_: Round, session: Session, program: str = "") -> LastRound:
    intros, left_out = round_counts(session, round_.id)
    return LastRound(round_.period, round_.status, intros, left_out, program)


@dataclass(frozen=True)
class AdminView:
    """What the CNO sees of the rounds on their App Home (words: ``rounds/admin_text.j2``)."""

    schedule: str
    next_at: datetime
    settings: RoundSettings
    quiet_paused: int
    last: LastRound | None
    programs_last: tuple[LastRound, ...] = ()  # each active program's last round, oldest program first


def admin_view(services: Services, session: Session, now: datetime) -> AdminView:
    row = load_round_settings(session)
    schedule = schedule_of(row, services.settings.timezone)
    last = latest_round(session)
    programs = {p.id: p.name for p in active_programs(session)}
    programs_last = latest_program_rounds(session, programs)
    return AdminView(
        schedule=schedule.describe(), next_at=schedule.next_round_at(now), settings=row,
        quiet_paused=quiet_paused_count(session),
        last=None if last is None else last_round(last, session),
        programs_last=tuple(last_round(programs_last[pid], session, name) for pid, name in programs.items()
                            if pid in programs_last),
    )

