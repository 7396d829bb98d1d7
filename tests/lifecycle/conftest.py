"""A hand-checked organisation of eleven people for the joining, leaving and erasure tests.

    key  name  function region level manager slack
    dana Dana  Exec     EMEA   7     -       UDANA
    mia  Mia   Sales    EMEA   5     dana    UMIA    manages sam, sue
    ivo  Ivo   IT       EMEA   5     dana    UIVO    manages tim, tara
    lea  Lea   Legal    AMER   5     dana    ULEA    manages leo, liz
    hal  Hal   HR       EMEA   4     dana    UHAL
    sam  Sam   Sales    EMEA   3     mia     USAM
    sue  Sue   Sales    AMER   3     mia     USUE
    tim  Tim   IT       APAC   3     ivo     UTIM
    tara Tara  IT       EMEA   3     ivo     UTARA
    leo  Leo   Legal    AMER   3     lea     ULEO
    liz  Liz   Legal    APAC   2     lea     ULIZ

Ties (weight, days ago): sam-tim (4, 10), sam-leo (1, 300), sam-sue (2, 20), sam-tara (1, 50),
sue-tara (1, 60), mia-ivo (1, 100), ivo-hal (1, 100), hal-tim (1, 100), lea-liz (1, 100),
dana-hal (1, 100), dana-lea (1, 100), leo-liz (1, 100).
Sam's ties no one else in his team (Mia, Sue) holds: Tim (strong, recent, IT/APAC) and Leo
(Legal/AMER); Tara is held (Sue knows her). Sam alone links Sales and Legal.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from bot.network import forget_cached_network
from storage.models import Interaction, Person
from storage.models.base import utcnow

PEOPLE = [
    ("dana", "Dana Stone", "Exec", "EMEA", 7, None),
    ("mia", "Mia Rossi", "Sales", "EMEA", 5, "dana"),
    ("ivo", "Ivo Petrov", "IT", "EMEA", 5, "dana"),
    ("lea", "Lea Brun", "Legal", "AMER", 5, "dana"),
    ("hal", "Hal Berg", "HR", "EMEA", 4, "dana"),
    ("sam", "Sam Okafor", "Sales", "EMEA", 3, "mia"),
    ("sue", "Sue Park", "Sales", "AMER", 3, "mia"),
    ("tim", "Tim Lund", "IT", "APAC", 3, "ivo"),
    ("tara", "Tara Quinn", "IT", "EMEA", 3, "ivo"),
    ("leo", "Leo Marsh", "Legal", "AMER", 3, "lea"),
    ("liz", "Liz Ortega", "Legal", "APAC", 2, "lea"),
]
TIES = [
    ("sam", "tim", 4.0, 10), ("sam", "leo", 1.0, 300), ("sam", "sue", 2.0, 20), ("sam", "tara", 1.0, 50),
    ("sue", "tara", 1.0, 60), ("mia", "ivo", 1.0, 100), ("ivo", "hal", 1.0, 100), ("hal", "tim", 1.0, 100),
    ("lea", "liz", 1.0, 100), ("dana", "hal", 1.0, 100), ("dana", "lea", 1.0, 100), ("leo", "liz", 1.0, 100),
]


def slack_id(key: str) -> str:
    return "U" + key.upper()


def email(key: str) -> str:
    return f"{key}@acme.test"


def add_org(session, slack, today: date) -> dict[str, int]:
    rows = {}
    for key, name, function, region, level, _ in PEOPLE:
        rows[key] = Person(email=email(key), name=name, function=function, region=region, level=level,
                           slack_id=slack_id(key), title=f"{function} lead" if level >= 5 else "")
        session.add(rows[key])
        slack.add_user(slack_id(key), email(key), name)
    session.flush()
    for key, *_, manager in PEOPLE:
        if manager:
            rows[key].manager_id = rows[manager].id
    for a, b, weight, days_ago in TIES:
        low, high = Interaction.ordered(rows[a].id, rows[b].id)
        session.add(Interaction(a_id=low, b_id=high, kind="meeting", weight=weight,
                                occurred_on=today - timedelta(days=days_ago)))
    session.flush()
    return {key: row.id for key, row in rows.items()}


@pytest.fixture
def org(services, slack) -> Iterator[dict[str, int]]:
    """The organisation, stored and in the Slack workspace; key -> person id."""
    forget_cached_network()
    with services.uow() as uow:
        ids = add_org(uow.session, slack, utcnow().date())
        uow.commit()
    yield ids
    forget_cached_network()


def round_now(services, now=None, week=None):
    """Run an intro round now; returns (ids introduced, {id: left-out code})."""
    from sqlalchemy import select

    from bot.use_cases.rounds.making import run_round_now
    from storage.models import IntroMember, LeftOutRecord

    round_ = run_round_now(services, now or utcnow(), week=week)
    with services.uow() as uow:
        session = uow.session
        from storage.models import Intro

        members = set(session.scalars(
            select(IntroMember.person_id).join(Intro, Intro.id == IntroMember.intro_id)
            .where(Intro.round_id == round_.id)))
        left = {r.person_id: r.code for r in session.scalars(
            select(LeftOutRecord).where(LeftOutRecord.round_id == round_.id))}
    return members, left
