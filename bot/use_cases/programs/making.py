"""A program's round: its members, its kind of intro and group size, made once per period and released.

The engine pairs (:mod:`matching.rounds`); :mod:`matching.groups_of` turns pairs into the
program's kind of intro: groups of up to six, intros that cross or stay within an
attribute, or seats (a mentor with mentees). Repeat history is shared with every other
program and the company-wide round, and so is the cap on intros a person chose.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

import networkx as nx

from bot.bootstrap import Services
from bot.errors import UsageError
from bot.logs import round_context
from bot.use_cases.programs.admin import find_program
from bot.use_cases.programs.channel import post_round_summary
from bot.use_cases.programs.timing import due_day, program_period, send_time
from bot.use_cases.rounds.delivery import release_round
from bot.use_cases.rounds.engine import Matched, match, organisation_of
from bot.use_cases.rounds.participants import (
    Standing,
    past_intros,
    select_participants,
    standing_on,
    unlucky_last_round,
)
from bot.use_cases.rounds.planning import Computed, seed_for, store_groups
from bot.use_cases.rounds.preview import ask_for_approval
from matching import people as engine
from matching.groups_of import cross_repair, groups_of, partition_by, seat_groups
from matching.people import differ
from matching.roster import Organisation
from matching.rules import pair_key, recent_pairs
from message_templates import render_text
from storage.graph import load_graph
from storage.models import Program, Round, RoundSettings
from storage.models.programs import ACTIVE
from storage.models.rounds import AWAITING_APPROVAL, PLANNED, RELEASED
from storage.queries.intros import members_of_round
from storage.queries.programs import active_programs, current_members, program_round_of_period, seats_of
from storage.queries.rounds import add_round
from storage.roster import load_people
from storage.uow import Session

log = logging.getLogger(__name__)
NO_SEAT_PARTNER = "no_seat_partner"
REPEAT_WEEKS = 26


@dataclass
class DaySnapshot:
    """What every program's round on ``day`` reads about the whole organisation, read once per sweep.

    People and ties, the engine's structure of them (:func:`organisation_of`), intros of the last
    26 weeks (repeats are shared by every program) and everyone's standing (quiet, onboarding,
    latest intro: the weekly cap). Each program's round then costs its members' size, not the
    organisation's; :meth:`released` keeps the standing true as programs release their rounds.
    """

    day: date
    people: Mapping[int, engine.Person]
    graph: nx.Graph
    organisation: Organisation
    intros: tuple[engine.PastIntro, ...]
    standing: Standing

    def released(self, session: Session, round_: Round) -> None:
        """``round_`` was released: its members had their intro today (the weekly cap counts it)."""
        if round_.status in RELEASED:
            self.standing.introduced(members_of_round(session, round_.id), round_.day)


def snapshot_on(session: Session, day: date) -> DaySnapshot:
    """Read the organisation once for the program rounds of ``day``."""
    people, graph = load_people(session, day), load_graph(session)
    return DaySnapshot(day, people, graph, organisation_of(people, graph), past_intros(session, day),
                       standing_on(session, day, weekly_cap=True))


def release_settings(program: Program) -> RoundSettings:
    """The program's hour and follow-up, in the shape :func:`release_round` reads (never stored)."""
    return RoundSettings(local_send_hour=program.local_hour, follow_up_days=program.follow_up_days)


def _prefer_other(people: Mapping[int, engine.Person], ids: list[int], attribute: str
                  ) -> Mapping[int, engine.Person]:
    if attribute not in ("function", "region"):
        return people
    if attribute == "function":
        changed = {pid: replace(people[pid], prefers_other_function=True) for pid in ids}
    else:
        changed = {pid: replace(people[pid], prefers_other_region=True) for pid in ids}
    return {**people, **changed}


def _units(matched: Matched) -> list[tuple[int, ...]]:
    return [g.members for g in sorted(matched.groups, key=lambda g: -g.score)]


def _group_reasons(program: Program, members: tuple[int, ...], people: Mapping[int, engine.Person],
                   seats: Mapping[int, str]) -> tuple[str, ...]:
    def known(attr: str) -> list[str]:
        return sorted({str(getattr(people[m], attr)) for m in members if m in people and getattr(people[m], attr)})

    text = render_text("programs/group_reasons_text", program=program.name, size=len(members),
                       functions=known("function"), regions=known("region"),
                       seats=[seats.get(m, "") for m in members] if program.intro_type == "seats" else [])
    return tuple(line for line in text.splitlines() if line.strip())


def _mixed(program: Program, snapshot: DaySnapshot, ids: list[int], history: engine.History, seed: int
           ) -> tuple[list[tuple[int, ...]], list[engine.LeftOut], dict[tuple[int, ...], tuple[str, ...]]]:
    people, graph, day, organisation = snapshot.people, snapshot.graph, snapshot.day, snapshot.organisation
    if program.intro_type == "within":
        values = {pid: getattr(people[pid], program.attribute) for pid in ids if pid in people}
        units, left, reasons = [], [], {}
        for part in partition_by(ids, values).values():
            matched = match(people, part, graph, history, day, seed=seed, organisation=organisation)
            grouped = groups_of(_units(matched), program.group_size)
            units += grouped
            left += list(matched.left_out)
            reasons.update({g.members: g.reasons for g in matched.groups})
        return units, left, reasons
    engine_people = _prefer_other(people, ids, program.attribute) if program.intro_type == "across" else people
    matched = match(engine_people, ids, graph, history, day, seed=seed, organisation=organisation)
    units = _units(matched)
    if program.intro_type == "across":
        values = {pid: getattr(people[pid], program.attribute) for pid in ids if pid in people}
        pairs = [u for u in units if len(u) == 2]
        units = [*cross_repair([(a, b) for a, b in pairs], values), *(u for u in units if len(u) != 2)]
    return groups_of(units, program.group_size), list(matched.left_out), {g.members: g.reasons
                                                                          for g in matched.groups}


