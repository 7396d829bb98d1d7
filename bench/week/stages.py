"""The week's stages, each through the app's own use cases (every call into the app is here)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import func, select

from bot.bootstrap import Services
from bot.network import current_network
from bot.use_cases.events.audience import Audience
from bot.use_cases.events.inviting import queue_due_invitations
from bot.use_cases.events.rsvp import answer as rsvp_answer
from bot.use_cases.events.schedule import EventDraft, create_event
from bot.use_cases.lifecycle.slack_sync import SyncReport, sync_slack
from bot.use_cases.reports.cno_report import send_org_report
from bot.use_cases.reports.snapshots import weekly_snapshot
from bot.use_cases.reports.team_reach import team_report
from bot.use_cases.rounds.follow_ups import ask_in_slices, mark_sent_rounds, record_answer
from bot.use_cases.rounds.making import run_round_now
from storage.models import Intro, IntroMember, Invitation, OutboxMessage, Person, Round
from storage.models.rounds import MET, RELEASED

T = TypeVar("T")


def slack_sync(services: Services, today: date, sleep: Callable[[float], None]) -> SyncReport:
    return sync_slack(services, today=today, sleep=sleep)


@dataclass(frozen=True)
class Released:
    period: str
    intros: int
    queued: int


def round_made_and_released(services: Services, now: datetime, week: str) -> Released:
    round_ = run_round_now(services, now, week=week)
    with services.uow() as uow:
        intros = uow.session.scalar(select(func.count(Intro.id)).where(Intro.round_id == round_.id)) or 0
        queued = uow.session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.key.like("intro:%")))
    return Released(round_.period, intros, queued or 0)


def follow_ups_due(services: Services, now: datetime) -> int:
    with services.uow() as uow:
        return uow.session.scalar(
            select(func.count(Intro.id)).join(Round, Round.id == Intro.round_id)
            .where(Round.status.in_(RELEASED), Intro.followed_up_at.is_(None), Intro.follow_up_at <= now)) or 0


def follow_ups(services: Services, now: datetime) -> list[float]:
    """The follow-up sweep, one slice per call (no time budget) until no intro is due; each slice's time."""
    slices: list[float] = []
    left = follow_ups_due(services, now)
    while left:
        start = time.perf_counter()
        ask_in_slices(services, now, budget=0)
        slices.append(time.perf_counter() - start)
        now_left = follow_ups_due(services, now)
        if now_left >= left:
            break  # nothing more can be asked now
        left = now_left
    mark_sent_rounds(services, now)
    return slices


def clicks(call: Callable[[T], Any], items: Sequence[T], threads: int) -> list[float]:
    """``call`` on every item from ``threads`` concurrent workers, as people click; each call's time."""
    def one(item: T) -> float:
        start = time.perf_counter()
        call(item)
        return time.perf_counter() - start

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, items))


def met_answerers(services: Services) -> list[tuple[int, str]]:
    """One member (intro member id, Slack id) of every other intro: half the groups say they met."""
    with services.uow() as uow:
        rows = uow.session.execute(
            select(IntroMember.intro_id, IntroMember.id, Person.slack_id)
            .join(Person, Person.id == IntroMember.person_id)
            .order_by(IntroMember.intro_id, IntroMember.id)).all()
    firsts: dict[int, tuple[int, str]] = {}
    for intro_id, member_id, slack_id in rows:
        if slack_id and intro_id not in firsts:
            firsts[intro_id] = (member_id, slack_id)
    return [firsts[i] for i in sorted(firsts)[::2]]


def answer_met(services: Services, now: datetime) -> Callable[[tuple[int, str]], Any]:
    return lambda who: record_answer(services, str(who[0]), who[1], MET, now)


def event_for_everyone(services: Services, cno: str, now: datetime) -> tuple[int, int, float, float]:
    """The CNO submits an event for everyone; the sweep queues its invitations.

    Returns the event's id, the invitations queued, and the seconds the submission and the queueing took.
    """
    draft = EventDraft(title="Winter mixer", description="Meet people from every team.",
                       starts_at=now + timedelta(days=5), timezone="Europe/London", duration_minutes=90,
                       place="Every office, and online", capacity=None, audience=Audience())
    start = time.perf_counter()
    broadcast = create_event(services, draft, cno, now)
    submitted = time.perf_counter() - start
    queued = queue_due_invitations(services, now, budget=None)  # every tick's passes back to back
    return broadcast.event_id, queued, submitted, time.perf_counter() - start - submitted


def rsvp_people(services: Services, event_id: int, share: int) -> list[tuple[str, str]]:
    """(Slack id, choice) for one invited person in ``share``: going, maybe and can't come in turn."""
    with services.uow() as uow:
        ids = uow.session.scalars(select(Person.slack_id).join(Invitation, Invitation.person_id == Person.id)
                                  .where(Invitation.event_id == event_id).order_by(Person.id)).all()
    choices = ("going", "maybe", "declined")
    return [(s, choices[k % 3]) for k, s in enumerate(ids[::share]) if s]


def answer_rsvp(services: Services, event_id: int, now: datetime) -> Callable[[tuple[str, str]], Any]:
    return lambda who: rsvp_answer(services, event_id, who[0], who[1], now)


def network_cache(services: Services, today: date) -> tuple[int, int]:
    with services.uow() as uow:
        network = current_network(uow.session, today)
        return network.graph.number_of_nodes(), network.graph.number_of_edges()


def managers(services: Services) -> list[int]:
    with services.uow() as uow:
        return sorted(uow.session.scalars(select(Person.manager_id).where(Person.manager_id.is_not(None)).distinct()))


def team_reach_of(services: Services, today: date) -> Callable[[int], Any]:
    def one(manager_id: int) -> None:
        with services.uow() as uow:
            manager = uow.session.get(Person, manager_id)
            assert manager is not None
            team_report(uow.session, manager, today, False)
            uow.commit()

    return one


def snapshot(services: Services, now: datetime) -> None:
    weekly_snapshot(services, now)


def cno_report(services: Services, cno: str, now: datetime) -> int:
    return len(send_org_report(services, cno, "bench-week", now).sections)
