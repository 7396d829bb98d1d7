"""Who to ask next for a mentor or sponsor request: the matching engine behind one function."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from bot.network import current_network
from matching.mentors import Candidate, rank_mentors, rank_sponsors
from storage.models import MentoringRequest, Person
from storage.models.mentoring import MENTOR
from storage.queries.mentoring import current_load
from storage.queries.people import ids_without_slack_id
from storage.roster import to_engine_person
from storage.uow import Session


def has_room(session: Session, person_id: int, kind: str, on: date) -> bool:
    """Whether the person still has a free place for a ``kind`` request (capacity from their preferences)."""
    person = session.get(Person, person_id)
    if person is None or not person.active:
        return False
    plain = to_engine_person(person, on)
    capacity = plain.mentor_capacity if kind == MENTOR else plain.sponsor_capacity
    load = current_load(session, kind, person_id)
    return load.get(person_id, 0) < capacity


def best_candidate(session: Session, request: MentoringRequest, exclude: Collection[int], on: date) -> Candidate | None:
    """The best person to ask for ``request`` now, or None when nobody fits.

    Beyond the engine's rules (never the requester's management chain, never over
    capacity, sponsors two levels senior): never someone in ``exclude`` (already asked),
    never someone Slack cannot reach, and only people in the requester's region when
    the requester wants to meet in person.
    """
    network = current_network(session, on)  # kept in memory between requests; reloaded when the org changed
    people, graph = network.people, network.graph
    requester = people.get(request.requester_id)
    if requester is None:
        return None
    prefs = request.preferences or {}
    barred = set(exclude)
    barred.update(ids_without_slack_id(session))
    if not prefs.get("virtual_ok", True):
        barred.update(pid for pid, p in people.items() if p.region != requester.region)
    load = current_load(session, request.kind)
    if request.kind == MENTOR:
        ranked = rank_mentors(
            requester,
            people,
            graph,
            request.topic,
            skills_wanted=request.skills_wanted,
            prefer_other_function=bool(prefs.get("other_function", True)),
            prefer_other_region=bool(prefs.get("other_region", False)),
            load=load,
            exclude=barred,
        )
    else:
        goal = " ".join([request.topic, *request.skills_wanted])
        ranked = rank_sponsors(requester, people, graph, goal, load=load, exclude=barred)

        def unwanted(c: Candidate) -> int:
            p = people[c.person_id]
            return int(bool(prefs.get("other_function")) and p.function == requester.function) + int(
                bool(prefs.get("other_region")) and p.region == requester.region
            )

        ranked.sort(key=unwanted)  # stable: the engine's order within each group
    return ranked[0] if ranked else None