def _seated(program: Program, people: Mapping[int, engine.Person], ids: list[int], seats: Mapping[int, str],
            history: engine.History, day: date) -> tuple[list[tuple[int, ...]], list[engine.LeftOut]]:
    first_seat, other_seat = program.seat_names()
    first = [pid for pid in ids if seats.get(pid) == first_seat]
    others = [pid for pid in ids if seats.get(pid) == other_seat]
    recent = recent_pairs(history, day, REPEAT_WEEKS)

    def score(f: int, o: int) -> float:
        if pair_key(f, o) in recent:
            return float("-inf")
        a, b = people.get(f), people.get(o)
        if a is None or b is None:
            return 0.0
        return (float(differ(a.function, b.function)) + 0.5 * float(differ(a.region, b.region))
                + 0.1 * float(a.level is not None and b.level is not None and a.level > b.level))

    groups, left = seat_groups(first, others, program.group_size, score)
    unseated = [pid for pid in ids if seats.get(pid) not in (first_seat, other_seat)]
    reason = render_text("programs/no_seat_partner_text", seats=[first_seat, other_seat])
    return groups, [engine.LeftOut(pid, NO_SEAT_PARTNER, reason) for pid in [*left, *unseated]]


def compute_program_round(session: Session, program: Program, day: date, seed: int,
                          snapshot: DaySnapshot | None = None) -> Computed:
    """The program's round on ``day`` (nothing stored); ``snapshot`` (of ``day``) may be shared across programs."""
    snapshot = snapshot_on(session, day) if snapshot is None else snapshot
    people = snapshot.people
    members = [p for p in current_members(session, program.id) if p.slack_id]
    ids, aside = select_participants(session, members, day, weekly_cap=True, standing=snapshot.standing)
    history = engine.History(snapshot.intros, unlucky_last_round(session, day, program.id))
    ids = [pid for pid in ids if pid in people]
    seats = seats_of(session, program.id)
    if program.intro_type == "seats":
        units, left = _seated(program, people, ids, seats, history, day)
        engine_reasons: dict[tuple[int, ...], tuple[str, ...]] = {}
    else:
        units, left, engine_reasons = _mixed(program, snapshot, ids, history, seed)
    groups = tuple(
        engine.Group(unit, 0.0, engine_reasons.get(unit) or _group_reasons(program, unit, people, seats))
        for unit in units
    )
    return Computed(day, seed, Matched(groups, tuple(left)), tuple(aside), {p.id: p for p in members})


def plan_program_round(services: Services, session: Session, program: Program, day: date, now: datetime,
                       snapshot: DaySnapshot | None = None) -> Round | None:
    """Make, store and release (or send for approval) the program's round on ``day``; None if it exists."""
    period = program_period(program.id, day)
    if program_round_of_period(session, program.id, period) is not None:
        return None
    seed = seed_for(period.split("/")[0]) + program.id
    round_ = Round(program_id=program.id, period=period, status=PLANNED, seed=seed, day=day,
                   send_at=send_time(program, services.settings.timezone, day), created_at=now)
    if not add_round(session, round_):
        return None
    with round_context(period):
        store_groups(session, round_, compute_program_round(session, program, day, seed, snapshot))
        if program.approval_required:
            round_.status = AWAITING_APPROVAL
            ask_for_approval(services, session, round_)
        else:
            release_round(session, round_, release_settings(program), now)
            post_round_summary(session, program, round_)
        log.info("program %s round %s made (%s, %d intros)", program.name, period, round_.status, len(round_.intros))
    return round_


def program_rounds_sweep(services: Services, now: datetime) -> None:
    """A sweep: every active program whose round is due gets it, once.

    The organisation is read once per day of the rounds due (:class:`DaySnapshot`), and each program's
    round in its own transaction: a program whose round fails leaves the others' made.
    """
    with services.uow() as uow:
        due = [(p.id, d) for p in active_programs(uow.session)
               if (d := due_day(p, services.settings.timezone, now)) is not None
               and program_round_of_period(uow.session, p.id, program_period(p.id, d)) is None]
    snapshots: dict[date, DaySnapshot] = {}
    for program_id, day in due:
        with services.uow() as uow:
            program = uow.session.get(Program, program_id)
            if program is None:
                continue
            if day not in snapshots:
                snapshots[day] = snapshot_on(uow.session, day)
            round_ = plan_program_round(services, uow.session, program, day, now, snapshots[day])
            if round_ is not None:
                uow.commit()
                snapshots[day].released(uow.session, round_)


def run_program_round_now(services: Services, name_or_id: str, now: datetime) -> Round:
    """``cno program run NAME``: the program's round for today, made and released now (once per period)."""
    with services.uow() as uow:
        program = find_program(uow.session, name_or_id)
        if program.status != ACTIVE:
            raise UsageError(f"the program {program.name!r} is {program.status}: `cno program resume` it first")
        day = now.astimezone(services.settings.zone).date()
        round_ = plan_program_round(services, uow.session, program, day, now)
        if round_ is None:
            period = program_period(program.id, day)
            raise UsageError(f"the program {program.name!r} already has its round for {period}")
        uow.commit()
        return round_
