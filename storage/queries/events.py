"""Named queries for networking events: the events, their invitations, places and the waiting list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, cast, exists, func, literal, or_, select
from sqlalchemy.orm import joinedload

from storage.models import Event, Invitation, OutboxMessage, Person
from storage.models.events import DONE, GOING, NO_ANSWER, SCHEDULED, WAITLISTED
from storage.models.outbox import CANCELLED, FAILED
from storage.uow import Session

# The events


def event_by_id(session: Session, event_id: int, lock: bool = False, shared: bool = False) -> Event | None:
    """The event with ``event_id``, or None.

    With ``lock`` the row is locked for this transaction: exclusively (``FOR UPDATE``), or with
    ``shared`` so that others taking the shared lock go on side by side while a writer (or an
    exclusive lock) waits for all of them (``FOR SHARE``). SQLite locks the whole database instead.
    """
    query = select(Event).where(Event.id == event_id)
    return session.scalar(query.with_for_update(read=shared) if lock else query)


def events_to_list(session: Session, since: datetime, limit: int) -> list[Event]:
    """The CNO's list: scheduled events and those that started since ``since``, latest first, at most ``limit``."""
    return list(session.scalars(
        select(Event)
        .where(or_(Event.status == SCHEDULED, Event.starts_at >= since))
        .order_by(Event.starts_at.desc())
        .limit(limit)
    ))


def events_awaiting_invitations(session: Session) -> list[int]:
    """Ids of the events whose audience still has invitations to queue, oldest first."""
    return list(session.scalars(select(Event.id).where(Event.invitations_queued.is_(False)).order_by(Event.id)))


def events_starting_between(session: Session, after: datetime, until: datetime) -> list[Event]:
    """Scheduled events starting after ``after`` and by ``until``, soonest first."""
    return list(session.scalars(
        select(Event)
        .where(Event.status == SCHEDULED, Event.starts_at > after, Event.starts_at <= until)
        .order_by(Event.starts_at)
    ))


def started_events(session: Session, now: datetime) -> list[Event]:
    """Scheduled events that have started by ``now``, locked (those another replica holds are skipped)."""
    return list(session.scalars(
        select(Event).where(Event.status == SCHEDULED, Event.starts_at <= now).with_for_update(skip_locked=True)
    ))


def done_events_without_result(session: Session, now: datetime) -> list[Event]:
    """Events that took place (started by ``now``) whose result has not gone to the CNO yet."""
    return list(session.scalars(
        select(Event).where(Event.status == DONE, Event.result_sent_at.is_(None), Event.starts_at <= now)
    ))


def done_event_ids(session: Session, since: datetime | None = None) -> list[int]:
    """Ids of the events that took place (since ``since`` when given)."""
    query = select(Event.id).where(Event.status == DONE)
    if since is not None:
        query = query.where(Event.starts_at >= since)
    return list(session.scalars(query))


# Who can be invited


def _invitable() -> Select[Any]:
    """People an invitation can reach: active, on Slack, and not opted out of networking."""
    return select(Person).where(Person.active.is_(True), Person.slack_id.is_not(None), Person.opted_in.is_(True))


def _in_audience(
    query: Select[Any], functions: Sequence[str], regions: Sequence[str], levels: Sequence[int], teams: Sequence[str]
) -> Select[Any]:
    if functions:
        query = query.where(Person.function.in_(functions))
    if regions:
        query = query.where(Person.region.in_(regions))
    if levels:
        query = query.where(Person.level.in_(levels))
    if teams:
        query = query.where(Person.team.in_(teams))
    return query.order_by(Person.id)


def invitable_people(
    session: Session, functions: Sequence[str], regions: Sequence[str], levels: Sequence[int], teams: Sequence[str]
) -> list[Person]:
    """Everyone an invitation can reach in these functions, regions, levels and teams (empty: any), by id."""
    return list(session.scalars(_in_audience(_invitable(), functions, regions, levels, teams)))


def invitable_ids(
    session: Session, functions: Sequence[str], regions: Sequence[str], levels: Sequence[int], teams: Sequence[str]
) -> list[int]:
    """The ids of :func:`invitable_people`, without loading anyone (cheap for 100,000 people)."""
    return list(session.scalars(_in_audience(_invitable().with_only_columns(Person.id), functions, regions, levels,
                                             teams)))


def active_values(session: Session, attribute: str) -> list[Any]:
    """The distinct non-empty values of ``attribute`` (function, region, level, team) among active people, sorted."""
    column = {"function": Person.function, "region": Person.region, "level": Person.level, "team": Person.team}
    rows = session.scalars(select(column[attribute]).where(Person.active.is_(True)).distinct())
    return sorted(v for v in rows if v not in (None, ""))


# Invitations and answers


def invited_ids(session: Session, event_id: int) -> set[int]:
    """Ids of the people who have an invitation to the event."""
    return set(session.scalars(select(Invitation.person_id).where(Invitation.event_id == event_id)))


def invitation_of(session: Session, event_id: int, slack_id: str) -> Invitation | None:
    """The invitation to the event of the person with ``slack_id``, or None."""
    return session.scalar(
        select(Invitation).join(Person).where(Invitation.event_id == event_id, Person.slack_id == slack_id)
    )


