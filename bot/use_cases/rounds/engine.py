"""The one place the rounds call the matching engine (``matching.rounds.make_round``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from matching.people import Group, History, LeftOut, Person
from matching.rounds import make_round


@dataclass(frozen=True)
class Matched:
    """The engine's answer: groups with score and reasons, and who is left out and why."""

    groups: tuple[Group, ...]
    left_out: tuple[LeftOut, ...]


def match(
    people: Mapping[int, Person],
    participants: Iterable[int],
    graph: nx.Graph,
    history: History,
    on: date,
    seed: int = 0,
) -> Matched:
    """Make the round's groups with the matching engine."""
    result = make_round(people, participants, graph, history, on, seed=seed)
    return Matched(tuple(result.groups), tuple(result.left_out))
