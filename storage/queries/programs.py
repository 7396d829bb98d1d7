"""Named queries about programs: which exist, who is in them, their rounds and how those went."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import bindparam, delete, func, insert, select

from storage.models import Interaction, Intro, IntroMember, LeftOutRecord, Person, Program, ProgramMember, Round
from storage.models.programs import ACTIVE, ENDED
from storage.models.rounds import MET, RELEASED
from storage.uow import Session


def all_programs(session: Session) -> Sequence[Program]:
    """Every program, oldest first."""
    return session.scalars(select(Program).order_by(Program.id)).all()


def active_programs(session: Session) -> Sequence[Program]:
    """Programs that make rounds (neither paused nor ended), oldest first."""
    return session.scalars(select(Program).where(Program.status == ACTIVE).order_by(Program.id)).all()


def programs_not_ended(session: Session) -> Sequence[Program]:
    """Programs whose channel still means membership (active or paused)."""
    return session.scalars(select(Program).where(Program.status != ENDED).order_by(Program.id)).all()


def program_named(session: Session, name: str) -> Program | None:
    """The program with this name (case-insensitive), or None."""
    return session.scalar(select(Program).where(func.lower(Program.name) == name.strip().lower()))


def program_in_channel(session: Session, channel_id: str) -> Program | None:
    """The program bound to this Slack channel, or None."""
    return session.scalar(select(Program).where(Program.channel_id == channel_id))


def membership(session: Session, program_id: int, person_id: int) -> ProgramMember | None:
    """The person's membership row in the program (current or past), or None."""
    return session.scalar(select(ProgramMember).where(ProgramMember.program_id == program_id,
                                                      ProgramMember.person_id == person_id))


def memberships_of_program(session: Session, program_id: int) -> dict[int, ProgramMember]:
    """Every membership row of the program (current and past), by person id."""
    rows = session.scalars(select(ProgramMember).where(ProgramMember.program_id == program_id))
    return {m.person_id: m for m in rows}


def current_members(session: Session, program_id: int) -> list[Person]:
    """Active people currently in the program, by id."""
    return list(session.scalars(
        select(Person).join(ProgramMember, ProgramMember.person_id == Person.id)
        .where(ProgramMember.program_id == program_id, ProgramMember.left_at.is_(None), Person.active.is_(True))
        .order_by(Person.id)
    ))


def seats_of(session: Session, program_id: int) -> dict[int, str]:
    """Each current member's seat in the program (``""`` when none)."""
    rows = session.execute(select(ProgramMember.person_id, ProgramMember.seat)
                           .where(ProgramMember.program_id == program_id, ProgramMember.left_at.is_(None)))
    return {pid: seat for pid, seat in rows}


def member_counts(session: Session) -> dict[int, int]:
    """How many people are currently in each program."""
    rows = session.execute(select(ProgramMember.program_id, func.count(ProgramMember.id))
                           .where(ProgramMember.left_at.is_(None)).group_by(ProgramMember.program_id))
    return {pid: n for pid, n in rows}


def active_people_by_slack_ids(session: Session, slack_ids: Collection[str], chunk: int = 5000) -> dict[str, Person]:
    """Active people with one of ``slack_ids``, by Slack id."""
    wanted = sorted(set(slack_ids))
    found: dict[str, Person] = {}
    for start in range(0, len(wanted), chunk):
        part = wanted[start:start + chunk]
        for person in session.scalars(select(Person).where(Person.slack_id.in_(part), Person.active.is_(True))):
            if person.slack_id:
                found[person.slack_id] = person
    return found


def program_round_of_period(session: Session, program_id: int, period: str) -> Round | None:
    """The program's round for ``period`` (its own key, ``2026-W48/p3``), if any."""
    return session.scalar(select(Round).where(Round.program_id == program_id, Round.period == period))


def released_rounds_of(session: Session, program_id: int, before: date) -> Sequence[Round]:
    """The program's delivered rounds before ``before``, latest first."""
    return session.scalars(select(Round).where(Round.program_id == program_id, Round.status.in_(RELEASED),
                                               Round.day < before).order_by(Round.day.desc())).all()


def met_share(session: Session, round_id: int) -> tuple[int, int]:
    """(groups in which someone answered "we met", groups) of a round."""
    groups = session.scalar(select(func.count(Intro.id)).where(Intro.round_id == round_id)) or 0
    met = session.scalar(
        select(func.count(func.distinct(Intro.id))).join(IntroMember, IntroMember.intro_id == Intro.id)
        .where(Intro.round_id == round_id, IntroMember.answer == MET)
    ) or 0
    return met, groups


def first_send_time(session: Session, round_id: int) -> datetime | None:
    """When the round's first intro goes out (None when none is planned)."""
    return session.scalar(select(func.min(Intro.send_at)).where(Intro.round_id == round_id))


