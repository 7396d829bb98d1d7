"""``/networking find <topic or organisation>``: who can help the asker, and the warmest way to reach them.

The search runs over the cached index (:mod:`bot.use_cases.find.index`); then every
person the answer would show (helpers and the people on their paths) is read again as
they are now. If someone on a path can no longer be passed through, the index was
stale: it is rebuilt and the search runs once more; a helper who still fails the
check is left out. So a person who opted out never appears, not even as a step.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.bootstrap import Services
from bot.errors import UsageError
from bot.names import display_name
from bot.use_cases.find.index import SearchIndex, current_index
from matching.finding import ORGANISATION, Fact, Helper, find_helpers
from message_templates import render_text
from storage.models import Person
from storage.models.people import preference
from storage.queries.find import can_be_found, can_be_found_external
from storage.queries.people import active_people_by_email, people_by_id, person_by_slack_id
from storage.uow import Session

MAX_QUERY = 100
SHOWN = 5
#: How many helpers a click is checked against (the answer shows the first SHOWN).
CHECKED = 50


@dataclass(frozen=True)
class Reason:
    """One thing that makes a helper relevant, as data for the templates."""

    kind: str
    term: str
    detail: str = ""
    days_ago: int | None = None


@dataclass(frozen=True)
class Found:
    """One helper as the asker sees them.

    ``via``: names of the people between the asker and the helper (empty: the asker
    knows them, or nobody does); ``days_ago``: days since the last contact of each tie
    on the path. ``ask``: ``"intro"`` (ask ``via[0]``) or ``"direct"``; ``value`` the button's payload.
    """

    helper_id: int
    name: str
    title: str
    function: str
    region: str
    reasons: list[Reason]
    steps: int
    via: list[str]
    days_ago: list[int]
    ask: str
    ask_name: str
    value: str


@dataclass(frozen=True)
class FindAnswer:
    query: str
    found: list[Found] = field(default_factory=list)


@dataclass(frozen=True)
class Card:
    """A person as messages show them (read inside the transaction, usable after it)."""

    id: int
    slack_id: str
    name: str
    title: str
    function: str
    region: str

    @staticmethod
    def of(person: Person) -> Card:
        return Card(person.id, person.slack_id or "", display_name(person), person.title, person.function,
                    person.region)


@dataclass(frozen=True)
class Checked:
    """A helper whose every shown person passed the check, with the people on the path (asker first)."""

    helper: Helper
    path: list[Card]
    reasons: list[Reason]
    days_ago: list[int]


def check_query(words: str) -> str:
    query = " ".join(words.split())
    if not query:
        raise UsageError(render_text("find/usage", too_long=0, limit=MAX_QUERY))
    if len(query) > MAX_QUERY:
        raise UsageError(render_text("find/usage", too_long=len(query), limit=MAX_QUERY))
    return query


def find(services: Services, slack_id: str, words: str, now: datetime) -> FindAnswer:
    """The people who can help ``slack_id`` with ``words``, warmest first, checked as they are now."""
    query = check_query(words)
    today = now.astimezone(services.settings.zone).date()
    checked = search_checked(services, slack_id, query, today, SHOWN)
    return FindAnswer(query, [_found(c, query, today) for c in checked])


def search_checked(services: Services, slack_id: str, query: str, today: date, limit: int) -> list[Checked]:
    """The search, with every person shown checked again as they are now (see the module's docstring)."""
    for attempt in range(2):
        index = current_index(services, today, rebuild=attempt == 1)
        with services.uow() as uow:
            asker = person_by_slack_id(uow.session, slack_id)
            if asker is None or not asker.active:
                raise UsageError(render_text("find/not_known"))
            position = index.position(asker.id)
            helpers = [] if position is None else find_helpers(
                index.ties, index.people, position, query, limit=limit, exclude=_not_with(uow.session, asker, index),
            )
            checked, stale = _check(uow.session, index, asker, helpers)
        if not stale:
            return checked
    return checked


def _not_with(session: Session, asker: Person, index: SearchIndex) -> dict[int, None]:
    """Positions of the people the asker asked never to be matched with."""
    emails = {e.lower() for e in preference(asker, "do_not_match") or ()}
    if not emails:
        return {}
    found = active_people_by_email(session, emails)
    return {p: None for p in (index.position(person.id) for person in found) if p is not None}


def _check(session: Session, index: SearchIndex, asker: Person, helpers: list[Helper]) -> tuple[list[Checked], bool]:
    ids = {index.person_id(p) for h in helpers for p in (h.path.nodes if h.path else (h.position,))}
    people = people_by_id(session, ids)
    checked, stale = [], False
    for helper in helpers:
        path = [people.get(index.person_id(p)) for p in (helper.path.nodes[1:] if helper.path else (helper.position,))]
        if any(p is None for p in path):
            stale = True
            continue
        steps = [p for p in path[:-1] if p is not None]
        target = path[-1]
        assert target is not None
        if not all(can_be_found(p) for p in steps):
            stale = True
            continue
        if asker.email.lower() in {e.lower() for e in preference(target, "do_not_match") or ()}:
            continue
        facts = [f for f in helper.facts
                 if (can_be_found_external(target) if f.kind == ORGANISATION else can_be_found(target))]
        if not facts:
            continue
        reasons = [_reason(f, index.day) for f in facts[:3]]
        cards = [Card.of(p) for p in (asker, *steps, target)]
        checked.append(Checked(helper, cards, reasons, _days_ago(index, helper)))
    return checked, stale


def _days_ago(index: SearchIndex, helper: Helper) -> list[int]:
    """Days since the last contact of each tie on the helper's path."""
    if helper.path is None:
        return []
    days = []
    for u, v in itertools.pairwise(helper.path.nodes):
        at = index.ties.tie(u, v)
        days.append(index.day.toordinal() - int(index.ties.last[at]) if at is not None else 0)
    return days


def _reason(fact: Fact, today: date) -> Reason:
    days = today.toordinal() - fact.last_contact if fact.last_contact else None
    return Reason(fact.kind, fact.term, fact.detail, days)


def _found(checked: Checked, query: str, today: date) -> Found:
    helper, path = checked.helper, checked.path
    target = path[-1]
    steps = helper.path.steps if helper.path else 0
    via = path[1:-1]
    ask = "intro" if via else "direct"
    payload: dict[str, Any] = {"h": target.id, "q": query}
    if via:
        payload.update(v=via[0].id, t=path[2].id)
    return Found(
        helper_id=target.id, name=target.name, title=target.title, function=target.function,
        region=target.region, reasons=checked.reasons, steps=steps, via=[p.name for p in via],
        days_ago=checked.days_ago, ask=ask, ask_name=(via[0] if via else target).name,
        value=json.dumps(payload, separators=(",", ":")),
    )
