"""Who an event is for: the CNO's filter, the people it holds, and the choices the modal offers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from bot.network import network_derived
from matching.reach import lowest_reach, second_degree_reach_all
from message_templates import OPTION_VALUE_MAX, option_value
from storage.graph import load_graph
from storage.models import Person
from storage.queries.events import active_values, invitable_ids, invitable_people
from storage.uow import Session

LOWEST_REACH_SHARE = 0.25
DIMENSIONS = ("functions", "regions", "levels", "teams")


@dataclass(frozen=True)
class Audience:
    """An event's audience: empty lists mean anyone; filters of different kinds all apply.

    ``lowest_reach`` keeps only people in the organisation's bottom quarter by
    second-degree reach (the people who need the event most).
    """

    functions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    teams: tuple[str, ...] = ()
    lowest_reach: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "functions": list(self.functions),
            "regions": list(self.regions),
            "levels": list(self.levels),
            "teams": list(self.teams),
            "lowest_reach": self.lowest_reach,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any] | None) -> Audience:
        doc = doc or {}
        return cls(
            functions=tuple(doc.get("functions") or ()),
            regions=tuple(doc.get("regions") or ()),
            levels=tuple(int(v) for v in doc.get("levels") or ()),
            teams=tuple(doc.get("teams") or ()),
            lowest_reach=bool(doc.get("lowest_reach")),
        )

    @property
    def is_everyone(self) -> bool:
        return not (self.functions or self.regions or self.levels or self.teams or self.lowest_reach)


def with_full_values(session: Session, audience: Audience) -> Audience:
    """``audience`` with the values the modal had to cut to fit an option (over 150 characters) made whole again."""
    def whole(chosen: tuple[str, ...], attribute: str) -> tuple[str, ...]:
        if not any(len(v) == OPTION_VALUE_MAX for v in chosen):
            return chosen
        known = {option_value(v): v for v in active_values(session, attribute)}
        return tuple(known.get(v, v) for v in chosen)

    return replace(audience, functions=whole(audience.functions, "function"),
                   regions=whole(audience.regions, "region"), teams=whole(audience.teams, "team"))


def audience_people(session: Session, audience: Audience, on: date) -> list[Person]:
    """Everyone the audience holds, by id."""
    audience = with_full_values(session, audience)
    people = invitable_people(session, audience.functions, audience.regions, audience.levels, audience.teams)
    if audience.lowest_reach:
        lowest = lowest_reach_ids(session, on)
        people = [p for p in people if p.id in lowest]
    return people


def audience_ids(session: Session, audience: Audience, on: date) -> list[int]:
    """The ids of everyone the audience holds, in order (no Person objects: cheap for 100,000 people)."""
    audience = with_full_values(session, audience)
    ids = invitable_ids(session, audience.functions, audience.regions, audience.levels, audience.teams)
    if audience.lowest_reach:
        lowest = lowest_reach_ids(session, on)
        ids = [i for i in ids if i in lowest]
    return ids


def lowest_reach_ids(session: Session, on: date) -> frozenset[int]:
    """The bottom quarter of the active organisation by second-degree reach on ``on``.

    Computed once per version of the network (see :func:`bot.network.network_derived`):
    the modal's live count and the invitations' sweep ask for it again and again.
    """
    def compute() -> frozenset[int]:
        graph = load_graph(session, as_of=on)
        reach = second_degree_reach_all(graph, as_of=on)
        return frozenset(lowest_reach(graph.nodes, reach, share=LOWEST_REACH_SHARE))

    return network_derived(session, on, "events:lowest_reach", compute)


@dataclass(frozen=True)
class Choices:
    """The values the modal's multi-selects offer, from the people in the database."""

    functions: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    levels: list[int] = field(default_factory=list)
    teams: list[str] = field(default_factory=list)


def audience_choices(session: Session) -> Choices:
    """The values the audience filters offer: those of the active people."""
    return Choices(
        functions=active_values(session, "function"),
        regions=active_values(session, "region"),
        levels=active_values(session, "level"),
        teams=active_values(session, "team"),
    )


def audience_size(session: Session, audience: Audience, on: date) -> int:
    """How many people would get the invitation."""
    return len(audience_ids(session, audience, on))
