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

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.bootstrap import Services
from bot.errors import BotError
from bot.round_schedule import Schedule, parse_period, period_of
from bot.use_cases.rounds.delivery import release_round
from bot.use_cases.rounds.engine import Matched, match
from bot.use_cases.rounds.participants import SetAside, candidates, load_history, select_participants
from bot.use_cases.rounds.quiet import pause_quiet_participants
from bot.use_cases.rounds.settings import load_round_settings, schedule_of
from storage.graph import load_graph
from storage.models import Person, Round, RoundSettings
from storage.models.rounds import AWAITING_APPROVAL, PLANNED, SKIPPED
from storage.queries.intros import NewIntro, replace_round_intros
from storage.roster import load_people

log = logging.getLogger(__name__)

MISFIRE_GRACE = timedelta(hours=6)


class RoundExists(BotError):
    """A round was already made for this period."""


@dataclass(frozen=True)
class Computed:
    """A round as the engine made it, before it is stored."""

    day: date
    seed: int
    matched: Matched
    aside: tuple[SetAside, ...]
    people: dict[int, Person]

    def left_out(self) -> list[tuple[int, str, str]]:
        rows = [(x.person_id, x.code, x.reason) for x in self.matched.left_out]
        rows += [(x.person_id, x.code, x.reason) for x in self.aside]
        return sorted(rows)


def compute_round(session: Session, day: date, seed: int = 0) -> Computed:
    """Ask the engine for a round on ``day`` (nothing is stored)."""
    rows = candidates(session)
    participants, aside = select_participants(session, rows, day)
    matched = match(load_people(session, day), participants, load_graph(session), load_history(session, day), day,
                    seed=seed)
    return Computed(day, seed, matched, tuple(aside), {p.id: p for p in rows})


def store_groups(session: Session, round_: Round, computed: Computed) -> None:
    """Replace the round's intros and left-out records with ``computed``'s (in bulk: see storage.queries.intros)."""
    groups = [NewIntro(float(g.score), tuple(g.reasons), tuple(g.members)) for g in computed.matched.groups]
    replace_round_intros(session, round_.id, groups, computed.left_out())
    session.expire(round_, ["intros", "left_out"])
    round_.seed = computed.seed
    session.flush()


def plan_round(session: Session, *, period: str, day: date, send_at: datetime, seed: int, now: datetime,
               quiet_threshold: int = 3) -> Round | None:
    """Make and store the round for ``period``; None if the period already has one.

    The caller commits; on None it must roll back (another process may have won the period).
    """
    if session.scalar(select(Round.id).where(Round.period == period)) is not None:
        return None
    round_ = Round(period=period, status=PLANNED, seed=seed, day=day, send_at=send_at, created_at=now)
    session.add(round_)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    pause_quiet_participants(session, now, quiet_threshold)
    store_groups(session, round_, compute_round(session, day, seed))
    return round_


def round_for(session: Session, period: str) -> Round | None:
    return session.scalar(select(Round).where(Round.period == period))


def seed_for(period: str) -> int:
    """A stable default seed per period, so two periods don't shuffle people the same way."""
    year, week = period.split("-W")
    return int(year) * 100 + int(week)


def run_round_now(services: Services, now: datetime, week: str | None = None, seed: int | None = None) -> Round:
    """``cno round run``: make the round for this week (or ``week``) now and put its intros in the outbox."""
    with services.uow() as uow:
        row = load_round_settings(uow.session)
        day = parse_period(week, row.weekday) if week else now.astimezone(services.settings.zone).date()
        period = period_of(day)
        existing = round_for(uow.session, period)
        if existing is not None:
            raise RoundExists(f"the round for {period} was already made (status {existing.status}); nothing sent")
        round_ = plan_round(uow.session, period=period, day=day, send_at=now,
                            seed=seed_for(period) if seed is None else seed, now=now,
                            quiet_threshold=row.quiet_threshold)
        if round_ is None:
            raise RoundExists(f"the round for {period} was made by another process just now; nothing sent")
        release_round(uow.session, round_, row, now)
        uow.commit()
        return round_


def _notify_cno_skipped(services: Services, session: Session, round_: Round) -> None:
    from bot.use_cases.rounds.approval import tell_cno_not_sent

    tell_cno_not_sent(services, session, round_)


