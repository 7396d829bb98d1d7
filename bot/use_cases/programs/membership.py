"""Joining a program's channel is joining the program: channel events, and a reconciliation for what was missed.

``member_joined_channel`` / ``member_left_channel`` change one membership; the
reconciliation reads the channel's members (``conversations.members``, paced at Tier 4)
and repairs every difference, so a day the app was down loses nobody. Someone new
to the app who joins a program channel is added from Slack alone (name, title,
time zone, and function and region guessed from those).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError

from bot.bootstrap import Services
from bot.errors import BotError, UsageError
from bot.outbox import enqueue
from bot.use_cases.people.from_slack import person_from_slack
from bot.use_cases.programs.admin import find_program
from bot.use_cases.programs.channel import program_words
from bot.use_cases.programs.slack_pages import paged
from bot.use_cases.programs.timing import next_program_day
from message_templates import render_text
from storage.models import Person, Program, ProgramMember
from storage.models.programs import ENDED
from storage.queries.people import active_person_by_slack_id, person_by_slack_id
from storage.queries.programs import (
    active_people_by_slack_ids,
    memberships_of_program,
    person_by_email_or_slack_id,
    program_in_channel,
    programs_to_reconcile,
)
from storage.uow import Session

log = logging.getLogger(__name__)
MEMBERS_TIER = 4  # conversations.members


@dataclass(frozen=True)
class Reconciled:
    """What a reconciliation found: channel members, joins and leaves repaired, members unknown to the app."""

    program: str
    members: int
    joined: int
    left: int
    unknown: int
    pages: int


def _person_for(services: Services, session: Session, slack_id: str, now: datetime) -> Person | None:
    person = active_person_by_slack_id(session, slack_id)
    if person is not None or person_by_slack_id(session, slack_id) is not None:
        return person  # someone who left stays left
    try:
        user = services.slack.users_info(user=slack_id).get("user") or {}
    except SlackApiError as error:
        if error.response.get("error") == "user_not_found":  # e.g. the app's own bot user joining
            return None
        raise BotError(f"Slack refused users.info for {slack_id}: {error.response.get('error')}") from None
    if not user or user.get("is_bot") or user.get("deleted") or user.get("id") == "USLACKBOT":
        return None
    person = person_from_slack(user, now)
    session.add(person)
    session.flush()
    return person


def welcome(services: Services, session: Session, program: Program, person: Person, now: datetime) -> None:
    """The welcome DM, once per person and program: how it works and how to pause."""
    if not person.slack_id:
        return
    first = next_program_day(program, services.settings.timezone, now)
    text = render_text("programs/welcome_text", p=program_words(program), first=first.strftime("%A %d %B"),
                       opted_in=person.opted_in)
    enqueue(session, f"program:{program.id}:welcome:{person.id}", text=text, users=[person.slack_id])


def _join(services: Services, session: Session, program: Program, person: Person, row: ProgramMember | None,
          now: datetime, greet: bool = True) -> bool:
    if row is not None and row.left_at is None:
        return False
    if row is None:
        session.add(ProgramMember(program_id=program.id, person_id=person.id, joined_at=now))
    else:
        row.left_at, row.joined_at = None, now
    if greet:
        welcome(services, session, program, person, now)
    return True


def member_joined(services: Services, channel_id: str, slack_id: str, now: datetime) -> bool:
    """``member_joined_channel``: the person joins the channel's program (True when that changed something)."""
    with services.uow() as uow:
        program = program_in_channel(uow.session, channel_id)
        if program is None or program.status == ENDED:
            return False
        person = _person_for(services, uow.session, slack_id, now)
        if person is None:
            return False
        rows = memberships_of_program(uow.session, program.id)
        changed = _join(services, uow.session, program, person, rows.get(person.id), now)
        uow.commit()
        return changed


def member_left(services: Services, channel_id: str, slack_id: str, now: datetime) -> bool:
    """``member_left_channel``: the person leaves the channel's program (True when they were in it)."""
    with services.uow() as uow:
        program = program_in_channel(uow.session, channel_id)
        person = person_by_slack_id(uow.session, slack_id)
        if program is None or person is None:
            return False
        row = memberships_of_program(uow.session, program.id).get(person.id)
        if row is None or row.left_at is not None:
            return False
        row.left_at = now
        uow.commit()
        return True


