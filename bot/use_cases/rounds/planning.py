"""Computing a round with the engine and storing its groups: shared by making a round and re-running it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.use_cases.rounds.engine import Matched, match
from bot.use_cases.rounds.participants import SetAside, load_history, select_participants
from bot.use_cases.rounds.quiet import pause_quiet_participants
from storage.bulk_memory import cycle_collection_paused
from storage.graph import load_graph
from storage.models import Person, Round
from storage.models.rounds import PLANNED
from storage.queries.intros import NewIntro, replace_round_intros
from storage.queries.people import active_people
from storage.queries.programs import any_programs
from storage.queries.rounds import add_round, round_of_period
from storage.roster import engine_people
from storage.uow import Session


@dataclass(frozen=True)
class Computed:
    """A round as the engine made it, before it is stored."""

    day: date
    seed: int
    matched: Matched
    aside: tuple[SetAside, ...]
    people: dict[int, Person]

    def left_out(self) -> list[tuple[int, str, str]]:
        rows = [(x.person_id, x.code, x.reason) for x in self.matched.left_out]
        rows += [(x.person_id, x.code, x.reason) for x in self.aside]
        return sorted(rows)


def compute_round(session: Session, day: date, seed: int = 0) -> Computed:
    """Ask the engine for a round on ``day`` (nothing is stored)."""
    with cycle_collection_paused():  # 100,000 people and 2,000,000 ties read, a round made: no garbage cycles
        everyone = active_people(session)  # read once: the engine's organisation, and the candidates among it
        rows = [p for p in everyone if p.slack_id is not None]
        participants, aside = select_participants(session, rows, day, weekly_cap=any_programs(session))
        matched = match(engine_people(everyone, day), participants, load_graph(session), load_history(session, day),
                        day, seed=seed)
        return Computed(day, seed, matched, tuple(aside), {p.id: p for p in rows})


def store_groups(session: Session, round_: Round, computed: Computed) -> None:
    """Replace the round's intros and left-out records with ``computed``'s (in bulk: see storage.queries.intros)."""
    groups = [NewIntro(float(g.score), tuple(g.reasons), tuple(g.members)) for g in computed.matched.groups]
    replace_round_intros(session, round_.id, groups, computed.left_out())
    session.expire(round_, ["intros", "left_out"])
    round_.seed = computed.seed
    session.flush()


def plan_round(session: Session, *, period: str, day: date, send_at: datetime, seed: int, now: datetime,
               quiet_threshold: int = 3) -> Round | None:
    """Make and store the round for ``period``; None if the period already has one.

    The caller commits; on None it must roll back (another process may have won the period).
    """
    planned = plan_round_for_release(session, period=period, day=day, send_at=send_at, seed=seed, now=now,
                                     quiet_threshold=quiet_threshold)
    return None if planned is None else planned.round


@dataclass(frozen=True)
class Planned:
    """A round just stored, and the people the engine considered (its release needs them: no second read)."""

    round: Round
    people: dict[int, Person]


def plan_round_for_release(session: Session, *, period: str, day: date, send_at: datetime, seed: int,
                           now: datetime, quiet_threshold: int = 3) -> Planned | None:
    """:func:`plan_round`, keeping the people it read for :func:`bot.use_cases.rounds.delivery.release_round`."""
    if round_of_period(session, period) is not None:
        return None
    round_ = Round(period=period, status=PLANNED, seed=seed, day=day, send_at=send_at, created_at=now)
    if not add_round(session, round_):
        return None
    pause_quiet_participants(session, now, quiet_threshold)
    computed = compute_round(session, day, seed)
    store_groups(session, round_, computed)
    return Planned(round_, computed.people)


def seed_for(period: str) -> int:
    """A stable default seed per period, so two periods don't shuffle people the same way."""
    year, week = period.split("-W")
    return int(year) * 100 + int(week)