def run_scheduled_round(services: Services, now: datetime) -> Round | None:
    """The round job, at the round's send time (or late, within the misfire grace).

    A round prepared ahead is already released (or waiting for approval, which the
    expiry sweep handles); otherwise the round is made and released now, or, when it
    needed an approval nobody could give, recorded as skipped and the CNO told.
    """
    with services.uow() as uow:
        row = uow.session.get(RoundSettings, 1)
        if row is None:
            return None  # no stored settings: scheduled rounds are off (the migration stores the defaults)
        schedule = schedule_of(row, services.settings.timezone)
        send_at = schedule.last_round_at(now, MISFIRE_GRACE)
        if send_at is None:
            return None
        day = send_at.astimezone(schedule.zone).date()
        period = period_of(day)
        if round_for(uow.session, period) is not None:
            return None
        if row.approval_required:
            round_ = Round(period=period, status=SKIPPED, seed=seed_for(period), day=day, send_at=send_at,
                           created_at=now, decided_at=now, decided_by="schedule",
                           note="Not sent: approval is required and no preview was made before the send time.")
            uow.session.add(round_)
            try:
                uow.session.flush()
            except IntegrityError:
                return None
            _notify_cno_skipped(services, uow.session, round_)
            uow.commit()
            return round_
        round_ = plan_round(uow.session, period=period, day=day, send_at=send_at, seed=seed_for(period), now=now,
                            quiet_threshold=row.quiet_threshold)
        if round_ is None:
            return None
        release_round(uow.session, round_, row, now)
        uow.commit()
        log.info("round %s made and released (%d intros)", period, len(round_.intros))
        return round_


def upcoming_round(schedule: Schedule, now: datetime) -> tuple[datetime, date, str]:
    send_at = schedule.next_round_at(now)
    day = send_at.astimezone(schedule.zone).date()
    return send_at, day, period_of(day)


def prepare_due_round(services: Services, now: datetime) -> None:
    """A sweep: the preview lead before a round's send time, make it; then release it or ask the CNO."""
    with services.uow() as uow:
        row = uow.session.get(RoundSettings, 1)
        if row is None:
            return  # no stored settings: scheduled rounds are off (the migration stores the defaults)
        send_at, day, period = upcoming_round(schedule_of(row, services.settings.timezone), now)
        if send_at - now > timedelta(hours=row.preview_lead_hours) or round_for(uow.session, period) is not None:
            return
        round_ = plan_round(uow.session, period=period, day=day, send_at=send_at, seed=seed_for(period), now=now,
                            quiet_threshold=row.quiet_threshold)
        if round_ is None:
            return
        if row.approval_required:
            from bot.use_cases.rounds.approval import ask_for_approval

            round_.status = AWAITING_APPROVAL
            ask_for_approval(services, uow.session, round_)
        else:
            release_round(uow.session, round_, row, now)
        uow.commit()
        log.info("round %s prepared (%s, %d intros)", period, round_.status, len(round_.intros))


def dry_run_lines(services: Services, now: datetime, week: str | None = None, seed: int | None = None
                  ) -> list[dict[str, Any]]:
    """``cno round run --dry-run --json``: one object per group, then the people left out. Nothing is stored."""
    with services.uow() as uow:
        row: RoundSettings = load_round_settings(uow.session)
        day = parse_period(week, row.weekday) if week else now.astimezone(services.settings.zone).date()
        computed = compute_round(uow.session, day, seed_for(period_of(day)) if seed is None else seed)
        emails = {p.id: p.email for p in computed.people.values()}
        lines: list[dict[str, Any]] = [
            {"members": [emails.get(pid, str(pid)) for pid in g.members], "score": round(float(g.score), 4),
             "reasons": list(g.reasons)}
            for g in computed.matched.groups
        ]
        lines.append({"left_out": [{"email": emails.get(pid, str(pid)), "code": code, "reason": reason}
                                   for pid, code, reason in computed.left_out()]})
        return lines


def preview_text(services: Services, now: datetime, week: str | None = None) -> str:
    """``cno round preview``: the preview the CNO gets, as text; computed without storing if not made yet."""
    from bot.use_cases.rounds.approval import summary

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
        round_ = round_for(session, period)
        made = round_ is not None
        if round_ is None:
            round_ = plan_round(session, period=period, day=day, send_at=send_at, seed=seed_for(period), now=now,
                                quiet_threshold=row.quiet_threshold)
        assert round_ is not None
        s = summary(session, round_, services.settings.timezone)
        status = round_.status.replace("_", " ") if made else "not made yet (computed now, nothing stored)"
        lines = [f"Intro round {s['period']}: {status}",
                 f"{s['groups']} intros for {s['participants']} people, sending {s['send_at']} "
                 f"(each at their local {s['local_hour']}:00); seed {s['seed']}",
                 f"{s['cross_function']}% of intros cross functions, {s['cross_region']}% cross regions"]
        if s["left_out_by_code"]:
            codes = ", ".join(f"{n} {code.replace('_', ' ')}" for code, n in sorted(s["left_out_by_code"].items()))
            lines.append(f"Left out ({s['left_out_total']}): {codes}")
            lines += [f"  {x}" for x in s["left_out"]]
        if s["samples"]:
            lines.append("A sample of intros:")
            lines += [f"  {x}" for x in s["samples"]]
        uow.rollback()
        return "\n".join(lines)
