"""`/networking why`: the person's status for the current period.

Matched (with whom and why), left out (the rule that applied, as the engine or the
round said it), or not taking part. The current period is the latest round made.
Words: ``message_templates/people/why_text.j2``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bootstrap import Services
from bot.local_time import zone_of
from bot.use_cases.people.participation import (
    Member,
    NextRound,
    Participation,
    member,
    next_round,
    participation,
    person_by_slack,
)
from storage.models.rounds import AWAITING_APPROVAL, PLANNED, SKIPPED
from storage.queries.people import others_in_intro
from storage.queries.rounds import intro_in_round, latest_round_made_by, left_out_record

NO_ROUND = "no_round"
ROUND_SKIPPED = "skipped"
PREPARING = "preparing"
ARRIVING = "arriving"
MATCHED = "matched"
LEFT_OUT = "left_out"
NOT_IN_ROUND = "not_in_round"


@dataclass(frozen=True)
class Why:
    """The person's status in the current period's round: ``outcome`` is one of the constants above."""

    outcome: str
    participation: Participation
    period: str = ""
    note: str = ""
    next_round: NextRound | None = None
    arrives_at: datetime | None = None
    others: tuple[Member, ...] = ()
    reasons: tuple[str, ...] = ()
    reason: str = ""


def why(services: Services, slack_id: str, now: datetime) -> Why:
    with services.uow() as uow:
        session = uow.session
        person = person_by_slack(session, slack_id)
        round_ = latest_round_made_by(session, now)
        status = participation(session, person, now)
        if round_ is None:
            return Why(NO_ROUND, status, next_round=next_round(services, session, person, now))
        period = round_.period
        if round_.status == SKIPPED:
            return Why(ROUND_SKIPPED, status, period, note=round_.note)
        if round_.status in (PLANNED, AWAITING_APPROVAL):
            return Why(PREPARING, status, period)
        intro = intro_in_round(session, round_.id, person.id)
        if intro is not None:
            if intro.send_at is not None and intro.send_at > now:
                return Why(ARRIVING, status, period, arrives_at=intro.send_at.astimezone(zone_of(person.timezone)))
            others = tuple(member(p) for p in others_in_intro(session, intro.id, person.id))
            return Why(MATCHED, status, period, others=others, reasons=tuple(intro.reasons))
        record = left_out_record(session, round_.id, person.id)
        if record is not None:
            return Why(LEFT_OUT, status, period, reason=record.reason)
        return Why(NOT_IN_ROUND, status, period)
