"""Delivering a round's intros: one group DM per group, through the outbox, at the members' local hour."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.local_time import group_send_time, working_day_end, zone_of
from bot.logs import round_context
from bot.names import display_name
from bot.outbox import SLACK_OPEN_GAP, Outgoing, enqueue, enqueue_many
from bot.use_cases.rounds.left_alone import tell_left_alone
from matching.explain import everyone_of_you
from matching.send_plan import plan_sends
from message_templates import mrkdwn, render_blocks_by_shape, render_text_by_shape
from storage.models import Intro, Person, Round, RoundSettings
from storage.models.people import preference
from storage.models.rounds import SENDING
from storage.queries.intros import IntroRow, intros_of_round, set_send_times
from storage.queries.people import people_by_id
from storage.uow import Session

log = logging.getLogger(__name__)


def intro_key(intro_id: int) -> str:
    return f"intro:{intro_id}"


def _lower(values: Sequence[str] | None) -> dict[str, str]:
    return {v.strip().lower(): v.strip() for v in values or () if v and v.strip()}


def conversation_starter(members: Sequence[Person]) -> str:
    """Something concrete to talk about: shared interests, a skill one has and another wants, or work."""
    interests = [_lower(p.interests) for p in members]
    shared = set(interests[0]).intersection(*interests[1:]) if interests else set()
    if shared:
        topic = interests[0][sorted(shared)[0]]
        return f"{everyone_of_you(len(members))} listed {topic} among your interests: what got each of you into it?"
    for teacher in members:
        skills = _lower(teacher.skills)
        for learner in members:
            if learner is teacher:
                continue
            overlap = sorted(set(skills) & set(_lower(learner.interests)))
            if overlap:
                return (f"{display_name(teacher)} knows about {skills[overlap[0]]}, which {display_name(learner)} "
                        "is interested in: a good place to start.")
    functions = sorted({p.function for p in members if p.function})
    if len(functions) > 1:
        return ("What does a good week look like in your team, and what would you like "
                f"{' and '.join(functions)} to know about each other's work?")
    return "What are you working on this month, and who else in the company should the others meet?"


def next_step(members: Sequence[Person]) -> str:
    """A small, concrete next step: in person when everyone is in the same place, else a video call."""
    places = {(preference(p, "in_person_region") or p.region or "").strip() for p in members}
    wants_in_person = any(preference(p, "in_person_region") for p in members)
    if wants_in_person and len(places) == 1 and "" not in places:
        where = "You are both" if len(members) == 2 else f"{everyone_of_you(len(members))} are"
        return f"{where} in {places.pop()}: grab a coffee together this week (30 minutes is plenty)."
    return "Book a 30-minute video call this week; whoever reads this first sends the invite."


def member_card(person: Person) -> dict[str, Any]:
    return {"name": display_name(person), "title": person.title or "", "function": person.function or "—",
            "region": person.region or "—", "mention": f"<@{person.slack_id}>" if person.slack_id else
            mrkdwn(display_name(person))}


def intro_context(reasons: Sequence[str], members: Sequence[Person], follow_up_days: int) -> dict[str, Any]:
    """What the intro's templates (``rounds/intro_text``, ``rounds/intro``) are given."""
    return {"members": [member_card(p) for p in members],
            "reasons": list(reasons) or ["You work in different parts of the company."],
            "starter": conversation_starter(members), "next_step": next_step(members),
            "follow_up_days": follow_up_days, "trio": len(members) > 2}


def intro_message(reasons: Sequence[str], members: Sequence[Person], follow_up_days: int
                  ) -> tuple[str, list[dict[str, Any]]]:
    """The intro's plain-text fallback and Block Kit blocks, given the reasons the engine gave.

    Rendered once per shape of intro (how many members, which have a title, how many reasons),
    the names filled in: a round of 50,000 intros renders each template a few dozen times.
    """
    ctx = intro_context(reasons, members, follow_up_days)
    return render_text_by_shape("rounds/intro_text", **ctx), render_blocks_by_shape("rounds/intro", **ctx)


def members_of(session: Session, intro: Intro) -> list[Person]:
    ids = [m.person_id for m in intro.members]
    people = people_by_id(session, ids)
    return [people[i] for i in ids if i in people]


def planned_send_times(earliest: Sequence[datetime], latest: Sequence[datetime],
                       gap: float = SLACK_OPEN_GAP) -> list[datetime]:
    """When each intro goes, to the minute, so that Slack's limit on new conversations can carry them.

    Each intro goes no earlier than its ``earliest`` (its members' local hour); where the
    limit cannot send everything at once, those whose shared working day ends first
    (``latest``) go first (:func:`matching.send_plan.plan_sends`). Times are rounded down
    to the minute: a round small enough to go at once keeps everyone's local hour.
    """
    if not earliest:
        return []
    origin = min(earliest)
    plan = plan_sends([(e - origin).total_seconds() for e in earliest],
                      [(x - origin).total_seconds() for x in latest], gap)
    return [max(e, (origin + timedelta(seconds=float(t))).replace(second=0, microsecond=0))
            for e, t in zip(earliest, plan.at, strict=True)]


