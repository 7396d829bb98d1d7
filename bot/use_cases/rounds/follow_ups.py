"""Follow-ups: "Did you meet?" some days after an intro; a "met" adds or strengthens the tie.

Each member gets their own DM (the buttons carry their intro-member id), at a
moment within their working hours. The answer updates that DM in place. The first
answer counts: a double click, or a click on a stale copy, changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Any

from bot import ticks
from bot.bootstrap import Services
from bot.errors import NotAllowed, UsageError
from bot.local_time import next_working_moment, zone_of
from bot.names import display_name
from bot.outbox import Outgoing, enqueue_many, update_sent
from bot.use_cases.rounds.delivery import intro_key, members_of
from message_templates import render_blocks, render_text
from storage.models import Interaction, Intro, IntroMember, Person
from storage.models.rounds import MET, NOT_MET
from storage.models.rounds import SENT as ROUND_SENT
from storage.queries import rounds as queries
from storage.queries.intros import DueFollowUp, follow_ups_due, mark_followed_up
from storage.queries.people import people_by_id
from storage.uow import Session

__all__ = ["ANSWERS", "MET", "NOT_MET", "FollowUpAnswer", "ask_due_follow_ups", "ask_in_slices", "mark_sent_rounds",
           "record_answer", "record_tie"]

ANSWERS = (MET, NOT_MET)
SLICE = 2000  # intros per transaction of the follow-up sweep
TICK_BUDGET = ticks.SWEEP_SECONDS


def follow_up_key(intro_id: int, member_id: int) -> str:
    return f"intro:{intro_id}:follow_up:{member_id}"


def follow_up_message(others: list[str], member_id: int, answer: str | None) -> tuple[str, list[dict[str, Any]]]:
    ctx = {"others": others, "member_id": member_id, "answer": answer}
    return render_text("rounds/follow_up_text", **ctx), render_blocks("rounds/follow_up", **ctx)


def _others(people: list[Person], me: int) -> list[str]:
    return [display_name(p) for p in people if p.id != me]


def ask_due_follow_ups(services: Services, now: datetime) -> None:
    """A sweep: ask every member of each intro whose follow-up is due, once (see :func:`ask_in_slices`)."""
    ask_in_slices(services, now)


def ask_in_slices(services: Services, now: datetime, budget: float = TICK_BUDGET) -> int:
    """Ask every member of each intro whose follow-up is due, once; returns how many were asked.

    Works in slices of :data:`SLICE` intros, each its own transaction (the questions and
    the intros marked as asked commit together), until nothing is due or ``budget``
    seconds have gone (at least one slice), so a tick never overruns: the next tick resumes where this one
    stopped, and an intro already asked is not asked again (nor is a key queued twice).
    Each slice's time goes to the ``cno_sweep_slice_seconds`` metric.
    """
    asked = 0

    def one_slice() -> int:
        nonlocal asked
        with services.uow() as uow:
            due = follow_ups_due(uow.session, now, SLICE)
            asked += _ask(uow.session, due, now)
            uow.commit()
        return len(due)

    slices = ticks.Slices("follow_ups", budget)
    while not slices.out_of_time:  # at least one slice per tick, however little time is left
        if slices.run(one_slice) < SLICE:
            break
    return asked


def _ask(session: Session, due: Sequence[DueFollowUp], now: datetime) -> int:
    """One slice: the questions for the delivered intros in ``due``, written in bulk; all of ``due`` marked asked."""
    people = people_by_id(session, {person_id for intro in due for _, person_id in intro.members})
    messages = []
    for intro in due:
        if not intro.delivered:
            continue
        group = [people[p] for _, p in intro.members if p in people]
        for member_id, person_id in intro.members:
            person = people.get(person_id)
            if person is None or not person.active or not person.slack_id:
                continue
            text, blocks = follow_up_message(_others(group, person.id), member_id, None)
            messages.append(Outgoing(follow_up_key(intro.intro_id, member_id), text, blocks, (person.slack_id,),
                                     not_before=next_working_moment(zone_of(person.timezone), now)))
    queued = enqueue_many(session, messages)
    mark_followed_up(session, [intro.intro_id for intro in due], now)
    return queued


def mark_sent_rounds(services: Services, now: datetime) -> None:
    """A sweep: a round whose intros all left the outbox is *sent*."""
    with services.uow() as uow:
        session = uow.session
        for round_ in queries.rounds_sending(session):
            if not queries.any_on_its_way(session, [intro_key(i.id) for i in round_.intros]):
                round_.status = ROUND_SENT
        uow.commit()


@dataclass(frozen=True)
class FollowUpAnswer:
    """What was recorded, and the follow-up message as it now reads (to replace the clicked one)."""

    intro_id: int
    answer: str
    changed: bool
    others: tuple[str, ...]
    text: str = ""
    blocks: tuple[dict[str, Any], ...] = ()


def record_tie(session: Session, intro: Intro, person_id: int, on: datetime) -> int:
    """Add an ``intro`` interaction between ``person_id`` and each other member, once per pair."""
    note = f"intro:{intro.id}"
    mine = [(a, b) for a, b in combinations(sorted(m.person_id for m in intro.members), 2) if person_id in (a, b)]
    existing = queries.ties_recorded_for(session, note, mine)
    added = 0
    for a, b in mine:
        if (a, b) in existing:
            continue
        session.add(Interaction(a_id=a, b_id=b, kind="intro", occurred_on=on.date(), weight=1.0, source="intro",
                                note=note))
        added += 1
    if added:
        intro.tie_recorded_on = on.date()
    return added


def record_answer(services: Services, member_id: str, slack_id: str, answer: str, now: datetime) -> FollowUpAnswer:
    """A member's click on "We met" / "We didn't meet"."""
    if answer not in ANSWERS:
        raise UsageError(f"unknown answer {answer!r}")
    try:
        member_pk = int(member_id)
    except ValueError:
        raise UsageError("That button is not one of mine.") from None
    with services.uow() as uow:
        session = uow.session
        member = session.get(IntroMember, member_pk)
        if member is None:
            raise UsageError("That intro no longer exists.")
        person = session.get(Person, member.person_id)
        if person is None or person.slack_id != slack_id:
            raise NotAllowed("This question was meant for someone else.")
        intro = member.intro
        people = members_of(session, intro)
        others = tuple(_others(people, person.id))
        if member.answer is not None:
            text, blocks = follow_up_message(list(others), member.id, member.answer)
            return FollowUpAnswer(intro.id, member.answer, False, others, text, tuple(blocks))
        member.answer, member.answered_at = answer, now
        if answer == MET:
            record_tie(session, intro, person.id, now)
        text, blocks = follow_up_message(list(others), member.id, answer)
        update_sent(session, follow_up_key(intro.id, member.id), text=text, blocks=blocks)
        uow.commit()
        return FollowUpAnswer(intro.id, answer, True, others, text, tuple(blocks))
