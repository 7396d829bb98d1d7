"""Someone whose partner dropped out of a round made ahead, and nobody was free: a kind word at their local hour.

Shared by :mod:`bot.use_cases.rounds.withdrawal` (when the round is already out) and
:mod:`bot.use_cases.rounds.delivery` (on release, for those left alone while the round waited for approval).
"""

from __future__ import annotations

from datetime import datetime

from bot.local_time import local_send_time, zone_of
from bot.outbox import enqueue
from bot.use_cases.rounds.participants import PARTNER_WITHDREW
from message_templates import render_text
from storage.models import Person, Round, RoundSettings
from storage.queries.people import people_by_id
from storage.uow import Session


def alone_key(round_id: int, person_id: int) -> str:
    return f"round:{round_id}:alone:{person_id}"


def tell_alone(session: Session, round_: Round, person: Person | None, settings: RoundSettings,
               now: datetime) -> None:
    """The kind word to ``person``, at their local send hour of the round's day."""
    if person is None or not person.slack_id:
        return
    at = local_send_time(zone_of(person.timezone), round_.day, settings.local_send_hour, now)
    enqueue(session, alone_key(round_.id, person.id), text=render_text("rounds/left_alone_text"),
            users=[person.slack_id], not_before=at)


def tell_left_alone(session: Session, round_: Round, settings: RoundSettings, now: datetime) -> None:
    """On release: the kind word for everyone whose partner dropped out while the round waited (approval)."""
    ids = [r.person_id for r in round_.left_out if r.code == PARTNER_WITHDREW]
    for person in people_by_id(session, ids).values() if ids else ():
        tell_alone(session, round_, person, settings, now)
