"""The one place the rounds call the matching engine (``matching.rounds.make_round``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx

from matching.people import Group, History, LeftOut, Person
from matching.roster import Organisation, describe_organisation
from matching.rounds import RoundConfig, make_round


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
    organisation: Organisation | None = None,
) -> Matched:
    """Make the round's groups with the matching engine (``organisation``: see :func:`organisation_of`)."""
    result = make_round(people, participants, graph, history, on, seed=seed, organisation=organisation)
    return Matched(tuple(result.groups), tuple(result.left_out))


def organisation_of(people: Mapping[int, Person], graph: nx.Graph) -> Organisation:
    """The organisation's structure (graph as a matrix, silos, hubs, reach) that several rounds over parts of
    ``people`` share, so each program's round costs its members' size, not the organisation's."""
    return describe_organisation(people, graph, RoundConfig().hub_share)
