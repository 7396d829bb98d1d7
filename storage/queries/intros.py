"""A round's intros written and read in bulk: 50,000 intros and their members in a few statements each.

Objects one by one (an ``Intro`` with its ``IntroMember`` list per group) cost the ORM's
unit of work a few hundred microseconds each; at 100,000 people that is minutes. These
write multi-row INSERTs a chunk at a time and read plain rows back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, delete, func, insert, literal, select, update

from storage.models import Intro, IntroMember, LeftOutRecord, OutboxMessage, Round
from storage.models.outbox import CANCELLED, FAILED, SENT
from storage.models.rounds import RELEASED
from storage.uow import Session

CHUNK = 5000


@dataclass(frozen=True)
class NewIntro:
    """A group the engine made: its score, the reasons in plain words, its members' person ids."""

    score: float
    reasons: tuple[str, ...]
    members: tuple[int, ...]


@dataclass(frozen=True)
class IntroRow:
    """An intro as delivery needs it: id, reasons, member person ids (in the order they were stored)."""

    id: int
    reasons: tuple[str, ...]
    members: tuple[int, ...]


def replace_round_intros(session: Session, round_id: int, intros: Sequence[NewIntro],
                         left_out: Iterable[tuple[int, str, str]]) -> None:
    """The round's intros and left-out records become these (earlier ones are deleted), in chunks of inserts.

    The round's ``intros`` and ``left_out`` collections loaded in the session are stale
    afterwards: the caller expires them if it reads them again.
    """
    session.flush()
    round_intros = select(Intro.id).where(Intro.round_id == round_id).scalar_subquery()
    session.execute(delete(IntroMember).where(IntroMember.intro_id.in_(round_intros)))
    session.execute(delete(Intro).where(Intro.round_id == round_id))
    session.execute(delete(LeftOutRecord).where(LeftOutRecord.round_id == round_id))
    for start in range(0, len(intros), CHUNK):
        part = intros[start:start + CHUNK]
        ids = session.scalars(insert(Intro).returning(Intro.id, sort_by_parameter_order=True), [
            {"round_id": round_id, "score": g.score, "reasons": list(g.reasons), "trio": len(g.members) > 2}
            for g in part]).all()
        session.execute(insert(IntroMember), [{"intro_id": intro_id, "person_id": person_id}
                                              for intro_id, g in zip(ids, part, strict=True)
                                              for person_id in g.members])
    rows = [{"round_id": round_id, "person_id": p, "code": code, "reason": reason} for p, code, reason in left_out]
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(LeftOutRecord), rows[start:start + CHUNK])


def intros_of_round(session: Session, round_id: int) -> list[IntroRow]:
    """Every intro of the round, in id order, with its members' person ids."""
    members: dict[int, list[int]] = {}
    for intro_id, person_id in session.execute(
            select(IntroMember.intro_id, IntroMember.person_id).join(Intro, Intro.id == IntroMember.intro_id)
            .where(Intro.round_id == round_id).order_by(IntroMember.id)):
        members.setdefault(intro_id, []).append(person_id)
    return [IntroRow(intro_id, tuple(reasons or ()), tuple(members.get(intro_id, ())))
            for intro_id, reasons in session.execute(
                select(Intro.id, Intro.reasons).where(Intro.round_id == round_id).order_by(Intro.id))]


def members_of_round(session: Session, round_id: int) -> set[int]:
    """The person ids of everyone in one of the round's intros."""
    return set(session.scalars(select(IntroMember.person_id).join(Intro, Intro.id == IntroMember.intro_id)
                               .where(Intro.round_id == round_id)))


def set_send_times(session: Session, times: Sequence[tuple[int, datetime, datetime]]) -> None:
    """Each intro's (id, send time, follow-up time), in chunks of updates by primary key."""
    for start in range(0, len(times), CHUNK):
        session.execute(update(Intro), [{"id": i, "send_at": send_at, "follow_up_at": follow_up_at}
                                        for i, send_at, follow_up_at in times[start:start + CHUNK]])


@dataclass(frozen=True)
class DueFollowUp:
    """An intro whose "Did you meet?" is due: whether the intro itself reached Slack, and its members."""

    intro_id: int
    delivered: bool  # False when its message failed or was cancelled: nobody is asked
    members: tuple[tuple[int, int], ...]  # (intro member id, person id), in the order they were stored


def follow_ups_due(session: Session, now: datetime, limit: int) -> list[DueFollowUp]:
    """Up to ``limit`` intros of released rounds whose follow-up is due and not asked yet, oldest first.

    Only intros whose own message has left the outbox (sent, failed or cancelled) are due:
    one still waiting is asked about after it is sent.
    """
    key = literal("intro:") + cast(Intro.id, String)
    rows = session.execute(
        select(Intro.id, OutboxMessage.status).join(Round, Round.id == Intro.round_id)
        .join(OutboxMessage, OutboxMessage.key == key)
        .where(Round.status.in_(RELEASED), Intro.followed_up_at.is_(None), Intro.follow_up_at <= now,
               OutboxMessage.status.in_((SENT, FAILED, CANCELLED)))
        .order_by(Intro.id).limit(limit)).all()
    members: dict[int, list[tuple[int, int]]] = {}
    ids = [intro_id for intro_id, _ in rows]
    for start in range(0, len(ids), CHUNK):
        for intro_id, member_id, person_id in session.execute(
                select(IntroMember.intro_id, IntroMember.id, IntroMember.person_id)
                .where(IntroMember.intro_id.in_(ids[start:start + CHUNK])).order_by(IntroMember.id)):
            members.setdefault(intro_id, []).append((member_id, person_id))
    return [DueFollowUp(intro_id, status == SENT, tuple(members.get(intro_id, ()))) for intro_id, status in rows]


def mark_followed_up(session: Session, intro_ids: Sequence[int], now: datetime) -> None:
    """Record that these intros' follow-ups were asked (or need not be) at ``now``."""
    for start in range(0, len(intro_ids), CHUNK):
        session.execute(update(Intro).where(Intro.id.in_(intro_ids[start:start + CHUNK])).values(followed_up_at=now))


def latest_round_sending(session: Session) -> tuple[str, int, datetime] | None:
    """The latest released round's period, its number of intros with a send time, and the last send time."""
    latest = select(Round.id).where(Round.status.in_(RELEASED)).order_by(Round.day.desc(), Round.id.desc()).limit(1)
    row = session.execute(select(Round.period, func.count(Intro.id), func.max(Intro.send_at))
                          .join(Intro, Intro.round_id == Round.id)
                          .where(Round.id == latest.scalar_subquery(), Intro.send_at.is_not(None))
                          .group_by(Round.period)).first()
    return (row[0], int(row[1]), row[2]) if row is not None and row[2] is not None else None
