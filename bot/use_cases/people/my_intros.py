"""A person's view of their intros: whether they take part, the next round, recent intros, their reach.

Words: ``message_templates/people/status_text.j2`` (``/networking status``) and ``rounds/home.j2`` (App Home).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.bootstrap import Services
from bot.names import display_name
from bot.network import current_network
from bot.use_cases.people.participation import (
    Member,
    NextRound,
    Participation,
    member,
    next_round,
    participation,
    person_by_slack,
)
from bot.use_cases.programs.timing import next_program_day
from matching.reach import team_reach
from storage.models import Person
from storage.models.programs import ACTIVE
from storage.queries.people import others_in_intros
from storage.queries.programs import programs_of_member
from storage.queries.rounds import recent_intros_of
from storage.uow import Session

RECENT = 5


@dataclass(frozen=True)
class RecentIntro:
    period: str
    day: date
    others: tuple[Member, ...]
    answer: str | None
    program: str = ""  # "" for the company-wide round


@dataclass(frozen=True)
class MyProgram:
    """A program the person is in, and when its next round is (None while it is paused)."""

    name: str
    channel_id: str
    next_day: date | None
    local_hour: int


@dataclass(frozen=True)
class MyIntros:
    name: str
    participation: Participation
    next_round: NextRound
    recent: tuple[RecentIntro, ...] = field(default=())
    first_degree: int = 0
    second_degree: int = 0
    opted_in: bool = True
    programs: tuple[MyProgram, ...] = ()

    @property
    def taking_part(self) -> bool:
        return self.participation.taking_part

    @property
    def paused(self) -> bool:
        return not self.taking_part and self.opted_in


def recent_intros(session: Session, person_id: int, limit: int = RECENT) -> list[RecentIntro]:
    rows = recent_intros_of(session, person_id, limit)
    others = others_in_intros(session, [intro_id for intro_id, *_ in rows], person_id)
    return [RecentIntro(period, day, tuple(member(p) for p in others.get(intro_id, ())), answer, program)
            for intro_id, period, day, answer, program in rows]


def my_programs(services: Services, session: Session, person: Person, now: datetime) -> tuple[MyProgram, ...]:
    """The programs the person is in, with each one's next round day."""
    return tuple(MyProgram(p.name, p.channel_id,
                           next_program_day(p, services.settings.timezone, now) if p.status == ACTIVE else None,
                           p.local_hour)
                 for p in programs_of_member(session, person.id))


def my_reach(session: Session, person: Person, on: date) -> tuple[int, int]:
    """First- and second-degree contacts: the person's two steps through the in-memory tie graph.

    ``on`` is the organisation's day (the CNO's time zone), as for team reach: one network
    per replica, shared by every request, kept fresh by :func:`bot.network.current_network`.
    """
    network = current_network(session, on)
    reach = team_reach(network.graph, [person.id], network.people)
    return reach.first_degree, reach.second_degree


def my_intros(services: Services, slack_id: str, now: datetime) -> MyIntros:
    """``/networking status`` and the App Home: the person's state, next round, recent intros and reach."""
    with services.uow() as uow:
        return intros_of(services, uow.session, person_by_slack(uow.session, slack_id), now)


def intros_of(services: Services, session: Session, person: Person, now: datetime) -> MyIntros:
    """:func:`my_intros` for a person already read in ``session``."""
    first, second = my_reach(session, person, now.astimezone(services.settings.zone).date())
    return MyIntros(
        name=display_name(person), participation=participation(session, person, now),
        next_round=next_round(services, session, person, now),
        recent=tuple(recent_intros(session, person.id)), first_degree=first, second_degree=second,
        opted_in=person.opted_in, programs=my_programs(services, session, person, now),
    )
