"""Named queries for the reach reports: managers and their teams, intro figures, names for the CNO, snapshots."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from storage.models import Intro, IntroMember, OrgSnapshot, Person, Round
from storage.models.rounds import RELEASED
from storage.reach import org_snapshot
from storage.uow import Session


def manager_by_slack_id(session: Session, slack_id: str) -> Person | None:
    """The active person with ``slack_id`` who has at least one active direct report, or None."""
    report = aliased(Person)
    return session.scalar(
        select(Person).where(
            Person.slack_id == slack_id,
            Person.active.is_(True),
            exists().where(report.manager_id == Person.id, report.active.is_(True)),
        )
    )


def has_active_reports(session: Session, person_id: int) -> bool:
    """Whether anyone active reports directly to ``person_id``."""
    return bool(session.scalar(select(exists().where(Person.manager_id == person_id, Person.active.is_(True)))))


def names_of(session: Session, person_ids: Collection[int]) -> dict[int, str]:
    """The names of these people, by id (the CNO's report names its brokers)."""
    return {pid: name for pid, name in session.execute(select(Person.id, Person.name).where(Person.id.in_(person_ids)))}


def intro_answers_since(session: Session, since: date) -> list[tuple[int, int, bool, int, str | None]]:
    """(intro, round, followed up, person, answer) for every member of the intros of rounds released since ``since``."""
    rows = session.execute(
        select(Intro.id, Round.id, Intro.followed_up_at.is_not(None), IntroMember.person_id, IntroMember.answer)
        .join(Round, Round.id == Intro.round_id)
        .join(IntroMember, IntroMember.intro_id == Intro.id)
        .where(Round.status.in_(RELEASED), Round.day >= since)
    )
    return [(intro, round_, bool(followed_up), person, answer) for intro, round_, followed_up, person, answer in rows]


def add_org_snapshot_once(session: Session, row: OrgSnapshot) -> tuple[OrgSnapshot, bool]:
    """Store ``row`` unless its week's snapshot exists (another replica took it first); returns (the week's, added)."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        taken = org_snapshot(session, row.week)
        assert taken is not None
        return taken, False
    return row, True
