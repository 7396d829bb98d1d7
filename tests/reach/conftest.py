"""A hand-checked organisation of 15 people for the reach tests.

    id name function region manager slack
    1  Mara Sales  EMEA   -       UMGR    manages 2-6
    2  Ravi Sales  EMEA   1       UREP    manages 7, 8
    3  Rosa Sales  AMER   1       UNOT    (no reports)
    4  Rick Sales  EMEA   1
    5  Rita Sales  AMER   1
    6  Remy Sales  EMEA   1
    7  Sam  Sales  EMEA   2
    8  Sue  Sales  AMER   2
    9  Kim  IT     APAC   -       USMALL  manages 10, 11
    10 Ken  IT     APAC   9
    11 Kat  IT     EMEA   9
    12 Ian  IT     EMEA   -
    13 Lea  Legal  AMER   -
    14 Leo  Legal  EMEA   -
    15 Hal  HR     EMEA   -

Ties, all long ago except 3-13 (21 days ago) and 4-15 (70 days ago):
1-2 1-9 2-12 2-7 5-12 7-8 9-10 9-15 10-11 10-12 11-14 13-14, 3-13, 4-15.

Mara's direct reports {2..6}: first degree {1, 7, 12, 13, 15} = 5 (Sales 2, IT 1, Legal 1,
HR 1; EMEA 4, AMER 1), second degree {8, 9, 10, 14} = 4, in an organisation of 15.
Four weeks ago (no 3-13): 4 and 3. Twelve weeks ago (no 4-15 either): 3 and 3.
No tie to APAC: the suggestion names it. Her whole subtree {2..8}: 4 and 3.
Kim's team {10, 11} (under 5): first degree {9, 12, 14} = 3, second {1, 2, 5, 13, 15} = 5.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.network import forget_cached_network
from storage.models import Interaction, Person
from storage.models.base import utcnow

PEOPLE = [
    (1, "Mara", "Sales", "EMEA", None, "UMGR"),
    (2, "Ravi", "Sales", "EMEA", 1, "UREP"),
    (3, "Rosa", "Sales", "AMER", 1, "UNOT"),
    (4, "Rick", "Sales", "EMEA", 1, None),
    (5, "Rita", "Sales", "AMER", 1, None),
    (6, "Remy", "Sales", "EMEA", 1, None),
    (7, "Sam", "Sales", "EMEA", 2, None),
    (8, "Sue", "Sales", "AMER", 2, None),
    (9, "Kim", "IT", "APAC", None, "USMALL"),
    (10, "Ken", "IT", "APAC", 9, None),
    (11, "Kat", "IT", "EMEA", 9, None),
    (12, "Ian", "IT", "EMEA", None, None),
    (13, "Lea", "Legal", "AMER", None, None),
    (14, "Leo", "Legal", "EMEA", None, None),
    (15, "Hal", "HR", "EMEA", None, None),
]
OLD_TIES = [(1, 2), (1, 9), (2, 12), (2, 7), (5, 12), (7, 8), (9, 10), (9, 15), (10, 11), (10, 12), (11, 14),
            (13, 14)]
RECENT_TIES = [(3, 13, 21), (4, 15, 70)]  # (a, b, days ago)
NAMES = [name for _, name, *_ in PEOPLE]


def today() -> date:
    return utcnow().date()


def add_org(session, people=PEOPLE, old_ties=OLD_TIES, recent_ties=RECENT_TIES, day: date | None = None) -> dict:
    """Insert the organisation with ids offset by the table's state; returns name -> stored id."""
    day = day or today()
    rows = {}
    for key, name, function, region, _, slack_id in people:
        rows[key] = Person(email=f"{name.lower()}@acme.test", name=name, function=function, region=region,
                           level=3, slack_id=slack_id)
        session.add(rows[key])
    session.flush()
    for key, *_, manager, _ in people:
        if manager is not None:
            rows[key].manager_id = rows[manager].id
    ties = [(a, b, 400) for a, b in old_ties] + list(recent_ties)
    for a, b, days_ago in ties:
        low, high = Interaction.ordered(rows[a].id, rows[b].id)
        session.add(Interaction(a_id=low, b_id=high, kind="meeting", occurred_on=day - timedelta(days=days_ago)))
    session.flush()
    return {name: rows[key].id for key, name, *_ in people}


@pytest.fixture
def org(services):
    forget_cached_network()
    with services.uow() as uow:
        ids = add_org(uow.session)
        uow.commit()
    yield ids
    forget_cached_network()


FINANCE = [(16, "Fay", "Finance", "EMEA", None, None), (17, "Fin", "Finance", "EMEA", 16, None),
           (18, "Flo", "Finance", "EMEA", 16, None), (19, "Fox", "Finance", "EMEA", 16, None),
           (20, "Fred", "Finance", "EMEA", 16, None)]


@pytest.fixture
def org_with_finance(services):
    """The organisation plus a Finance team of 5 whose only tie to anyone else is Fay–Rick."""
    forget_cached_network()
    with services.uow() as uow:
        ids = add_org(uow.session, PEOPLE + FINANCE,
                      OLD_TIES + [(16, 17), (17, 18), (18, 19), (19, 20), (16, 4)], RECENT_TIES)
        uow.commit()
    yield ids
    forget_cached_network()
