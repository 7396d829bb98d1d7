"""Quiet participants: paused automatically after several intros without an answer, told kindly.

An intro counts as *silent* for a person when they answered neither "met" nor
"not met" to its follow-up and no partner answered "met" (a partner's "we didn't
meet" counts toward it, a partner's "we met" shows they did take part). Only
intros whose follow-up has been asked count, and only since the person last
resumed. ``quiet_threshold`` silent intros in a row pause them until they resume.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.outbox import enqueue
from message_templates import render_blocks, render_text
from storage.models import Intro, IntroMember, Person, QuietPause, Round
from storage.models.rounds import MET, RELEASED

LOOK_BACK = timedelta(weeks=52)


def silent_streaks(session: Session, now: datetime) -> dict[int, int]:
    """For everyone with asked follow-ups: how many of their latest intros in a row were silent."""
    since = now - LOOK_BACK
    rows = session.execute(
        select(Intro.id, Round.created_at, IntroMember.person_id, IntroMember.answer)
        .join(Round, Round.id == Intro.round_id)
        .join(IntroMember, IntroMember.intro_id == Intro.id)
        .where(Round.status.in_(RELEASED), Intro.followed_up_at.is_not(None), Intro.followed_up_at <= now,
               Round.created_at >= since)
    ).all()
    answers: dict[int, dict[int, str | None]] = defaultdict(dict)
    made: dict[int, datetime] = {}
    for intro_id, created_at, person_id, answer in rows:
        answers[intro_id][person_id] = answer
        made[intro_id] = created_at
    resumed = dict(session.execute(
        select(QuietPause.person_id, func.max(QuietPause.resumed_at))
        .where(QuietPause.resumed_at.is_not(None)).group_by(QuietPause.person_id)
    ).all())
    history: dict[int, list[tuple[datetime, bool]]] = defaultdict(list)
    for intro_id, group in answers.items():
        anyone_met = any(a == MET for a in group.values())
        for person_id, answer in group.items():
            back = resumed.get(person_id)
            if back is not None and made[intro_id] <= back:
                continue
            history[person_id].append((made[intro_id], answer is None and not anyone_met))
    streaks: dict[int, int] = {}
    for person_id, intros in history.items():
        intros.sort(reverse=True)
        streak = 0
        for _, silent in intros:
            if not silent:
                break
            streak += 1
        streaks[person_id] = streak
    return streaks


def pause_quiet_participants(session: Session, now: datetime, threshold: int) -> list[int]:
    """Pause everyone with ``threshold`` silent intros in a row and tell them; returns their ids."""
    already = set(session.scalars(select(QuietPause.person_id).where(QuietPause.resumed_at.is_(None))))
    quiet = {pid: n for pid, n in silent_streaks(session, now).items() if n >= threshold and pid not in already}
    if not quiet:
        return []
    people = session.scalars(select(Person).where(Person.id.in_(quiet), Person.active.is_(True))).all()
    paused = []
    for person in people:
        pause = QuietPause(person_id=person.id, paused_at=now, silent_rounds=quiet[person.id])
        session.add(pause)
        session.flush()
        paused.append(person.id)
        if person.slack_id:
            ctx = {"rounds": quiet[person.id]}
            enqueue(session, f"quiet:{pause.id}", text=render_text("rounds/quiet_paused_text", **ctx),
                    blocks=render_blocks("rounds/quiet_paused", **ctx), users=[person.slack_id])
    return paused


def end_quiet_pause(session: Session, person_id: int, now: datetime) -> bool:
    """Close the person's open quiet pause, if any; returns whether there was one."""
    open_pauses = session.scalars(
        select(QuietPause).where(QuietPause.person_id == person_id, QuietPause.resumed_at.is_(None))
    ).all()
    for pause in open_pauses:
        pause.resumed_at = now
    return bool(open_pauses)


def is_quiet_paused(session: Session, person_id: int) -> bool:
    return session.scalar(
        select(QuietPause.id).where(QuietPause.person_id == person_id, QuietPause.resumed_at.is_(None)).limit(1)
    ) is not None


def quiet_paused_count(session: Session) -> int:
    """How many active people are paused for being quiet (for the CNO report)."""
    return int(session.scalar(
        select(func.count(func.distinct(QuietPause.person_id)))
        .join(Person, Person.id == QuietPause.person_id)
        .where(QuietPause.resumed_at.is_(None), Person.active.is_(True))
    ) or 0)
