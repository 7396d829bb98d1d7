"""The organisation as the engine sees it: storage people → :class:`matching.people.Person`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching import people as engine
from storage.models import Person
from storage.models.people import preference
from storage.queries.people import active_people
from storage.time_zones import zone_of


def utc_offset_hours(timezone: str, on: date) -> float:
    """The zone's offset from UTC at noon on ``on``, in hours (UTC for an unknown zone)."""
    zone = zone_of(timezone)
    offset = datetime.combine(on, time(12), tzinfo=UTC).astimezone(zone).utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def engine_level(person: Person) -> int | None:
    """The person's level, or None when nobody told us: someone added from Slack alone whose level no mapped
    profile field gave (stored as the column's default, 0) has an unknown level, not the lowest one."""
    if person.source == "slack" and not person.level:
        return None
    return person.level


def to_engine_person(person: Person, on: date, email_to_id: dict[str, int] | None = None) -> engine.Person:
    """One stored person as plain engine data, with preferences applied."""
    do_not_match = frozenset(
        email_to_id[e.lower()] for e in preference(person, "do_not_match") if email_to_id and e.lower() in email_to_id
    )
    return engine.Person(
        id=person.id,
        function=person.function,
        region=person.region,
        level=engine_level(person),
        team=person.team or None,
        manager_id=person.manager_id,
        utc_offset_hours=_offset(person.timezone, on),
        skills=frozenset(s.lower() for s in person.skills or ()),
        interests=frozenset(s.lower() for s in person.interests or ()),
        opted_in=person.opted_in,
        paused_until=person.paused_until,
        prefers_other_function=bool(preference(person, "prefer_other_function")),
        prefers_other_region=bool(preference(person, "prefer_other_region")),
        do_not_match=do_not_match,
        mentor_capacity=int(preference(person, "mentor_capacity")) if preference(person, "mentor_available") else 0,
        sponsor_capacity=int(preference(person, "sponsor_capacity")) if preference(person, "sponsor_available") else 0,
        mentor_topics=frozenset(t.lower() for t in preference(person, "mentor_topics")),
    )


def load_people(session: Session, on: date, active_only: bool = True) -> dict[int, engine.Person]:
    """Everyone in the organisation (active by default), keyed by id, as of ``on``."""
    if active_only:
        return engine_people(active_people(session), on)
    return engine_people(session.scalars(select(Person).order_by(Person.id).execution_options(yield_per=10_000)).all(),
                         on)


def engine_people(rows: Sequence[Person], on: date) -> dict[int, engine.Person]:
    """Stored people already read (see :func:`load_people`) as the engine's, keyed by id, as of ``on``."""
    email_to_id = {p.email.lower(): p.id for p in rows if preference(p, "do_not_match")} or None
    if email_to_id is not None:
        email_to_id = {p.email.lower(): p.id for p in rows}
    return {p.id: to_engine_person(p, on, email_to_id) for p in rows}


def load_roster(session: Session, on: date) -> dict[int, engine.Person]:
    """Everyone active as :func:`load_people` gives them, but only who they are and where: function,
    region, level, team, manager, time zone and whether they take part (no skills, interests or
    preferences, whose JSON is most of the reading). For figures of reach and silos."""
    rows = session.execute(select(Person.id, Person.function, Person.region, Person.level, Person.team,
                                  Person.manager_id, Person.timezone, Person.opted_in, Person.paused_until)
                           .where(Person.active.is_(True)).execution_options(yield_per=10_000))
    return {pid: engine.Person(id=pid, function=function, region=region, level=level, team=team or None,
                               manager_id=manager_id, utc_offset_hours=_offset(timezone, on), opted_in=opted_in,
                               paused_until=paused_until)
            for pid, function, region, level, team, manager_id, timezone, opted_in, paused_until in rows}


@lru_cache(maxsize=1024)
def _offset(timezone: str, on: date) -> float:
    return utc_offset_hours(timezone, on)