def reconcile_program(services: Services, program_id: int, now: datetime,
                      sleep: Callable[[float], None] = time.sleep) -> Reconciled:
    """Read the channel's members and repair the program's membership to match; welcome whoever was missed."""
    with services.uow() as uow:
        program = uow.session.get(Program, program_id)
        if program is None:
            raise BotError(f"no program with id {program_id}")
        channel, name = program.channel_id, program.name
    in_channel: list[str] = []
    pages = 0
    for page in paged(services.slack.conversations_members, "members", tier=MEMBERS_TIER, sleep=sleep,
                      what=f"conversations.members for {channel} (invite the app to the channel)",
                      channel=channel):
        in_channel += page
        pages += 1
    with services.uow() as uow:
        program = uow.session.get(Program, program_id)
        assert program is not None
        known = active_people_by_slack_ids(uow.session, in_channel)
        rows = memberships_of_program(uow.session, program.id)
        # The first reading of a channel is its launch: the announcement there told everyone, so no DM each
        # (20,000 welcome DMs would take Slack's Tier 3 over six hours); later readings welcome whom we missed.
        greet = program.members_synced_at is not None
        joined = sum(_join(services, uow.session, program, p, rows.get(p.id), now, greet) for p in known.values())
        present = {p.id for p in known.values()}
        left = 0
        for person_id, row in rows.items():
            if row.left_at is None and person_id not in present:
                row.left_at, left = now, left + 1
        program.members_synced_at = now
        uow.commit()
    return Reconciled(name, len(set(in_channel)), joined, left, len(set(in_channel)) - len(known), pages)


def reconcile_named(services: Services, name_or_id: str, now: datetime,
                    sleep: Callable[[float], None] = time.sleep) -> Reconciled:
    """``cno program sync NAME``: :func:`reconcile_program` for the program of that name (or channel)."""
    with services.uow() as uow:
        program_id = find_program(uow.session, name_or_id).id
    return reconcile_program(services, program_id, now, sleep)


RECONCILE_EVERY = timedelta(hours=24)
RETRY_AFTER = timedelta(hours=1)


def reconcile_sweep(services: Services, now: datetime) -> None:
    """A sweep: each program's membership is reconciled with its channel once a day (and first after start-up)."""
    with services.uow() as uow:
        ids = [p.id for p in programs_to_reconcile(uow.session, now - RECONCILE_EVERY, now - RETRY_AFTER)]
    for program_id in ids:
        try:
            found = reconcile_program(services, program_id, now)
        except BotError as error:
            with services.uow() as uow:
                program = uow.session.get(Program, program_id)
                if program is not None:
                    program.members_failed_at = now  # retried in an hour, not at every tick
                uow.commit()
            log.warning("program %s: membership not reconciled (retried in an hour): %s", program_id, error)
            continue
        log.info("program %s reconciled: %d in channel, %d joined, %d left, %d unknown", found.program,
                 found.members, found.joined, found.left, found.unknown)


def assign_seat(services: Services, name_or_id: str, who: str, seat: str, now: datetime) -> str:
    """``cno program seat NAME EMAIL SEAT``: the member's seat in a seats program (e.g. mentor or mentee)."""
    with services.uow() as uow:
        program = find_program(uow.session, name_or_id)
        seats = program.seat_names()
        if seat.strip().lower() not in seats:
            raise UsageError(f"the program {program.name!r} has the seats {', '.join(seats) or '(none)'}, "
                             f"not {seat!r}")
        person = person_by_email_or_slack_id(uow.session, who)
        if person is None:
            raise UsageError(f"nobody with the email or Slack id {who!r}")
        row = memberships_of_program(uow.session, program.id).get(person.id)
        if row is None or row.left_at is not None:
            raise UsageError(f"{who} is not in the channel of {program.name!r}: they join by joining it")
        row.seat = seat.strip().lower()
        uow.commit()
        return row.seat
