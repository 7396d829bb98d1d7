"""Every event message, rendered from the templates in message_templates/events/ for one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.use_cases.events.results import EventResult
from bot.use_cases.events.wording import duration_text, relative_day, when_text, zone_or
from matching.tables import Table
from message_templates import mrkdwn, render_blocks, render_text
from storage.models import Event, Invitation, Person
from storage.models.events import CANCELLED, DONE

Blocks = list[dict[str, Any]]


@dataclass(frozen=True)
class Message:
    text: str
    blocks: Blocks


def _fit(text: str, limit: int = 2900) -> str:
    """Slack refuses section text over 3,000 characters; escaping can lengthen a long description."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def event_context(event: Event, person: Person | None) -> dict[str, Any]:
    zone = zone_or(person.timezone if person else None, event.timezone)
    return {
        "event_id": event.id,
        "title": event.title,
        "title_md": mrkdwn(event.title),
        "description_md": _fit(mrkdwn(event.description or "")),
        "place_md": mrkdwn(event.place or ""),
        "when": when_text(event.starts_at, zone),
        "duration": duration_text(event.duration_minutes),
        "cancelled": event.status == CANCELLED,
        "done": event.status == DONE,
    }


def _render(name: str, **ctx: Any) -> Message:
    return Message(text=render_text(f"events/{name}.txt", **ctx), blocks=render_blocks(f"events/{name}", **ctx))


def invite(event: Event, invitation: Invitation, now: datetime) -> Message:
    """The invitation as it stands now: details, the person's answer, and the buttons while answers are open."""
    return invite_as(event, invitation.person, invitation.status, now)


def invite_as(event: Event, person: Person | None, status: str, now: datetime) -> Message:
    """The invitation for ``person`` (only their time zone matters) with answer ``status``."""
    ended = event.starts_at <= now
    return _render(
        "invite",
        **event_context(event, person),
        status=status,
        open=event.status not in (CANCELLED, DONE) and not ended,
        ended=ended,
        capacity=event.capacity,
    )


def reminder(event: Event, person: Person, now: datetime) -> Message:
    zone = zone_or(person.timezone, event.timezone)
    return _render("reminder", **event_context(event, person), day=relative_day(event.starts_at, now, zone),
                   limited=event.capacity is not None)


def nudge(event: Event, person: Person, now: datetime) -> Message:
    zone = zone_or(person.timezone, event.timezone)
    return _render("nudge", **event_context(event, person), day=relative_day(event.starts_at, now, zone))


def promoted(event: Event, person: Person) -> Message:
    return _render("promoted", **event_context(event, person))


def changed(event: Event, person: Person, what: list[str]) -> Message:
    return _render("changed", **event_context(event, person), what=what)


def cancelled(event: Event, person: Person) -> Message:
    return _render("cancelled", **event_context(event, person))


def met_question(event: Event, invitation: Invitation, met_slack_ids: list[str]) -> Message:
    return _render(
        "met",
        **event_context(event, invitation.person),
        met=met_slack_ids,
        answered=invitation.met_answered_at is not None,
        attended=invitation.attended,
    )


def result(event: Event, outcome: EventResult) -> Message:
    return _render(
        "result",
        title=event.title,
        title_md=mrkdwn(event.title),
        invited=outcome.invited,
        going=outcome.counts.get("going", 0),
        waitlisted=outcome.counts.get("waitlisted", 0),
        capacity=event.capacity,
        attended=outcome.attended,
        said_absent=outcome.said_absent,
        ties=outcome.ties.ties,
        new_ties=outcome.ties.new_ties,
        cross_function=outcome.ties.cross_function_share,
        cross_region=outcome.ties.cross_region_share,
        by_function=outcome.going_by_function,
        by_region=outcome.going_by_region,
    )


def tables(event: Event, seated: tuple[Table, ...], people: dict[int, Person], table_size: int) -> Message:
    """The seating plan: one line per table, chunked into sections that fit Slack's 3,000 characters."""
    lines = [render_text("events/table.txt", table=table, members=[people[m] for m in table.members])
             for table in seated]
    chunks: list[str] = []
    for line in lines:
        if chunks and len(chunks[-1]) + len(line) + 2 <= 2900:
            chunks[-1] += "\n\n" + line
        else:
            chunks.append(line)
    going = sum(len(t.members) for t in seated)
    return _render("tables", **event_context(event, None), going=going, count=len(seated), size=table_size,
                   chunks=chunks)


def note(name: str, **ctx: Any) -> Message:
    """A short line to the CNO, from template ``events/<name>.txt``."""
    return _render("note", text=render_text(f"events/{name}.txt", **ctx))
