"""The demo's team reach: what the largest team's channel would see for `/team-reach all`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.bootstrap import Services
from bot.use_cases.reports.team_reach import team_report
from storage.queries.people import manager_of_the_largest_team


@dataclass(frozen=True)
class DemoTeamReach:
    manager_name: str
    text: str


def demo_team_reach(services: Services, today: date) -> DemoTeamReach | None:
    """The reach report of the manager with the most direct reports, as a terminal shows it (None: no manager)."""
    with services.uow() as uow:
        manager = manager_of_the_largest_team(uow.session)
        if manager is None:
            return None
        report = team_report(uow.session, manager, today, whole_subtree=True)
        uow.commit()
    return DemoTeamReach(manager.name, report.terminal_text)
