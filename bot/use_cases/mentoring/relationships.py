"""Ending a mentoring or sponsorship relationship, which frees a place in the mentor's capacity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bootstrap import Services
from bot.outbox import enqueue
from bot.use_cases.mentoring.errors import NoRelationship, WhichRelationship
from bot.use_cases.mentoring.messages import first_name, local_day
from bot.use_cases.mentoring.requests import requester
from message_templates import mrkdwn, render_text
from storage.models import Person
from storage.models.mentoring import CLOSED, TIE_KIND
from storage.queries.mentoring import active_relationships_of


@dataclass(frozen=True)
class Ended:
    """The relationship that was closed: its kind and the other person's first name ("" if erased)."""

    relationship_id: int
    kind: str
    other_first: str


def end_relationship(services: Services, slack_id: str, kind: str, number: int | None, now: datetime) -> Ended:
    """End the person's active ``kind`` relationship number ``number`` (1-based, oldest first).

    Without a number: ends the only one; with several, :class:`WhichRelationship` lists them.
    The other person is told by DM; the tie stays in the graph (they did meet), the capacity is freed.
    """
    with services.uow() as uow:
        session = uow.session
        me = requester(session, slack_id)
        mine = active_relationships_of(session, me.id, TIE_KIND[kind])
        others = [session.get(Person, r.mentee_id if r.mentor_id == me.id else r.mentor_id) for r in mine]
        listing = [
            (i + 1, f"<@{o.slack_id}>" if o and o.slack_id else (mrkdwn(o.name) if o else "?"),
             local_day(r.started_at, me), r.mentor_id == me.id)
            for i, (r, o) in enumerate(zip(mine, others, strict=True))
        ]
        if not mine:
            raise NoRelationship(kind)
        index = (number or 1) - 1
        if (number is None and len(mine) > 1) or not 0 <= index < len(mine):
            raise WhichRelationship(kind, listing)
        relationship, other = mine[index], others[index]
        relationship.status, relationship.ended_at = CLOSED, now
        if other is not None and other.slack_id:
            enqueue(
                session,
                f"mentoring:relationship:{relationship.id}:ended",
                text=render_text(
                    "mentoring/ended", who=f"<@{me.slack_id}>", tie=TIE_KIND[kind], kind=kind,
                    since=local_day(relationship.started_at, other),
                ),
                users=[other.slack_id],
            )
        uow.commit()
        return Ended(relationship.id, kind, first_name(other) if other else "")
