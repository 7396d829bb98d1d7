"""The CNO creates, edits, pauses, resumes and ends programs (`cno program …` and the App Home modal)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from bot.bootstrap import Services
from bot.errors import UsageError
from bot.roles import require_cno
from bot.use_cases.programs.channel import announce_launch, announce_status
from bot.use_cases.programs.timing import next_program_day
from storage.models import Program
from storage.models.programs import (
    ACTIVE,
    ATTRIBUTES,
    ENDED,
    INTRO_TYPES,
    MAX_GROUP,
    MIN_GROUP,
    PAUSED,
)
from storage.models.rounds import CADENCES, WEEKDAYS
from storage.queries.programs import all_programs, member_counts, program_in_channel, program_named
from storage.uow import Session

CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{4,}$")
REFUSAL = "Only the CNO can manage programs."
STATUS_MOVES = {"pause": (ACTIVE, PAUSED), "resume": (PAUSED, ACTIVE), "end": (None, ENDED)}


@dataclass(frozen=True)
class ProgramSpec:
    """What the CNO chose for a program (all plain values; checked by :func:`check_spec`)."""

    name: str
    channel_id: str
    cadence: str = "weekly"
    weekday: str = "mon"
    local_hour: int = 9
    group_size: int = 2
    intro_type: str = "mixed"
    attribute: str = ""
    seats: str = ""
    approval_required: bool = False
    follow_up_days: int = 4


@dataclass(frozen=True)
class ProgramView:
    """A program as the CLI and the App Home show it."""

    id: int
    spec: ProgramSpec
    status: str
    members: int
    next_day: str


def check_spec(spec: ProgramSpec) -> ProgramSpec:
    """The spec, normalised; :class:`UsageError` naming the first thing that is wrong and how to put it right."""
    name = " ".join(spec.name.split())
    if not name or len(name) > 80:
        raise UsageError("a program needs a name of 1 to 80 characters, e.g. `cno program create \"New hires\" ...`")
    channel = spec.channel_id.strip().upper()
    if not CHANNEL_ID.match(channel):
        raise UsageError(f"--channel must be a Slack channel id such as C0123ABCD, not {spec.channel_id!r} "
                         "(in Slack: the channel's name › About › Channel ID)")
    weekday = spec.weekday.strip().lower()[:3]
    if spec.cadence not in CADENCES:
        raise UsageError(f"--cadence must be one of {', '.join(CADENCES)}, not {spec.cadence!r}")
    if weekday not in WEEKDAYS:
        raise UsageError(f"--day must be one of {', '.join(WEEKDAYS)}, not {spec.weekday!r}")
    if not 0 <= spec.local_hour <= 23:
        raise UsageError(f"--local-hour must be between 0 and 23, not {spec.local_hour}")
    if not MIN_GROUP <= spec.group_size <= MAX_GROUP:
        raise UsageError(f"--group-size must be between {MIN_GROUP} and {MAX_GROUP}, not {spec.group_size}")
    if spec.intro_type not in INTRO_TYPES:
        raise UsageError(f"--intro must be one of {', '.join(INTRO_TYPES)}, not {spec.intro_type!r}")
    if spec.intro_type in ("across", "within") and spec.attribute not in ATTRIBUTES:
        raise UsageError(f"an {spec.intro_type!r} program needs --attribute, one of {', '.join(ATTRIBUTES)}")
    seats = ",".join(s.strip().lower() for s in spec.seats.split(",") if s.strip())
    if spec.intro_type == "seats" and len(seats.split(",")) != 2:
        raise UsageError("a seats program needs two seats, e.g. --seats mentor,mentee")
    if not 1 <= spec.follow_up_days <= 30:
        raise UsageError(f"--follow-up-days must be between 1 and 30, not {spec.follow_up_days}")
    attribute = spec.attribute if spec.intro_type in ("across", "within") else ""
    return replace(spec, name=name, channel_id=channel, weekday=weekday, seats=seats if spec.intro_type == "seats"
                   else "", attribute=attribute)


def _spec_of(program: Program) -> ProgramSpec:
    return ProgramSpec(program.name, program.channel_id, program.cadence, program.weekday, program.local_hour,
                       program.group_size, program.intro_type, program.attribute, program.seats,
                       program.approval_required, program.follow_up_days)


def _view(services: Services, program: Program, members: int, now: datetime) -> ProgramView:
    next_day = next_program_day(program, services.settings.timezone, now) if program.status == ACTIVE else None
    return ProgramView(program.id, _spec_of(program), program.status, members,
                       next_day.isoformat() if next_day else "")


def _check_allowed(services: Services, session: Session, actor: str | None) -> None:
    if actor is not None:  # None: the command line, run by whoever runs the server
        require_cno(session, services.settings, actor, REFUSAL)


def _check_free(session: Session, spec: ProgramSpec, program_id: int | None) -> None:
    same_name = program_named(session, spec.name)
    if same_name is not None and same_name.id != program_id:
        raise UsageError(f"a program named {spec.name!r} exists already (`cno program list`)")
    same_channel = program_in_channel(session, spec.channel_id)
    if same_channel is not None and same_channel.id != program_id:
        raise UsageError(f"channel {spec.channel_id} already belongs to the program {same_channel.name!r}")


def create_program(services: Services, spec: ProgramSpec, now: datetime, actor: str | None = None) -> ProgramView:
    """A new active program in its channel, announced there; people join by joining the channel."""
    spec = check_spec(spec)
    with services.uow() as uow:
        _check_allowed(services, uow.session, actor)
        _check_free(uow.session, spec, None)
        program = Program(**{k: getattr(spec, k) for k in ProgramSpec.__dataclass_fields__},
                          status=ACTIVE, created_by=actor or "cli", created_at=now, updated_at=now)
        uow.session.add(program)
        uow.session.flush()
        announce_launch(services, uow.session, program, now)
        view = _view(services, program, 0, now)
        uow.commit()
        return view


def edit_program(services: Services, program_id: int, spec: ProgramSpec, now: datetime,
                 actor: str | None = None) -> ProgramView:
    """Change a program's settings (the App Home modal)."""
    spec = check_spec(spec)
    with services.uow() as uow:
        _check_allowed(services, uow.session, actor)
        program = uow.session.get(Program, program_id)
        if program is None or program.status == ENDED:
            raise UsageError("that program is gone or has ended; create a new one")
        _check_free(uow.session, spec, program_id)
        for key in ProgramSpec.__dataclass_fields__:
            setattr(program, key, getattr(spec, key))
        program.updated_at = now
        view = _view(services, program, member_counts(uow.session).get(program.id, 0), now)
        uow.commit()
        return view


