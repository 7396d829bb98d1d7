"""Who an event is for: the CNO's filter, the people it holds, and the choices the modal offers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from bot.network import network_derived
from matching.reach import lowest_reach, second_degree_reach_all
from message_templates import fit
from storage.graph import load_graph
from storage.models import Person

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

    def describe(self, most: int | None = None, longest: int | None = None) -> str:
        """The audience in plain words, e.g. "Sales or IT · EMEA · lowest reach".

        ``most``: name at most this many values a filter, then "or 37 more teams";
        ``longest``: cut each value to this many characters.
        """
        def some(values: list[str], noun: str) -> str:
            shown = [fit(v, longest) if longest else v for v in values[:most]]
            rest = len(values) - len(shown)
            return " or ".join(shown) + (f" or {rest} more {noun}" if rest else "")

        parts = [some(list(self.functions), "functions"), some(list(self.regions), "regions"),
                 some([f"level {v}" for v in self.levels], "levels"), some(list(self.teams), "teams")]
        words = [p for p in parts if p]
        if self.lowest_reach:
            words.append("people with the lowest reach")
        return " · ".join(words) or "everyone"


def _reachable() -> Select[tuple[Person]]:
    """People an invitation can reach: active, on Slack, and not opted out of networking."""
    return select(Person).where(Person.active.is_(True), Person.slack_id.is_not(None), Person.opted_in.is_(True))


def _filtered(query: Select[Any], audience: Audience) -> Select[Any]:
    if audience.functions:
        query = query.where(Person.function.in_(audience.functions))
    if audience.regions:
        query = query.where(Person.region.in_(audience.regions))
    if audience.levels:
        query = query.where(Person.level.in_(audience.levels))
    if audience.teams:
        query = query.where(Person.team.in_(audience.teams))
    return query.order_by(Person.id)


def audience_people(session: Session, audience: Audience, on: date) -> list[Person]:
    """Everyone the audience holds, by id."""
    people = list(session.scalars(_filtered(_reachable(), audience)))
    if audience.lowest_reach:
        lowest = lowest_reach_ids(session, on)
        people = [p for p in people if p.id in lowest]
    return people


def audience_ids(session: Session, audience: Audience, on: date) -> list[int]:
    """The ids of everyone the audience holds, in order (no Person objects: cheap for 100,000 people)."""
    reachable = _reachable().with_only_columns(Person.id)
    ids = list(session.scalars(_filtered(reachable, audience)))
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
    def distinct(column: Any) -> list[Any]:
        rows = session.scalars(select(column).where(Person.active.is_(True)).distinct())
        return sorted(v for v in rows if v not in (None, ""))

    return Choices(
        functions=distinct(Person.function),
        regions=distinct(Person.region),
        levels=distinct(Person.level),
        teams=distinct(Person.team),
    )


def audience_size(session: Session, audience: Audience, on: date) -> int:
    """How many people would get the invitation."""
    return len(audience_ids(session, audience, on))
