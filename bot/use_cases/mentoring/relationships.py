"""Ending a mentoring or sponsorship relationship, which frees a place in the mentor's capacity."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select

from bot.outbox import enqueue
from bot.use_cases.mentoring.messages import first_name, local_day
from bot.use_cases.mentoring.requests import MentoringError, person_by_slack
from message_templates import mrkdwn, render_text
from storage.models import MentoringRelationship, Person
from storage.models.mentoring import ACTIVE, CLOSED, TIE_KIND
from storage.uow import UnitOfWork


def end_relationship(uow: UnitOfWork, slack_id: str, kind: str, number: int | None, now: datetime) -> str:
    """End the person's active ``kind`` relationship number ``number`` (1-based, oldest first).

    Without a number: ends the only one, or lists them when there are several. The other
    person is told by DM; the tie stays in the graph (they did meet), the capacity is freed.
    """
    with uow:
        session = uow.session
        me = person_by_slack(session, slack_id)
        mine = list(
            session.scalars(
                select(MentoringRelationship)
                .where(
                    or_(MentoringRelationship.mentor_id == me.id, MentoringRelationship.mentee_id == me.id),
                    MentoringRelationship.kind == TIE_KIND[kind],
                    MentoringRelationship.status == ACTIVE,
                )
                .order_by(MentoringRelationship.started_at, MentoringRelationship.id)
            )
        )
        others = [session.get(Person, r.mentee_id if r.mentor_id == me.id else r.mentor_id) for r in mine]
        listing = [
            (i + 1, f"<@{o.slack_id}>" if o and o.slack_id else (mrkdwn(o.name) if o else "?"),
             local_day(r.started_at, me), r.mentor_id == me.id)
            for i, (r, o) in enumerate(zip(mine, others, strict=True))
        ]
        if not mine:
            raise MentoringError(f"You have no active {TIE_KIND[kind]} relationship to end.")
        if number is None and len(mine) > 1:
            return render_text("mentoring/end_which", kind=kind, listing=listing)
        index = (number or 1) - 1
        if not 0 <= index < len(mine):
            raise MentoringError(render_text("mentoring/end_which", kind=kind, listing=listing))
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
        name = mrkdwn(first_name(other)) if other else "them"
        return f"Done: your {TIE_KIND[kind]} relationship with {name} is closed in the app. Thank you for taking part!"
