"""Follow-ups: "Did you meet?" some days after an intro; a "met" adds or strengthens the tie.

Each member gets their own DM (the buttons carry their intro-member id), at a
moment within their working hours. The answer updates that DM in place. The first
answer counts: a double click, or a click on a stale copy, changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.bootstrap import Services
from bot.errors import NotAllowed, UsageError
from bot.local_time import next_working_moment, zone_of
from bot.names import display_name
from bot.outbox import enqueue, update_sent
from bot.use_cases.rounds.delivery import intro_key, members_of
from message_templates import render_blocks, render_text
from storage.models import Interaction, Intro, IntroMember, OutboxMessage, Person, Round
from storage.models.outbox import CANCELLED, FAILED, SENT
from storage.models.rounds import MET, NOT_MET, RELEASED, SENDING
from storage.models.rounds import SENT as ROUND_SENT

ANSWERS = (MET, NOT_MET)


def follow_up_key(intro_id: int, member_id: int) -> str:
    return f"intro:{intro_id}:follow_up:{member_id}"


def follow_up_message(others: list[str], member_id: int, answer: str | None) -> tuple[str, list[dict[str, Any]]]:
    ctx = {"others": others, "member_id": member_id, "answer": answer}
    return render_text("rounds/follow_up_text", **ctx), render_blocks("rounds/follow_up", **ctx)


def _others(people: list[Person], me: int) -> list[str]:
    return [display_name(p) for p in people if p.id != me]


def ask_due_follow_ups(services: Services, now: datetime) -> None:
    """A sweep: ask every member of each intro whose follow-up is due, once."""
    with services.uow() as uow:
        session = uow.session
        due = session.scalars(
            select(Intro).join(Round, Round.id == Intro.round_id)
            .where(Round.status.in_(RELEASED), Intro.followed_up_at.is_(None), Intro.follow_up_at <= now)
            .order_by(Intro.id).limit(2000)
        ).all()
        for intro in due:
            delivered = session.scalar(select(OutboxMessage.status).where(OutboxMessage.key == intro_key(intro.id)))
            if delivered not in (SENT, FAILED, CANCELLED):
                continue  # the intro itself is not out yet: ask after it is
            intro.followed_up_at = now
            if delivered != SENT:
                continue
            people = members_of(session, intro)
            by_id = {p.id: p for p in people}
            for member in intro.members:
                person = by_id.get(member.person_id)
                if person is None or not person.active or not person.slack_id:
                    continue
                text, blocks = follow_up_message(_others(people, person.id), member.id, None)
                enqueue(session, follow_up_key(intro.id, member.id), text=text, blocks=blocks,
                        users=[person.slack_id], not_before=next_working_moment(zone_of(person.timezone), now))
        uow.commit()


def mark_sent_rounds(services: Services, now: datetime) -> None:
    """A sweep: a round whose intros all left the outbox is *sent*."""
    with services.uow() as uow:
        session = uow.session
        for round_ in session.scalars(select(Round).where(Round.status == SENDING)).all():
            keys = [intro_key(i.id) for i in round_.intros]
            waiting = session.scalar(
                select(OutboxMessage.id).where(OutboxMessage.key.in_(keys),
                                               OutboxMessage.status.not_in((SENT, FAILED, CANCELLED))).limit(1)
            ) if keys else None
            if waiting is None:
                round_.status = ROUND_SENT
        uow.commit()


@dataclass(frozen=True)
class Answer:
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
    existing = {(a, b) for a, b in session.execute(
        select(Interaction.a_id, Interaction.b_id).where(Interaction.source == "intro", Interaction.note == note))}
    added = 0
    for a, b in combinations(sorted(m.person_id for m in intro.members), 2):
        if person_id not in (a, b) or (a, b) in existing:
            continue
        session.add(Interaction(a_id=a, b_id=b, kind="intro", occurred_on=on.date(), weight=1.0, source="intro",
                                note=note))
        added += 1
    if added:
        intro.tie_recorded_on = on.date()
    return added


def record_answer(services: Services, member_id: str, slack_id: str, answer: str, now: datetime) -> Answer:
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
            return Answer(intro.id, member.answer, False, others, text, tuple(blocks))
        member.answer, member.answered_at = answer, now
        if answer == MET:
            record_tie(session, intro, person.id, now)
        text, blocks = follow_up_message(list(others), member.id, answer)
        update_sent(session, follow_up_key(intro.id, member.id), text=text, blocks=blocks)
        uow.commit()
        return Answer(intro.id, answer, True, others, text, tuple(blocks))
