"""Who is asking (the person behind a Slack user), whether they take part in the next round, and when it is.

Words: ``message_templates/people/_words.j2``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.bootstrap import Services
from bot.errors import UsageError
from bot.local_time import local_today, zone_of
from bot.names import display_name
from bot.use_cases.rounds.settings import load_round_settings, schedule_of
from storage.models import Person
from storage.queries.people import active_person_by_slack_id
from storage.queries.rounds import has_open_quiet_pause
from storage.uow import Session

OPTED_OUT = "opted_out"
QUIET_PAUSED = "quiet_paused"
PAUSED = "paused"
TAKING_PART = "taking_part"


class UnknownPerson(UsageError):
    """The Slack user is not in the organisation's list yet."""

    def __init__(self) -> None:
        super().__init__("I don't know you yet: ask your CNO to add you (or to run `cno sync-slack`).")


def person_by_slack(session: Session, slack_id: str) -> Person:
    """The active person with this Slack id; raises :class:`UnknownPerson` for anyone else."""
    person = active_person_by_slack_id(session, slack_id)
    if person is None:
        raise UnknownPerson()
    return person


def today_for(person: Person, now: datetime) -> date:
    return local_today(person.timezone, now)


@dataclass(frozen=True)
class Participation:
    """Whether the person takes part in the next round; if not, why (``state``) and until when."""

    state: str
    paused_until: date | None = None

    @property
    def taking_part(self) -> bool:
        return self.state == TAKING_PART


def participation(session: Session, person: Person, now: datetime) -> Participation:
    """Whether the person takes part in the next round, and if not, why."""
    if not person.opted_in:
        return Participation(OPTED_OUT)
    if has_open_quiet_pause(session, person.id):
        return Participation(QUIET_PAUSED)
    if person.paused_until is not None and person.paused_until > today_for(person, now):
        return Participation(PAUSED, person.paused_until)
    return Participation(TAKING_PART)


@dataclass(frozen=True)
class NextRound:
    """When the next round is, and at what hour of theirs the person's intro arrives."""

    day: date
    schedule: str
    local_hour: int
    zone: str


def next_round(services: Services, session: Session, person: Person, now: datetime) -> NextRound:
    row = load_round_settings(session)
    schedule = schedule_of(row, services.settings.timezone)
    day = schedule.next_round_at(now).astimezone(schedule.zone).date()
    return NextRound(day, schedule.describe(), row.local_send_hour, zone_of(person.timezone).key)


@dataclass(frozen=True)
class Member:
    """Someone in an intro, as the others read them: name, function and region."""

    name: str
    function: str
    region: str


def member(person: Person) -> Member:
    return Member(display_name(person), person.function, person.region)
