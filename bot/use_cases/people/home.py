"""The App Home: a person's intros, their outside relationships and controls, and, for the CNO, the rounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.bootstrap import Services
from bot.roles import person_is_cno
from bot.use_cases.find.contacts import MyRelationships, relationships_shown
from bot.use_cases.people.my_intros import MyIntros, intros_of
from bot.use_cases.people.participation import person_by_slack
from bot.use_cases.programs.admin import ProgramView, programs_shown
from bot.use_cases.rounds.admin_view import AdminView, admin_view


@dataclass(frozen=True)
class Home:
    """What the App Home shows (``rounds/home.j2``, ``find/home.j2``): the person's intros and relationships;
    the rounds and programs for a CNO, else None."""

    me: MyIntros
    relationships: MyRelationships
    admin: AdminView | None = None
    programs: list[ProgramView] | None = None  # the CNO's programs (None for anyone else)


def home(services: Services, slack_id: str, now: datetime) -> Home:
    """The person's App Home, read in one transaction (the person once); raises UnknownPerson for a Slack
    user not in the organisation's list."""
    with services.uow() as uow:
        session = uow.session
        person = person_by_slack(session, slack_id)
        shown = Home(intros_of(services, session, person, now), relationships_shown(session, person))
        if not person_is_cno(services.settings, person):  # by the Slack id they were found by, or their email
            return shown
        return Home(shown.me, shown.relationships, admin_view(services, session, now),
                    programs_shown(services, session, now))