def invitations_with_people(session: Session, event_id: int) -> list[Invitation]:
    """Every invitation to the event, with its person loaded."""
    return list(session.scalars(
        select(Invitation).where(Invitation.event_id == event_id).options(joinedload(Invitation.person))
    ))


def answers_by_status(session: Session, event_id: int) -> dict[str, int]:
    """How many invitations to the event stand at each answer (going, maybe, none…)."""
    rows = session.execute(
        select(Invitation.status, func.count()).where(Invitation.event_id == event_id).group_by(Invitation.status)
    )
    return {status: int(n) for status, n in rows}


def answers_at(session: Session, event_ids: Sequence[int]) -> list[tuple[str, bool | None]]:
    """(answer, attended) of every invitation to these events."""
    if not event_ids:
        return []
    rows = session.execute(
        select(Invitation.status, Invitation.attended).where(Invitation.event_id.in_(event_ids))
    )
    return [(status, attended) for status, attended in rows]


def people_going(session: Session, event_id: int) -> list[Person]:
    """The people going to the event, by id."""
    return list(session.scalars(
        select(Person).join(Invitation, Invitation.person_id == Person.id)
        .where(Invitation.event_id == event_id, Invitation.status == GOING).order_by(Person.id)
    ))


def silos_going(session: Session, event_id: int) -> list[tuple[str, str, bool | None]]:
    """(function, region, attended) of each person going to the event."""
    rows = session.execute(
        select(Person.function, Person.region, Invitation.attended)
        .join(Invitation, Invitation.person_id == Person.id)
        .where(Invitation.event_id == event_id, Invitation.status == GOING)
    )
    return [(function, region, attended) for function, region, attended in rows]


# Places and the waiting list


def going_count(session: Session, event_id: int) -> int:
    """How many people hold a place at the event."""
    going = session.scalar(select(func.count()).where(Invitation.event_id == event_id, Invitation.status == GOING))
    return int(going or 0)


def last_on_waiting_list(session: Session, event_id: int) -> int:
    """The waiting-list number of the last person to join it (0 when nobody ever did)."""
    last = session.scalar(select(func.max(Invitation.waitlist_seq)).where(Invitation.event_id == event_id))
    return int(last or 0)


def first_on_waiting_list(session: Session, event_id: int) -> Invitation | None:
    """The invitation first in line on the event's waiting list, or None."""
    return session.scalar(
        select(Invitation)
        .where(Invitation.event_id == event_id, Invitation.status == WAITLISTED)
        .order_by(Invitation.waitlist_seq, Invitation.id)
        .limit(1)
    )


# Messages already sent


def message_by_key(session: Session, key: str) -> OutboxMessage | None:
    """The outbox message queued under ``key``, or None."""
    return session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))


def live_invitation_keys(session: Session, event_id: int) -> set[str]:
    """Outbox keys of the event's invitations that went out or are about to (not cancelled, not failed)."""
    return set(session.scalars(
        select(OutboxMessage.key).where(
            OutboxMessage.key.like(f"event:{event_id}:invite:%"),
            OutboxMessage.target_key.is_(None),
            OutboxMessage.status.not_in((CANCELLED, FAILED)),
        )
    ))


# Reminders and nudges


def _due(session: Session, event_id: int, status: str, done: Any, since: Any, due: datetime, most: int | None
         ) -> list[tuple[Invitation, Person]]:
    rows = session.execute(
        select(Invitation, Person)
        .join(Person, Person.id == Invitation.person_id)
        .where(
            Invitation.event_id == event_id,
            Invitation.status == status,
            done.is_(None),
            since <= due,
            Person.active.is_(True),
            Person.slack_id.is_not(None),
        )
        .order_by(Invitation.id)
        .limit(most)
    )
    return [(invitation, person) for invitation, person in rows]


def going_to_remind(session: Session, event_id: int, kind: str, due: datetime, most: int | None = None
                    ) -> list[tuple[Invitation, Person]]:
    """Those going, on Slack and active, not yet reminded ``kind`` ("day" or "hour") before, who answered by ``due``
    (the first ``most``, by invitation)."""
    done = Invitation.reminded_hour_at if kind == "hour" else Invitation.reminded_day_at
    return _due(session, event_id, GOING, done, Invitation.responded_at, due, most)


def silent_to_nudge(session: Session, event_id: int, due: datetime, most: int | None = None
                    ) -> list[tuple[Invitation, Person]]:
    """Those invited by ``due`` who have not answered and were never nudged (active, on Slack; the first ``most``)."""
    return _due(session, event_id, NO_ANSWER, Invitation.nudged_at, Invitation.invited_at, due, most)


def going_not_asked_who_they_met(session: Session, event_id: int, key_prefix: str, most: int
                                 ) -> list[tuple[Invitation, Person]]:
    """Those going (active, on Slack) with no outbox row ``<key_prefix><person id>`` yet: the first ``most``."""
    asked = exists().where(OutboxMessage.key == literal(key_prefix) + cast(Person.id, String))
    rows = session.execute(
        select(Invitation, Person).join(Person, Person.id == Invitation.person_id)
        .where(Invitation.event_id == event_id, Invitation.status == GOING, Person.active.is_(True),
               Person.slack_id.is_not(None), ~asked)
        .order_by(Invitation.id).limit(most))
    return [(invitation, person) for invitation, person in rows]
