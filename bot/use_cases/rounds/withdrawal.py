"""Dropping out of a round already made: the unsent intro goes without them, and nobody is left stranded.

A round is made ahead of its send time (the preview lead). Someone who pauses, opts
out or leaves before their intro is sent is withdrawn from it: its pending outbox
row is cancelled and, for a pause or opt-out, they are recorded as left out with
the reason (``/networking why`` says it). A trio that loses one member is
introduced as a pair; a person left alone gets another person who is free this
round (left out, or left alone too) if the engine's hard rules allow the pair,
else they are recorded as left out (which gives priority next round) and told
kindly at their local hour.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from bot.outbox import cancel_pending
from bot.use_cases.rounds.delivery import intro_key, queue_intro
from bot.use_cases.rounds.left_alone import alone_key, tell_alone
from bot.use_cases.rounds.participants import PARTNER_WITHDREW, UNLUCKY, load_history
from matching.explain import explain_groups
from matching.people import Person as EnginePerson
from matching.roster import build_roster
from matching.rounds import RoundConfig
from matching.rules import ineligibility, pair_violation, recent_pairs
from storage.graph import load_graph
from storage.models import Intro, IntroMember, LeftOutRecord, Person, Round
from storage.models.rounds import RELEASED
from storage.queries import rounds as queries
from storage.queries.people import ids_on_slack
from storage.roster import load_people
from storage.uow import Session

ALONE_REASON = ("Your partner can't make it this week and nobody else was free. "
                "You'll get priority next round.")


def withdraw_from_unsent_intros(session: Session, person_id: int, now: datetime, *, code: str | None = None,
                                reason: str = "", until: date | None = None) -> list[Round]:
    """Take ``person_id`` out of every intro of theirs not sent yet; returns the rounds they left.

    ``code`` and ``reason``: record them as left out of those rounds (a leaver is not).
    ``until``: a pause's end; rounds on or after that day keep them. The caller commits.
    """
    rows = queries.unsent_intros_of(session, person_id)
    left: list[Round] = []
    for member, intro, round_ in rows:
        if until is not None and until <= round_.day:
            continue
        if round_.status in RELEASED and not cancel_pending(session, intro_key(intro.id), exact=True):
            continue  # delivered or on its way: it stays part of their history
        remaining = [m.person_id for m in intro.members if m is not member]
        intro.members.remove(member)
        session.flush()
        if code is not None:
            _record_left_out(session, round_, person_id, code, reason)
        _after_losing_a_member(session, round_, intro, remaining, now)
        left.append(round_)
    session.flush()
    return left


def _record_left_out(session: Session, round_: Round, person_id: int, code: str, reason: str) -> None:
    record = queries.left_out_record(session, round_.id, person_id)
    if record is None:
        round_.left_out.append(LeftOutRecord(person_id=person_id, code=code, reason=reason))
    else:
        record.code, record.reason = code, reason
    session.flush()


def _after_losing_a_member(session: Session, round_: Round, intro: Intro, remaining: list[int],
                           now: datetime) -> None:
    """A trio goes on as a pair; someone left alone gets a free partner or is told kindly."""
    score = intro.score
    round_.intros.remove(intro)
    session.flush()
    if not remaining:
        return
    people = load_people(session, round_.day)  # as the engine sees them on the round's day
    if len(remaining) == 1:
        person_id = remaining[0]
        partner = _free_partner(session, round_, person_id, people)
        if partner is None:
            _left_alone(session, round_, person_id, now)
            return
        remaining = [person_id, partner]
        for record in [r for r in round_.left_out if r.person_id == partner]:
            round_.left_out.remove(record)
        cancel_pending(session, alone_key(round_.id, partner), exact=True)
    new = Intro(score=score, reasons=list(_reasons(session, people, remaining)), trio=len(remaining) > 2)
    new.members = [IntroMember(person_id=pid) for pid in remaining]
    round_.intros.append(new)
    session.flush()
    if round_.status in RELEASED:
        queue_intro(session, round_, new, queries.round_settings(session), now)


def _free_partner(session: Session, round_: Round, person_id: int, people: Mapping[int, EnginePerson]
                  ) -> int | None:
    """Someone left without a partner in this round whom the engine's hard rules allow with ``person_id``."""
    free = [pid for pid in queries.left_out_with_codes(session, round_.id, UNLUCKY) if pid != person_id]
    me = people.get(person_id)
    if me is None:
        return None
    with_slack = ids_on_slack(session, free)
    config = RoundConfig()
    recent = recent_pairs(load_history(session, round_.day), round_.day, config.repeat_window_weeks)
    for other_id in free:
        other = people.get(other_id)
        if other is None or other_id not in with_slack or ineligibility(other, round_.day) is not None:
            continue
        if pair_violation(me, other, recent, config.min_overlap_hours, config.max_level_gap) is None:
            return other_id
    return None


def _reasons(session: Session, people: Mapping[int, EnginePerson], members: list[int]) -> tuple[str, ...]:
    """The engine's reasons for a group made after the round (as the round would have given them)."""
    ids = [pid for pid in members if pid in people]
    if len(ids) < 2:
        return ()
    roster = build_roster(people, ids, load_graph(session), set())
    return explain_groups(roster, [tuple(range(len(ids)))], RoundConfig().min_overlap_hours)[0]


def _left_alone(session: Session, round_: Round, person_id: int, now: datetime) -> None:
    """Nobody free: left out (priority next round), and a kind word at their local hour once the round is out."""
    _record_left_out(session, round_, person_id, PARTNER_WITHDREW, ALONE_REASON)
    if round_.status in RELEASED:
        tell_alone(session, round_, session.get(Person, person_id), queries.round_settings(session), now)
