"""The demo's dry-run round: what the engine would do this week, and the intro messages it would send."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from bot.bootstrap import Services
from bot.use_cases.rounds.delivery import intro_message
from bot.use_cases.rounds.planning import Computed, compute_round
from matching.people import Person
from matching.silos import cross_share
from storage.roster import load_people


@dataclass(frozen=True)
class SampleIntro:
    """One intro of the round: who is in the group DM and its Block Kit blocks."""

    names: list[str]
    blocks: list[dict[str, Any]]


@dataclass(frozen=True)
class DemoRound:
    """A dry-run round: how many intros for how many people, how far across silos, who was left out and why."""

    day: date
    seed: int
    intros: int
    participants: int
    across_functions: float
    across_regions: float
    left_out: list[tuple[str, int]]  # (reason code, how many), most common first
    samples: list[SampleIntro]


def demo_round(services: Services, today: date, seed: int, show: int) -> DemoRound:
    """A dry-run round over everyone in the database: its figures and its first ``show`` intro messages."""
    with services.uow() as uow:
        computed = compute_round(uow.session, today, seed)
        engine_people = load_people(uow.session, today)
        return _describe(computed, engine_people, today, seed, show)


def _describe(computed: Computed, engine_people: dict[int, Person], today: date, seed: int, show: int) -> DemoRound:
    groups = computed.matched.groups
    across_functions, across_regions = cross_share((g.members for g in groups), engine_people)
    samples = []
    for group in groups[:show]:
        members = [computed.people[pid] for pid in group.members]
        _, blocks = intro_message(SimpleNamespace(reasons=group.reasons), members, follow_up_days=4)  # type: ignore[arg-type]
        samples.append(SampleIntro([m.name for m in members], blocks))
    return DemoRound(
        day=today,
        seed=seed,
        intros=len(groups),
        participants=sum(len(g.members) for g in groups),
        across_functions=across_functions,
        across_regions=across_regions,
        left_out=Counter(code for _, code, _ in computed.left_out()).most_common(),
        samples=samples,
    )