def round_reach(session: Session, round_id: int) -> tuple[int, int, int]:
    """(intros, people in them, distinct known functions among those people) of a round, counted in SQL."""
    intros = session.scalar(select(func.count(Intro.id)).where(Intro.round_id == round_id)) or 0
    people, functions = session.execute(
        select(func.count(func.distinct(IntroMember.person_id)),
               func.count(func.distinct(func.nullif(Person.function, ""))))
        .join(Intro, Intro.id == IntroMember.intro_id).join(Person, Person.id == IntroMember.person_id)
        .where(Intro.round_id == round_id)).one()
    return intros, people or 0, functions or 0


_PROGRAMS_OF_MEMBER = (
    select(Program).join(ProgramMember, ProgramMember.program_id == Program.id)
    .where(ProgramMember.person_id == bindparam("person_id"), ProgramMember.left_at.is_(None),
           Program.status != ENDED)
    .order_by(Program.id))


def programs_of_member(session: Session, person_id: int) -> list[Program]:
    """The programs not ended that the person is currently in, oldest first (every App Home asks)."""
    return list(session.scalars(_PROGRAMS_OF_MEMBER, {"person_id": person_id}))


def latest_program_rounds(session: Session, program_ids: Collection[int], made_by: datetime | None = None
                          ) -> dict[int, Round]:
    """Each of the programs' latest round (by day) made by ``made_by`` (default: any), by program id."""
    if not program_ids:
        return {}
    made = Round.created_at <= made_by if made_by is not None else Round.id.is_not(None)
    latest = (select(Round.program_id, func.max(Round.day).label("day"))
              .where(Round.program_id.in_(list(program_ids)), made).group_by(Round.program_id).subquery())
    rows = session.scalars(select(Round).join(latest, (Round.program_id == latest.c.program_id)
                                              & (Round.day == latest.c.day)).where(made).order_by(Round.id))
    return {r.program_id: r for r in rows if r.program_id is not None}


def latest_intro_round(session: Session, person_id: int, made_by: datetime) -> Round | None:
    """The released round (company-wide or a program's) of the person's latest intro made by ``made_by``."""
    return session.scalar(
        select(Round).join(Intro, Intro.round_id == Round.id).join(IntroMember, IntroMember.intro_id == Intro.id)
        .where(IntroMember.person_id == person_id, Round.status.in_(RELEASED), Round.created_at <= made_by)
        .order_by(Round.day.desc(), Round.created_at.desc()).limit(1))


def round_counts(session: Session, round_id: int) -> tuple[int, int]:
    """(intros, people left out) of a round, counted in SQL."""
    intros = session.scalar(select(func.count(Intro.id)).where(Intro.round_id == round_id)) or 0
    left_out = session.scalar(select(func.count(LeftOutRecord.id)).where(LeftOutRecord.round_id == round_id)) or 0
    return intros, left_out


def program_names(session: Session, program_ids: Collection[int]) -> dict[int, str]:
    """The programs' names, by id."""
    if not program_ids:
        return {}
    rows = session.execute(select(Program.id, Program.name).where(Program.id.in_(list(program_ids))))
    return {program_id: name for program_id, name in rows}


def hr_people_count(session: Session) -> int:
    """How many people came from an HR file (``source`` import), as opposed to Slack alone."""
    return session.scalar(select(func.count(Person.id)).where(Person.source == "import")) or 0


def any_programs(session: Session) -> bool:
    """Whether any program exists besides the company-wide round (then intros are capped across programs)."""
    return session.scalar(select(Program.id).limit(1)) is not None


def programs_to_reconcile(session: Session, synced_before: datetime, failed_before: datetime) -> Sequence[Program]:
    """Programs not ended whose membership was not reconciled since ``synced_before`` (nor refused since
    ``failed_before``)."""
    return session.scalars(select(Program).where(
        Program.status != ENDED,
        (Program.members_synced_at.is_(None)) | (Program.members_synced_at < synced_before),
        (Program.members_failed_at.is_(None)) | (Program.members_failed_at < failed_before),
    ).order_by(Program.id)).all()


def program_of_round(session: Session, round_: Round) -> Program | None:
    """The program a round belongs to (None for the company-wide round)."""
    return session.get(Program, round_.program_id) if round_.program_id is not None else None


def person_by_email_or_slack_id(session: Session, who: str) -> Person | None:
    """The active person with this email (case-insensitive) or Slack id."""
    text = who.strip()
    return session.scalar(select(Person).where(Person.active.is_(True), (func.lower(Person.email) == text.lower())
                                               | (Person.slack_id == text.upper())))


def replace_channel_ties(session: Session, ties: Mapping[tuple[int, int], float], kind: str, on: date) -> None:
    """Replace every tie of ``kind`` (source slack_channels) with ``ties``."""
    session.execute(delete(Interaction).where(Interaction.kind == kind, Interaction.source == "slack_channels"))
    rows = [{"a_id": a, "b_id": b, "kind": kind, "occurred_on": on, "weight": w, "source": "slack_channels"}
            for (a, b), w in ties.items()]
    for start in range(0, len(rows), 20000):
        session.execute(insert(Interaction), rows[start:start + 20000])