def release_round(session: Session, round_: Round, settings: RoundSettings, now: datetime,
                  people: Mapping[int, Person] | None = None) -> int:
    """Put every intro of ``round_`` in the outbox at its planned time; returns how many.

    Intros are read as plain rows, their messages written a chunk at a time by
    :func:`bot.outbox.enqueue_many` and their send times set in bulk: a round of 50,000
    intros is queued in one transaction without an object or a round trip per intro.
    ``people``: those already read in this transaction (by the engine), not read again.
    """
    with round_context(round_.period):
        queued = _release(session, round_, settings, now, people or {})
        log.info("round %s released: %d intros queued", round_.period, queued)
        return queued


@dataclass(frozen=True)
class PlannedIntro:
    """An intro that can be sent: its members, their local hour (``earliest``) and its planned send time."""

    intro: IntroRow
    members: list[Person]
    earliest: datetime
    latest: datetime  # the end of the members' shared working day
    send_at: datetime

    @property
    def held_back(self) -> bool:
        """Whether Slack's limit puts this intro off past its members' local hour (by a minute or more)."""
        return self.send_at - self.earliest >= timedelta(minutes=1)


def delivery_plan(session: Session, round_id: int, day: date, local_hour: int, now: datetime,
                  known: Mapping[int, Person] | None = None) -> list[PlannedIntro]:
    """When each sendable intro of the round goes (see :func:`planned_send_times`), in intro id order.

    ``known``: people already read in this transaction; the others are read.
    """
    intros = intros_of_round(session, round_id)
    known = known or {}
    people = dict(known)
    people.update(people_by_id(session, {pid for intro in intros for pid in intro.members if pid not in known}))
    zones = {p.id: zone_of(p.timezone) for p in people.values()}
    sendable = []
    for intro in intros:
        members = [people[pid] for pid in intro.members if pid in people]
        if len(members) >= 2 and all(p.slack_id is not None for p in members):
            sendable.append((intro, members))
    earliest, latest = [], []
    for _, members in sendable:
        group_zones = [zones[p.id] for p in members]
        moment = group_send_time(group_zones, day, local_hour, now)
        earliest.append(moment)
        latest.append(working_day_end(group_zones, moment, local_hour))
    planned = planned_send_times(earliest, latest)
    return [PlannedIntro(intro, members, first, last, send_at)
            for (intro, members), first, last, send_at in zip(sendable, earliest, latest, planned, strict=True)]


def _release(session: Session, round_: Round, settings: RoundSettings, now: datetime,
             people: Mapping[int, Person]) -> int:
    plan = delivery_plan(session, round_.id, round_.day, settings.local_send_hour, now, people)
    times: list[tuple[int, datetime, datetime]] = []

    def messages() -> Iterator[Outgoing]:
        for x in plan:
            times.append((x.intro.id, x.send_at, x.send_at + timedelta(days=settings.follow_up_days)))
            text, blocks = intro_message(x.intro.reasons, x.members, settings.follow_up_days)
            yield Outgoing(intro_key(x.intro.id), text, blocks, tuple(p.slack_id for p in x.members if p.slack_id),
                           not_before=x.send_at)

    with session.no_autoflush:
        queued = enqueue_many(session, messages())
    set_send_times(session, times)
    session.refresh(round_, ["intros"])  # callers read it after the session closes (one query, no members)
    tell_left_alone(session, round_, settings, now)
    round_.status = SENDING
    session.flush()
    return queued


def queue_intro(session: Session, round_: Round, intro: Intro, settings: RoundSettings, now: datetime) -> bool:
    """Put one intro of a released round in the outbox at its members' local hour (as :func:`release_round`)."""
    members = members_of(session, intro)
    if len(members) < 2 or any(p.slack_id is None for p in members):
        return False
    send_at = group_send_time([zone_of(p.timezone) for p in members], round_.day, settings.local_send_hour, now)
    intro.send_at = send_at
    intro.follow_up_at = send_at + timedelta(days=settings.follow_up_days)
    text, blocks = intro_message(intro.reasons, members, settings.follow_up_days)
    return enqueue(session, intro_key(intro.id), text=text, blocks=blocks,
                   users=[p.slack_id for p in members if p.slack_id], not_before=send_at) is not None