def find_program(session: Session, name_or_id: str) -> Program:
    """The program called ``name_or_id`` (or with that id or channel), or a :class:`UsageError`."""
    program = program_named(session, name_or_id) or program_in_channel(session, name_or_id.strip().upper())
    if program is None and name_or_id.strip().isdigit():
        program = session.get(Program, int(name_or_id))
    if program is None:
        raise UsageError(f"no program called {name_or_id!r} (`cno program list` shows them)")
    return program


def change_status(services: Services, name_or_id: str, move: str, now: datetime,
                  actor: str | None = None) -> ProgramView:
    """``pause``, ``resume`` or ``end`` a program; the channel is told. Ending is final."""
    before, after = STATUS_MOVES[move]
    with services.uow() as uow:
        _check_allowed(services, uow.session, actor)
        program = find_program(uow.session, name_or_id)
        if program.status == ENDED:
            raise UsageError(f"the program {program.name!r} has ended; create a new one to start again")
        if before is not None and program.status != before:
            raise UsageError(f"the program {program.name!r} is {program.status}, so it cannot {move}")
        program.status, program.updated_at = after, now
        announce_status(services, uow.session, program, now)
        view = _view(services, program, member_counts(uow.session).get(program.id, 0), now)
        uow.commit()
        return view


def list_programs(services: Services, now: datetime, actor: str | None = None) -> list[ProgramView]:
    """Every program with its members and next round day."""
    with services.uow() as uow:
        _check_allowed(services, uow.session, actor)
        counts = member_counts(uow.session)
        return [_view(services, p, counts.get(p.id, 0), now) for p in all_programs(uow.session)]


def program_view(services: Services, program_id: int, now: datetime, actor: str | None = None) -> ProgramView:
    """One program, for the edit modal."""
    with services.uow() as uow:
        _check_allowed(services, uow.session, actor)
        program = uow.session.get(Program, program_id)
        if program is None:
            raise UsageError("that program is gone")
        return _view(services, program, member_counts(uow.session).get(program.id, 0), now)


def programs_shown(services: Services, session: Session, now: datetime) -> list[ProgramView]:
    """Every program as the CNO's App Home lists them (ended ones last)."""
    counts = member_counts(session)
    views = [_view(services, p, counts.get(p.id, 0), now) for p in all_programs(session)]
    return sorted(views, key=lambda v: (v.status == ENDED, v.id))
