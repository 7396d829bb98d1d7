"""Queries of ``/networking find``: what the search index is built from, outside relationships, intro requests."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from storage.models import ExternalRelationship, Interaction, IntroRequest, KeyAccount, MentoringRelationship, Person
from storage.models.contacts import DECLINED, EXPIRED, PENDING, organisation_key
from storage.models.mentoring import MentoringRequest
from storage.models.people import preference

_CHUNK = 100_000


@dataclass(frozen=True)
class FindData:
    """Plain data for the search index; ``ids[i]`` is the person at position ``i``.

    ``ties``: arrays ``(a, b, weight, last)`` with positions, the summed weight and the
    last contact as a day ordinal, each pair once.
    """

    ids: np.ndarray
    findable: np.ndarray
    findable_external: np.ndarray
    terms: list[tuple[int, str, str]]
    organisations: list[tuple[int, str, str, int, int]]
    ties: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def can_be_found(person: Person) -> bool:
    """May appear in anyone's search (for skills, interests, topics) and as a step of a path."""
    return bool(person.active and person.slack_id and person.opted_in and preference(person, "find_skills"))


def can_be_found_external(person: Person) -> bool:
    """May appear in anyone's search for the outside organisations they know."""
    return bool(person.active and person.slack_id and person.opted_in and preference(person, "find_external"))


def search_fingerprint(session: Session) -> tuple[Any, ...]:
    """Changes whenever a search could answer differently (people, their choices, ties, relationships, mentoring)."""
    people = session.execute(select(func.count(Person.id), func.max(Person.updated_at))).one()
    contacts = session.execute(select(func.count(ExternalRelationship.id), func.max(ExternalRelationship.id))).one()
    return (
        *people, *contacts,
        session.scalar(select(func.max(Interaction.id))),
        session.scalar(select(func.max(MentoringRelationship.id))),
    )


def load_find_data(session: Session) -> FindData:
    """Everyone active, what they can be found for, and every tie between them (streamed, summed with numpy)."""
    people = list(session.scalars(select(Person).where(Person.active.is_(True)).order_by(Person.id)))
    ids = np.array([p.id for p in people], dtype=np.int64)
    position = {int(pid): i for i, pid in enumerate(ids.tolist())}
    terms: list[tuple[int, str, str]] = []
    for i, person in enumerate(people):
        terms.extend((i, "skill", s) for s in person.skills or ())
        terms.extend((i, "interest", s) for s in person.interests or ())
        terms.extend((i, "topic", t) for t in preference(person, "mentor_topics") or ())
    taken_on = select(MentoringRelationship.mentor_id, MentoringRequest.topic).join(
        MentoringRequest, MentoringRequest.id == MentoringRelationship.request_id
    )
    for mentor_id, topic in session.execute(taken_on):
        if mentor_id in position and topic:
            terms.append((position[mentor_id], "topic", topic))
    organisations = [
        (position[pid], name, kind, strength, last.toordinal() if last else 0)
        for pid, name, kind, strength, last in session.execute(
            select(ExternalRelationship.person_id, ExternalRelationship.organisation, ExternalRelationship.kind,
                   ExternalRelationship.strength, ExternalRelationship.last_contact)
            .order_by(ExternalRelationship.id)
        )
        if pid in position
    ]
    return FindData(
        ids=ids,
        findable=np.array([can_be_found(p) for p in people], dtype=bool),
        findable_external=np.array([can_be_found_external(p) for p in people], dtype=bool),
        terms=terms,
        organisations=organisations,
        ties=_ties(session, ids),
    )


def _ties(session: Session, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    parts = []
    statement = select(Interaction.a_id, Interaction.b_id, Interaction.weight, Interaction.occurred_on)
    for rows in _chunks(session, statement):
        a_ids, b_ids, weights, days = zip(*rows, strict=True)
        parts.append((np.array(a_ids, np.int64), np.array(b_ids, np.int64), np.array(weights, np.float64),
                      np.array([d.toordinal() for d in days], np.int64)))
    if not parts:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0), empty
    a, b, w, day = (np.concatenate(column) for column in zip(*parts, strict=True))
    keep = np.isin(a, ids) & np.isin(b, ids)
    a, b, w, day = np.searchsorted(ids, a[keep]), np.searchsorted(ids, b[keep]), w[keep], day[keep]
    order = np.lexsort((b, a))
    a, b, w, day = a[order], b[order], w[order], day[order]
    starts = np.flatnonzero(np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])]) if a.size else np.zeros(0, np.int64)
    if not starts.size:
        return a, b, w, day
    return a[starts], b[starts], np.add.reduceat(w, starts), np.maximum.reduceat(day, starts)


def _chunks(session: Session, statement: Any) -> Iterator[Any]:
    result = session.execute(statement.execution_options(yield_per=_CHUNK))
    yield from result.partitions()


def pending_intro_request(session: Session, asker_id: int, asked_id: int, introduce_to_id: int) -> IntroRequest | None:
    """The asker's request to the same person for the same introduction, still waiting for an answer."""
    return session.scalar(
        select(IntroRequest).where(
            IntroRequest.asker_id == asker_id, IntroRequest.asked_id == asked_id,
            IntroRequest.introduce_to_id == introduce_to_id, IntroRequest.status == PENDING,
        )
    )


