"""A person's view of their intros: whether they take part, the next round, recent intros, their reach."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import networkx as nx
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.bootstrap import Services
from bot.local_time import zone_of
from bot.names import display_name
from bot.use_cases.people.controls import person_by_slack, today_for
from bot.use_cases.rounds.quiet import is_quiet_paused
from bot.use_cases.rounds.settings import load_round_settings, schedule_of
from message_templates import mrkdwn
from storage.models import Interaction, Intro, IntroMember, Person, Round
from storage.models.rounds import MET, NOT_MET, RELEASED
from storage.roster import to_engine_person

RECENT = 5


@dataclass(frozen=True)
class RecentIntro:
    period: str
    day: date
    others: tuple[str, ...]
    answer: str | None

    @property
    def outcome(self) -> str:
        return {MET: "✅ met", NOT_MET: "❌ didn't meet"}.get(self.answer or "", "no answer yet")

    @property
    def line(self) -> str:
        return f"• {self.period}: {', '.join(self.others) or 'someone who has left'} — {self.outcome}"


@dataclass(frozen=True)
class MyIntros:
    name: str
    taking_part: bool
    status: str
    next_round: str
    recent: tuple[RecentIntro, ...] = field(default=())
    first_degree: int = 0
    second_degree: int = 0
    paused: bool = False
    opted_in: bool = True

    def network_words(self, bold: bool = False) -> str:
        """"ties with 1 person, who connects you to 3 more", numbers in bold for the App Home."""
        first, second = (f"*{n}*" if bold else str(n) for n in (self.first_degree, self.second_degree))
        if self.first_degree == 1:
            return f"ties with {first} person, who connects you to {second} more"
        return f"ties with {first} people, who connect you to {second} more"


def participation(session: Session, person: Person, now: datetime) -> tuple[bool, str]:
    """Whether the person takes part in the next round, and that status in plain words."""
    if not person.opted_in:
        return False, "You have opted out of intros. `/networking opt-in` to join again."
    if is_quiet_paused(session, person.id):
        return False, ("Your intros are paused after several rounds without an answer. "
                       "`/networking resume` to come back.")
    if person.paused_until is not None and person.paused_until > today_for(person, now):
        return False, (f"Your intros are paused until {person.paused_until.isoformat()}. "
                       "`/networking resume` to come back sooner.")
    return True, "You're in: you'll be matched in the next round."


def my_participation(services: Services, slack_id: str, now: datetime) -> tuple[bool, str]:
    """:func:`participation` for the person with ``slack_id`` (an answer after they changed a control)."""
    with services.uow() as uow:
        return participation(uow.session, person_by_slack(uow.session, slack_id), now)


def recent_intros(session: Session, person_id: int, limit: int = RECENT) -> list[RecentIntro]:
    mine = session.execute(
        select(Intro.id, Round.period, Round.day, IntroMember.answer)
        .join(Round, Round.id == Intro.round_id).join(IntroMember, IntroMember.intro_id == Intro.id)
        .where(IntroMember.person_id == person_id, Round.status.in_(RELEASED))
        .order_by(Round.day.desc()).limit(limit)
    ).all()
    result = []
    for intro_id, period, day, answer in mine:
        others = session.scalars(
            select(Person).join(IntroMember, IntroMember.person_id == Person.id)
            .where(IntroMember.intro_id == intro_id, Person.id != person_id)
        ).all()
        names = tuple(f"{display_name(p)} ({p.function}, {p.region})" for p in others)
        result.append(RecentIntro(period, day, names, answer))
    return result


def my_reach(session: Session, person: Person, on: date) -> tuple[int, int]:
    """First- and second-degree contacts, from the person's two-step neighbourhood of the tie graph."""
    from matching.reach import team_reach

    def neighbours(ids: set[int]) -> list[tuple[int, int]]:
        return [(a, b) for a, b in session.execute(select(Interaction.a_id, Interaction.b_id).where(
            or_(Interaction.a_id.in_(ids), Interaction.b_id.in_(ids))))]

    first_edges = neighbours({person.id})
    first = {x for edge in first_edges for x in edge} - {person.id}
    edges = first_edges + (neighbours(first) if first else [])
    graph = nx.Graph(edges)
    graph.add_node(person.id)
    ids = set(graph.nodes)
    people = {p.id: to_engine_person(p, on) for p in session.scalars(
        select(Person).where(Person.id.in_(ids), Person.active.is_(True)))}
    reach = team_reach(graph, [person.id], people)
    return reach.first_degree, reach.second_degree


def next_round_words(services: Services, session: Session, person: Person, now: datetime) -> str:
    row = load_round_settings(session)
    schedule = schedule_of(row, services.settings.timezone)
    send_at = schedule.next_round_at(now)
    day = send_at.astimezone(schedule.zone).date()
    local = zone_of(person.timezone)
    return (f"{day.strftime('%A %d %B')} ({schedule.describe()}); intros arrive around "
            f"{row.local_send_hour:02d}:00 your time ({local.key}).")


def my_intros(services: Services, slack_id: str, now: datetime) -> MyIntros:
    with services.uow() as uow:
        session = uow.session
        person = person_by_slack(session, slack_id)
        taking_part, status = participation(session, person, now)
        first, second = my_reach(session, person, today_for(person, now))
        return MyIntros(
            name=display_name(person), taking_part=taking_part, status=status,
            next_round=next_round_words(services, session, person, now),
            recent=tuple(recent_intros(session, person.id)), first_degree=first, second_degree=second,
            paused=not taking_part and person.opted_in, opted_in=person.opted_in,
        )


def status_text(mine: MyIntros) -> str:
    """`/networking status` as one ephemeral message."""
    lines = [f"*{mine.status}*", f"Next round: {mine.next_round}"]
    if mine.recent:
        lines.append("Recent intros:")
        lines += [mrkdwn(r.line) for r in mine.recent]
    else:
        lines.append("No intros yet.")
    lines.append(f"Your network: {mine.network_words()}.")
    return "\n".join(lines)
