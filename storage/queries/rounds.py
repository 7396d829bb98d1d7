"""Named queries about intro rounds: settings, rounds, intros, follow-ups, left-out records and quiet pauses."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError

from storage.models import (
    Interaction,
    Intro,
    IntroMember,
    LeftOutRecord,
    OutboxMessage,
    Person,
    Program,
    QuietPause,
    Round,
    RoundSettings,
)
from storage.models.outbox import CANCELLED, FAILED, SENT
from storage.models.rounds import AWAITING_APPROVAL, RELEASED, SENDING, SKIPPED
from storage.models.rounds import SENT as ROUND_SENT
from storage.uow import Session

#: Outbox states after which a message is no longer on its way.
DONE = (SENT, FAILED, CANCELLED)


# -- settings ---------------------------------------------------------------------------------------------------

def stored_round_settings(session: Session) -> RoundSettings | None:
    """The CNO's stored round settings (attached to the session), or None when none are stored."""
    return session.get(RoundSettings, 1)


def round_settings(session: Session) -> RoundSettings:
    """The stored round settings as a plain value (detached), or the defaults when none are stored."""
    row = stored_round_settings(session)
    if row is None:
        return RoundSettings.defaults()
    session.expunge(row)
    return row


# -- rounds -----------------------------------------------------------------------------------------------------

def round_of_period(session: Session, period: str) -> Round | None:
    """The company-wide round made for ``period`` (``2026-W48``), if any."""
    return session.scalar(select(Round).where(Round.period == period, Round.program_id.is_(None)))


def add_round(session: Session, round_: Round) -> bool:
    """Store a new round; False (and the transaction rolled back) when its period was taken meanwhile."""
    session.add(round_)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return False
    return True


def latest_round(session: Session) -> Round | None:
    """The company-wide round with the latest day."""
    return session.scalar(select(Round).where(Round.program_id.is_(None)).order_by(Round.day.desc()).limit(1))


def latest_round_made_by(session: Session, now: datetime) -> Round | None:
    """The company-wide round with the latest day among those made by ``now``: the current period's round."""
    return session.scalar(select(Round).where(Round.created_at <= now, Round.program_id.is_(None))
                          .order_by(Round.day.desc()).limit(1))


def rounds_waiting_past_send_time(session: Session, now: datetime) -> Sequence[Round]:
    """Rounds still waiting for the CNO's approval at (or after) their send time."""
    return session.scalars(select(Round).where(Round.status == AWAITING_APPROVAL, Round.send_at <= now)).all()


def rounds_sending(session: Session) -> Sequence[Round]:
    """Rounds whose intros are in the outbox."""
    return session.scalars(select(Round).where(Round.status == SENDING)).all()


def last_released_round_before(session: Session, day: date, program_id: int | None = None) -> int | None:
    """The id of the latest round delivered (or being delivered) before ``day``, of a program or company-wide."""
    program = Round.program_id.is_(None) if program_id is None else Round.program_id == program_id
    return session.scalar(
        select(Round.id).where(Round.status.in_(RELEASED), Round.day < day, program).order_by(Round.day.desc()).limit(1)
    )


# -- intros -----------------------------------------------------------------------------------------------------

def intros_due_for_follow_up(session: Session, now: datetime, limit: int = 2000) -> Sequence[Intro]:
    """Intros of released rounds whose "Did you meet?" is due and not asked yet, oldest first."""
    return session.scalars(
        select(Intro).join(Round, Round.id == Intro.round_id)
        .where(Round.status.in_(RELEASED), Intro.followed_up_at.is_(None), Intro.follow_up_at <= now)
        .order_by(Intro.id).limit(limit)
    ).all()


def intro_in_round(session: Session, round_id: int, person_id: int) -> Intro | None:
    """The intro of ``person_id`` in the round, if they were matched."""
    return session.scalar(
        select(Intro).join(IntroMember, IntroMember.intro_id == Intro.id)
        .where(Intro.round_id == round_id, IntroMember.person_id == person_id)
    )


def unsent_intros_of(session: Session, person_id: int) -> list[tuple[IntroMember, Intro, Round]]:
    """Each membership of ``person_id`` in an intro of a round not sent nor skipped, by round day."""
    rows = session.execute(
        select(IntroMember, Intro, Round)
        .join(Intro, Intro.id == IntroMember.intro_id)
        .join(Round, Round.id == Intro.round_id)
        .where(IntroMember.person_id == person_id, Round.status.not_in((ROUND_SENT, SKIPPED)))
        .order_by(Round.day)
    ).all()
    return [(member, intro, round_) for member, intro, round_ in rows]


_RECENT_INTROS = (
    select(Intro.id, Round.period, Round.day, IntroMember.answer, Program.name)
    .join(Round, Round.id == Intro.round_id).join(IntroMember, IntroMember.intro_id == Intro.id)
    .outerjoin(Program, Program.id == Round.program_id)
    .where(IntroMember.person_id == bindparam("person_id"), Round.status.in_(RELEASED))
    .order_by(Round.day.desc(), Intro.id.desc())
)


def recent_intros_of(session: Session, person_id: int, limit: int
                     ) -> list[tuple[int, str, date, str | None, str]]:
    """The person's latest delivered intros, whichever program made them: ``(intro id, period, day, their answer,
    program name or "" for the company-wide round)``, newest first."""
    rows = session.execute(_RECENT_INTROS.limit(limit), {"person_id": person_id}).all()
    return [(intro_id, period, day, answer, program or "") for intro_id, period, day, answer, program in rows]


