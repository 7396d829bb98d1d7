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

from bot.outbox import enqueue
from message_templates import render_blocks, render_text
from storage.models import QuietPause
from storage.models.rounds import MET
from storage.queries import rounds as queries
from storage.queries.people import active_people_among
from storage.uow import Session

LOOK_BACK = timedelta(weeks=52)


def silent_streaks(session: Session, now: datetime) -> dict[int, int]:
    """For everyone with asked follow-ups: how many of their latest intros in a row were silent."""
    since = now - LOOK_BACK
    rows = queries.asked_follow_up_answers(session, since, now)
    answers: dict[int, dict[int, str | None]] = defaultdict(dict)
    made: dict[int, datetime] = {}
    for intro_id, created_at, person_id, answer in rows:
        answers[intro_id][person_id] = answer
        made[intro_id] = created_at
    resumed = queries.last_resumed(session)
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
    already = queries.quiet_paused_ids(session)
    quiet = {pid: n for pid, n in silent_streaks(session, now).items() if n >= threshold and pid not in already}
    if not quiet:
        return []
    people = active_people_among(session, quiet)
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
    open_pauses = queries.open_quiet_pauses(session, person_id)
    for pause in open_pauses:
        pause.resumed_at = now
    return bool(open_pauses)


def quiet_paused_count(session: Session) -> int:
    """How many active people are paused for being quiet (for the CNO report)."""
    return queries.quiet_paused_active_count(session)