def declined_since(session: Session, asker_id: int, asked_id: int, introduce_to_id: int, since: datetime) -> bool:
    """Whether the person asked declined (or let lapse) the same introduction for this asker since ``since``."""
    return session.scalar(
        select(IntroRequest.id).where(
            IntroRequest.asker_id == asker_id, IntroRequest.asked_id == asked_id,
            IntroRequest.introduce_to_id == introduce_to_id, IntroRequest.status.in_((DECLINED, EXPIRED)),
            IntroRequest.answered_at >= since,
        ).limit(1)
    ) is not None


def unanswered_requests(session: Session, asked_before: datetime, limit: int) -> list[IntroRequest]:
    """Up to ``limit`` requests still pending that were asked before ``asked_before``, oldest first."""
    return list(session.scalars(
        select(IntroRequest).where(IntroRequest.status == PENDING, IntroRequest.created_at < asked_before)
        .order_by(IntroRequest.created_at, IntroRequest.id).limit(limit)
    ))


def answer_intro_request(session: Session, request_id: int, status: str, **values: Any) -> bool:
    """Move a pending request to ``status``; True when this call did it (a double click acts once)."""
    result = session.execute(
        update(IntroRequest)
        .where(IntroRequest.id == request_id, IntroRequest.status == PENDING)
        .values(status=status, **values)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


_RELATIONSHIPS_OF = (select(ExternalRelationship).where(ExternalRelationship.person_id == bindparam("person_id"))
                     .order_by(ExternalRelationship.organisation_key))


def relationships_of(session: Session, person_id: int) -> list[ExternalRelationship]:
    """A person's own outside relationships, by organisation."""
    return list(session.scalars(_RELATIONSHIPS_OF, {"person_id": person_id}))


def relationship_of(session: Session, person_id: int, organisation: str) -> ExternalRelationship | None:
    """A person's relationship with one organisation (compared as :func:`organisation_key` does)."""
    return session.scalar(select(ExternalRelationship).where(
        ExternalRelationship.person_id == person_id,
        ExternalRelationship.organisation_key == organisation_key(organisation),
    ))


def remove_relationship(session: Session, person_id: int, relationship_id: int) -> bool:
    """Delete one of the person's own relationships; False when it is not theirs (or already gone)."""
    result = session.execute(delete(ExternalRelationship).where(
        ExternalRelationship.id == relationship_id, ExternalRelationship.person_id == person_id,
    ))
    return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


@dataclass(frozen=True)
class OrganisationCount:
    """How many active people know an organisation, and in how many functions. Never who."""

    organisation: str
    people: int
    functions: int
    only_function: str
    kinds: tuple[str, ...]


def organisation_counts(session: Session) -> list[OrganisationCount]:
    """Every organisation known by an active person, with counts only, most known first."""
    rows = session.execute(
        select(ExternalRelationship.organisation_key, ExternalRelationship.organisation,
               ExternalRelationship.kind, Person.function)
        .join(Person, Person.id == ExternalRelationship.person_id)
        .where(Person.active.is_(True))
        .order_by(ExternalRelationship.organisation_key, ExternalRelationship.id)
    )
    grouped: dict[str, tuple[str, list[str], list[str]]] = {}
    for key, name, kind, function in rows:
        entry = grouped.setdefault(key, (name, [], []))
        entry[1].append(kind)
        entry[2].append(function or "")
    counts = [
        OrganisationCount(
            organisation=name, people=len(kinds), functions=len(set(functions)),
            only_function=functions[0] if len(set(functions)) == 1 else "", kinds=tuple(sorted(set(kinds))),
        )
        for name, kinds, functions in grouped.values()
    ]
    return sorted(counts, key=lambda c: (-c.people, c.organisation.casefold()))


def key_accounts(session: Session) -> list[KeyAccount]:
    """The CNO's list of key accounts, by name."""
    return list(session.scalars(select(KeyAccount).order_by(KeyAccount.organisation_key)))


def replace_key_accounts(session: Session, names: Iterable[str]) -> int:
    """Make ``names`` the list of key accounts (repeats ignored); returns how many."""
    session.execute(delete(KeyAccount))
    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(organisation_key(name), " ".join(name.split()))
    session.add_all(KeyAccount(organisation=name, organisation_key=key) for key, name in kept.items() if key)
    session.flush()
    return len([k for k in kept if k])


def organisations_known_by(session: Session, person_id: int) -> list[tuple[str, str]]:
    """The organisations one person knows, as ``(organisation, kind)``: for their handover."""
    return [(r.organisation, r.kind) for r in relationships_of(session, person_id)]


def last_contacts(session: Session, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], date]:
    """The last interaction of each pair (given in any order), keyed ``(low, high)``."""
    result: dict[tuple[int, int], date] = {}
    for x, y in pairs:
        a, b = Interaction.ordered(x, y)
        last = session.scalar(select(func.max(Interaction.occurred_on)).where(Interaction.a_id == a,
                                                                                Interaction.b_id == b))
        if last is not None:
            result[(a, b)] = last
    return result
