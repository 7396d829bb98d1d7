"""`cno demo`: the app on a synthetic organisation, with no Slack workspace needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import typer
from rich.console import Console
from rich.panel import Panel
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bot.bootstrap import Services, bootstrap
from bot.settings import Settings
from storage.migrate import upgrade
from storage.models import Person

#: The demo's own database, so it never mixes synthetic people into the real one (DATABASE_URL).
DEMO_DATABASE_URL = "sqlite:///cno-demo.db"


def demo(
    people: int = typer.Option(2000, "--people", min=10, max=200_000, help="Size of the synthetic organisation."),
    seed: int = typer.Option(7, help="The same seed builds the same organisation and round."),
    show: int = typer.Option(3, help="How many intro messages to print."),
    database_url: str = typer.Option(
        DEMO_DATABASE_URL, "--database-url",
        help="Where the demo organisation goes: its own file by default, never DATABASE_URL; a database "
             "holding real people is refused."),
) -> None:
    """Build a synthetic organisation in its own database, run one dry-run round, and show a reach report."""

    from bot.use_cases.demo.org import refuse_real_people, seed_demo_org  # heavy imports only when the demo runs

    console = Console()
    settings = replace(Settings.from_env(), database_url=database_url)
    services = bootstrap(settings)
    refuse_real_people(services)
    upgrade(services.engine)
    today = date.today()
    with console.status("Building a synthetic organisation…"), services.uow() as uow:
        org = seed_demo_org(uow.session, people, seed)
        uow.commit()
    url = services.engine.url.render_as_string(hide_password=True)
    console.print(Panel.fit(
        f"[bold]{org.people:,}[/] people and [bold]{org.ties:,}[/] ties in {url}\n"
        "Functions, regions, levels and teams with managers; ties dense inside teams and functions, "
        "sparse across them — like a real company.",
        title="A synthetic organisation",
    ))
    _show_round(console, services, today, seed, show)
    _show_team_reach(console, services, today)


def _show_round(console: Console, services: Services, today: date, seed: int, show: int) -> None:
    from bot.use_cases.demo.round import demo_round

    with console.status("Running a dry-run intro round…"):
        text = demo_round(services, today, seed, show)
    console.print(Panel(text, title="This week's intros (dry run: nothing is sent)"))


def _show_team_reach(console: Console, services: Services, today: date) -> None:
    from bot.use_cases.reports.team_reach import team_report

    report_ = aliased(Person)
    with services.uow() as uow:
        manager = uow.session.scalar(
            select(Person)
            .join(report_, report_.manager_id == Person.id)
            .where(Person.active.is_(True))
            .group_by(Person.id)
            .order_by(func.count(report_.id).desc(), Person.id)
            .limit(1)
        )
        if manager is None:
            return
        report = team_report(uow.session, manager, today, whole_subtree=True)
        uow.commit()
    console.print(Panel(report.terminal_text, title=f"/team-reach all — what {manager.name}'s channel would see"))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
