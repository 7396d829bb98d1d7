"""The App Home: a person's intros and controls, and, for the CNO, the rounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bootstrap import Services
from bot.use_cases.people.my_intros import MyIntros, my_intros
from bot.use_cases.programs.admin import ProgramView, programs_section
from bot.use_cases.rounds.admin_view import AdminView, admin_section


@dataclass(frozen=True)
class Home:
    """What the App Home shows (``rounds/home.j2``): the person's intros; the rounds for a CNO, else None."""

    me: MyIntros
    admin: AdminView | None
    programs: list[ProgramView] | None = None  # the CNO's programs (None for anyone else)


def home(services: Services, slack_id: str, now: datetime) -> Home:
    """The person's App Home; raises UnknownPerson for a Slack user not in the organisation's list."""
    admin = admin_section(services, slack_id, now)
    programs = programs_section(services, slack_id, now) if admin is not None else None
    return Home(my_intros(services, slack_id, now), admin, programs)
