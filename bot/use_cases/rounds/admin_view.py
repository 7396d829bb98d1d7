"""The CNO's view of the rounds: the schedule, the last round, and people paused for being quiet."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.bootstrap import Services
from bot.roles import is_cno
from bot.use_cases.rounds.quiet import quiet_paused_count
from bot.use_cases.rounds.settings import load_round_settings, schedule_of
from storage.models import Round


def admin_text(services: Services, session: Session, now: datetime) -> str:
    row = load_round_settings(session)
    schedule = schedule_of(row, services.settings.timezone)
    next_at = schedule.next_round_at(now)
    last = session.scalar(select(Round).order_by(Round.day.desc()).limit(1))
    lines = [
        f"*Schedule:* {schedule.describe()}; next {next_at.strftime('%a %d %b %H:%M')}.",
        f"Intros arrive at {row.local_send_hour:02d}:00 in each person's time zone; the round is made "
        f"{row.preview_lead_hours} h ahead" + (" and waits for your approval." if row.approval_required else "."),
        f"\"Did you meet?\" after {row.follow_up_days} days; quiet after {row.quiet_threshold} intros without "
        f"an answer: *{quiet_paused_count(session)}* paused that way now.",
    ]
    if last is not None:
        lines.append(f"Last round: {last.period}, {last.status.replace('_', ' ')}, {len(last.intros)} intros, "
                     f"{len(last.left_out)} not matched.")
    return "\n".join(lines)


def admin_section(services: Services, slack_id: str, now: datetime) -> dict[str, Any] | None:
    with services.uow() as uow:
        if not is_cno(uow.session, services.settings, slack_id):
            return None
        return {"text": admin_text(services, uow.session, now)}


def schedule_form(services: Services) -> dict[str, Any]:
    with services.uow() as uow:
        return {"r": load_round_settings(uow.session), "tz": services.settings.timezone}