def intro_days_before(session: Session, before: date) -> list[tuple[int, date]]:
    """``(person id, round day)`` of every membership in a delivered intro before ``before``."""
    rows = session.execute(
        select(IntroMember.person_id, Round.day)
        .join(Intro, Intro.id == IntroMember.intro_id)
        .join(Round, Round.id == Intro.round_id)
        .where(Round.status.in_(RELEASED), Round.day < before)
    )
    return [(person_id, day) for person_id, day in rows]


def delivered_intro_members(session: Session, since: date, before: date) -> list[tuple[int, date, int]]:
    """``(intro id, round day, person id)`` of delivered intros with a day in ``[since, before)``, by intro."""
    rows = session.execute(
        select(Intro.id, Round.day, IntroMember.person_id)
        .join(Round, Round.id == Intro.round_id)
        .join(IntroMember, IntroMember.intro_id == Intro.id)
        .where(Round.status.in_(RELEASED), Round.day >= since, Round.day < before)
        .order_by(Intro.id, IntroMember.person_id)
    )
    return [(intro_id, day, person_id) for intro_id, day, person_id in rows]


def asked_follow_up_answers(session: Session, since: datetime, now: datetime
                            ) -> list[tuple[int, datetime, int, str | None]]:
    """``(intro id, round made at, person id, answer)`` for intros whose follow-up was asked by ``now``,
    in delivered rounds made since ``since``."""
    rows = session.execute(
        select(Intro.id, Round.created_at, IntroMember.person_id, IntroMember.answer)
        .join(Round, Round.id == Intro.round_id)
        .join(IntroMember, IntroMember.intro_id == Intro.id)
        .where(Round.status.in_(RELEASED), Intro.followed_up_at.is_not(None), Intro.followed_up_at <= now,
               Round.created_at >= since)
    ).all()
    return [(intro_id, made, person_id, answer) for intro_id, made, person_id, answer in rows]


def ties_recorded_for(session: Session, note: str, pairs: Collection[tuple[int, int]]) -> set[tuple[int, int]]:
    """Which of the ``(a, b)`` pairs (``a < b``) already have their intro tie recorded under ``note`` (``intro:<id>``).

    Looked up by pair, through the pair index: the note has no index, and scanning
    2,000,000 interactions for it made each "we met" click take a second.
    """
    if not pairs:
        return set()
    rows = session.execute(
        select(Interaction.a_id, Interaction.b_id).where(
            or_(*(and_(Interaction.a_id == a, Interaction.b_id == b) for a, b in pairs)),
            Interaction.source == "intro", Interaction.note == note)
    )
    return {(a, b) for a, b in rows}


# -- left out ---------------------------------------------------------------------------------------------------

def left_out_record(session: Session, round_id: int, person_id: int) -> LeftOutRecord | None:
    """Why ``person_id`` was left out of the round, if they were."""
    return session.scalar(select(LeftOutRecord).where(LeftOutRecord.round_id == round_id,
                                                      LeftOutRecord.person_id == person_id))


def left_out_with_codes(session: Session, round_id: int, codes: Collection[str]) -> list[int]:
    """Who was left out of the round for one of ``codes``, in the order they were recorded."""
    return list(session.scalars(
        select(LeftOutRecord.person_id).where(LeftOutRecord.round_id == round_id, LeftOutRecord.code.in_(list(codes)))
        .order_by(LeftOutRecord.id)
    ))


# -- quiet pauses -----------------------------------------------------------------------------------------------

def quiet_paused_ids(session: Session) -> set[int]:
    """Everyone whose quiet pause is still open."""
    return set(session.scalars(select(QuietPause.person_id).where(QuietPause.resumed_at.is_(None))))


def open_quiet_pauses(session: Session, person_id: int) -> Sequence[QuietPause]:
    """The person's quiet pauses not ended yet."""
    return session.scalars(
        select(QuietPause).where(QuietPause.person_id == person_id, QuietPause.resumed_at.is_(None))
    ).all()


_OPEN_QUIET_PAUSE = (select(QuietPause.id).where(QuietPause.person_id == bindparam("person_id"),
                                                 QuietPause.resumed_at.is_(None)).limit(1))


def has_open_quiet_pause(session: Session, person_id: int) -> bool:
    """Whether the person is paused for being quiet (a statement built once: every App Home asks)."""
    return session.scalar(_OPEN_QUIET_PAUSE, {"person_id": person_id}) is not None


def last_resumed(session: Session) -> dict[int, datetime]:
    """When each person last came back from a quiet pause."""
    rows = session.execute(
        select(QuietPause.person_id, func.max(QuietPause.resumed_at))
        .where(QuietPause.resumed_at.is_not(None)).group_by(QuietPause.person_id)
    ).all()
    return {person_id: resumed for person_id, resumed in rows if resumed is not None}


def quiet_paused_active_count(session: Session) -> int:
    """How many active people are paused for being quiet."""
    return int(session.scalar(
        select(func.count(func.distinct(QuietPause.person_id)))
        .join(Person, Person.id == QuietPause.person_id)
        .where(QuietPause.resumed_at.is_(None), Person.active.is_(True))
    ) or 0)


# -- the outbox, as a round sees it ------------------------------------------------------------------------------

def outbox_status(session: Session, key: str) -> str | None:
    """The status of the outbox message with ``key`` (None when there is none)."""
    return session.scalar(select(OutboxMessage.status).where(OutboxMessage.key == key))


def any_on_its_way(session: Session, keys: Collection[str]) -> bool:
    """Whether any outbox message with one of ``keys`` is still to be sent (neither sent, failed nor cancelled)."""
    if not keys:
        return False
    return session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.key.in_(list(keys)), OutboxMessage.status.not_in(DONE)).limit(1)
    ) is not None
