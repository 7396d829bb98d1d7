"""Intro rounds: make one for a period (exactly once), release it for delivery, or show it dry.

A round is made for a *period* (the ISO week of its day). The database's unique key
on the period means a round never runs twice for the same period, whichever
process or replica tries. The round is made ahead of its send time (the preview
lead, 24 h by default) so that everyone's intro can arrive at their own local hour
on the round's day; with approval on, it then waits for the CNO.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.bootstrap import Services
from bot.errors import BotError
from bot.logs import round_context
from bot.round_schedule import MISFIRE_GRACE, Schedule, parse_period, period_of
from bot.use_cases.rounds.delivery import release_round
from bot.use_cases.rounds.planning import Computed, compute_round, plan_round, plan_round_for_release, seed_for
from bot.use_cases.rounds.preview import ask_for_approval, summary, tell_cno_not_sent
from bot.use_cases.rounds.settings import load_round_settings, schedule_of
from storage.models import Round
from storage.models.rounds import AWAITING_APPROVAL, SKIPPED
from storage.queries.rounds import add_round, round_of_period, stored_round_settings

__all__ = [
    "Computed", "RoundExists", "RoundPreview", "compute_round", "dry_run_lines", "prepare_due_round", "round_preview",
    "run_round_now", "run_scheduled_round", "seed_for",
]

log = logging.getLogger(__name__)


class RoundExists(BotError):
    """A round was already made for this period."""


def run_round_now(services: Services, now: datetime, week: str | None = None, seed: int | None = None) -> Round:
    """``cno round run``: make the round for this week (or ``week``) now and put its intros in the outbox."""
    with services.uow() as uow:
        row = load_round_settings(uow.session)
        day = parse_period(week, row.weekday) if week else now.astimezone(services.settings.zone).date()
        period = period_of(day)
        with round_context(period):
            existing = round_of_period(uow.session, period)
            if existing is not None:
                raise RoundExists(f"the round for {period} was already made (status {existing.status}); nothing sent")
            planned = plan_round_for_release(uow.session, period=period, day=day, send_at=now,
                                             seed=seed_for(period) if seed is None else seed, now=now,
                                             quiet_threshold=row.quiet_threshold)
            if planned is None:
                raise RoundExists(f"the round for {period} was made by another process just now; nothing sent")
            release_round(uow.session, planned.round, row, now, planned.people)
            uow.commit()
            return planned.round


def run_scheduled_round(services: Services, now: datetime) -> Round | None:
    """The round job, at the round's send time (or late, within the misfire grace).

    A round prepared ahead is already released (or waiting for approval, which the
    expiry sweep handles); otherwise the round is made and released now, or, when it
    needed an approval nobody could give, recorded as skipped and the CNO told.
    """
    with services.uow() as uow:
        row = stored_round_settings(uow.session)
        if row is None:
            return None  # no stored settings: scheduled rounds are off (the migration stores the defaults)
        schedule = schedule_of(row, services.settings.timezone)
        send_at = schedule.last_round_at(now, MISFIRE_GRACE)
        if send_at is None:
            return None
        day = send_at.astimezone(schedule.zone).date()
        period = period_of(day)
        if round_of_period(uow.session, period) is not None:
            return None
        with round_context(period):
            if row.approval_required:
                skipped = Round(period=period, status=SKIPPED, seed=seed_for(period), day=day, send_at=send_at,
                                created_at=now, decided_at=now, decided_by="schedule",
                                note="Not sent: approval is required and no preview was made before the send time.")
                if not add_round(uow.session, skipped):
                    return None
                tell_cno_not_sent(services, uow.session, skipped)
                uow.commit()
                log.info("round %s skipped: approval required and no preview made", period)
                return skipped
            planned = plan_round_for_release(uow.session, period=period, day=day, send_at=send_at,
                                             seed=seed_for(period), now=now, quiet_threshold=row.quiet_threshold)
            if planned is None:
                return None
            release_round(uow.session, planned.round, row, now, planned.people)
            uow.commit()
            log.info("round %s made and released (%d intros)", period, len(planned.round.intros))
            return planned.round


def upcoming_round(schedule: Schedule, now: datetime) -> tuple[datetime, date, str]:
    send_at = schedule.next_round_at(now)
    day = send_at.astimezone(schedule.zone).date()
    return send_at, day, period_of(day)


def prepare_due_round(services: Services, now: datetime) -> None:
    """A sweep: the preview lead before a round's send time, make it; then release it or ask the CNO."""
    with services.uow() as uow:
        row = stored_round_settings(uow.session)
        if row is None:
            return  # no stored settings: scheduled rounds are off (the migration stores the defaults)
        send_at, day, period = upcoming_round(schedule_of(row, services.settings.timezone), now)
        if send_at - now > timedelta(hours=row.preview_lead_hours) or round_of_period(uow.session, period) is not None:
            return
        with round_context(period):
            planned = plan_round_for_release(uow.session, period=period, day=day, send_at=send_at,
                                             seed=seed_for(period), now=now, quiet_threshold=row.quiet_threshold)
            if planned is None:
                return
            round_ = planned.round
            if row.approval_required:
                round_.status = AWAITING_APPROVAL
                ask_for_approval(services, uow.session, round_)
            else:
                release_round(uow.session, round_, row, now, planned.people)
            uow.commit()
            log.info("round %s prepared (%s, %d intros)", period, round_.status, len(round_.intros))


def dry_run_lines(services: Services, now: datetime, week: str | None = None, seed: int | None = None
                  ) -> list[dict[str, Any]]:
    """``cno round run --dry-run --json``: one object per group, then the people left out. Nothing is stored."""
    with services.uow() as uow:
        row = load_round_settings(uow.session)
        day = parse_period(week, row.weekday) if week else now.astimezone(services.settings.zone).date()
        computed: Computed = compute_round(uow.session, day, seed_for(period_of(day)) if seed is None else seed)
        emails = {p.id: p.email for p in computed.people.values()}
        lines: list[dict[str, Any]] = [
            {"members": [emails.get(pid, str(pid)) for pid in g.members], "score": round(float(g.score), 4),
             "reasons": list(g.reasons)}
            for g in computed.matched.groups
        ]
        lines.append({"left_out": [{"email": emails.get(pid, str(pid)), "code": code, "reason": reason}
                                   for pid, code, reason in computed.left_out()]})
        return lines


@dataclass(frozen=True)
class RoundPreview:
    """``cno round preview``: the round's summary (as the CNO's DM shows it) and its status, or None if not made."""

    summary: dict[str, Any]
    status: str | None


def round_preview(services: Services, now: datetime, week: str | None = None) -> RoundPreview:
    """The preview the CNO gets for the next round (or ``week``'s); computed without storing if not made yet."""
    with services.uow() as uow:
        session = uow.session
        row = load_round_settings(session)
        schedule = schedule_of(row, services.settings.timezone)
        if week:
            day = parse_period(week, row.weekday)
            send_at = schedule.next_round_at(datetime.combine(day, datetime.min.time(), schedule.zone)
                                             - timedelta(seconds=1))
            period = period_of(day)
        else:
            send_at, day, period = upcoming_round(schedule, now)
        round_ = round_of_period(session, period)
        status = None if round_ is None else round_.status
        if round_ is None:
            round_ = plan_round(session, period=period, day=day, send_at=send_at, seed=seed_for(period), now=now,
                                quiet_threshold=row.quiet_threshold)
        if round_ is None:
            raise RoundExists(f"the round for {period} was made by another process just now")
        preview = RoundPreview(summary(session, round_, services.settings.timezone), status)
        uow.rollback()
        return preview
