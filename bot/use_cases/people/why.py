"""`/networking why`: the person's status in the latest round that concerns them.

Matched (with whom and why), left out (the rule that applied, as the engine or the
round said it), or not taking part. The round is the latest made, by day, among the
company-wide round and the rounds of the programs the person is in; when it did not
introduce them, their latest intro (whichever program made it) comes too.
Words: ``message_templates/people/why_text.j2``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.bootstrap import Services
from bot.local_time import zone_of
from bot.use_cases.people.my_intros import MyProgram, my_programs
from bot.use_cases.people.participation import (
    Member,
    NextRound,
    Participation,
    member,
    next_round,
    participation,
    person_by_slack,
)
from storage.models import Person, Round
from storage.models.rounds import AWAITING_APPROVAL, PLANNED, SKIPPED
from storage.queries.people import others_in_intro
from storage.queries.programs import latest_intro_round, latest_program_rounds, program_names, programs_of_member
from storage.queries.rounds import intro_in_round, latest_round_made_by, left_out_record
from storage.uow import Session

NO_ROUND = "no_round"
ROUND_SKIPPED = "skipped"
PREPARING = "preparing"
ARRIVING = "arriving"
MATCHED = "matched"
LEFT_OUT = "left_out"
NOT_IN_ROUND = "not_in_round"


@dataclass(frozen=True)
class Why:
    """The person's status in the latest round that concerns them: ``outcome`` is one of the constants above.

    ``program``: the program's name ("" for the company-wide round). ``latest_intro``: when that round did
    not introduce them, their latest intro (whichever program made it) and why.
    """

    outcome: str
    participation: Participation
    period: str = ""
    note: str = ""
    next_round: NextRound | None = None
    arrives_at: datetime | None = None
    others: tuple[Member, ...] = ()
    reasons: tuple[str, ...] = ()
    reason: str = ""
    program: str = ""
    latest_intro: Why | None = None
    programs: tuple[MyProgram, ...] = ()  # before any round: the person's programs and their next rounds


def why(services: Services, slack_id: str, now: datetime) -> Why:
    """The latest round among the company-wide round and the person's programs' rounds (and the round of
    their latest intro, if they left its program since): matched, left out and why, or not in it."""
    with services.uow() as uow:
        session = uow.session
        person = person_by_slack(session, slack_id)
        status = participation(session, person, now)
        programs = [p.id for p in programs_of_member(session, person.id)]
        rounds = [r for r in (latest_round_made_by(session, now), *latest_program_rounds(session, programs, now)
                              .values()) if r is not None]
        intro_round = latest_intro_round(session, person.id, now)
        if intro_round is not None and all(r.id != intro_round.id for r in rounds):
            rounds.append(intro_round)
        if not rounds:
            return Why(NO_ROUND, status, next_round=next_round(services, session, person, now),
                       programs=my_programs(services, session, person, now))
        names = program_names(session, {r.program_id for r in rounds if r.program_id is not None})
        latest = max(rounds, key=lambda r: (r.day, r.created_at, r.id))
        answer = _in_round(session, person, latest, status, names, now)
        if answer.outcome not in (MATCHED, ARRIVING) and intro_round is not None and intro_round.id != latest.id:
            answer = replace(answer, latest_intro=_in_round(session, person, intro_round, status, names, now))
        return answer


def _in_round(session: Session, person: Person, round_: Round, status: Participation, names: dict[int, str],
              now: datetime) -> Why:
    period = round_.period
    program = names.get(round_.program_id, "") if round_.program_id is not None else ""
    if round_.status == SKIPPED:
        return Why(ROUND_SKIPPED, status, period, note=round_.note, program=program)
    if round_.status in (PLANNED, AWAITING_APPROVAL):
        return Why(PREPARING, status, period, program=program)
    intro = intro_in_round(session, round_.id, person.id)
    if intro is not None:
        if intro.send_at is not None and intro.send_at > now:
            return Why(ARRIVING, status, period, arrives_at=intro.send_at.astimezone(zone_of(person.timezone)),
                       program=program)
        others = tuple(member(p) for p in others_in_intro(session, intro.id, person.id))
        return Why(MATCHED, status, period, others=others, reasons=tuple(intro.reasons), program=program)
    record = left_out_record(session, round_.id, person.id)
    if record is not None:
        return Why(LEFT_OUT, status, period, reason=record.reason, program=program)
    return Why(NOT_IN_ROUND, status, period, program=program)
