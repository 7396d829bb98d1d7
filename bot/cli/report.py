"""`cno report org` and `cno report team MANAGER_EMAIL`: the reach reports on the command line."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import typer

from bot.bootstrap import Services
from bot.cli.ready import ready_services
from bot.use_cases.reports.org_report import build_report
from bot.use_cases.reports.snapshots import take_snapshot
from bot.use_cases.reports.team_reach import manager_by_email, team_report
from storage.models.base import utcnow
from storage.reach import iso_week, week_start

app = typer.Typer(help="Network reach reports: the organisation (CNO) or one team.", no_args_is_help=True)


def _today(services: Services) -> date:
    return utcnow().astimezone(services.settings.zone).date()


@app.command("org")
def org_command(
    png: Path = typer.Option(None, "--png", metavar="DIR", help="Write each chart as a PNG file in this directory."),
    html: Path = typer.Option(None, "--html", metavar="FILE",
                              help="Write a self-contained HTML report (images embedded)."),
) -> None:
    """The CNO's organisation report: new ties, silos (heatmaps, E-I index), reach, brokers."""
    services = ready_services()
    with services.uow() as uow:
        report = build_report(uow.session, _today(services))
        uow.commit()
    typer.echo(report.text(slack=False))
    if png is not None:
        for path in report.write_pngs(png):
            typer.echo(f"wrote {path}", err=True)
    if html is not None:
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(report.html(), encoding="utf-8")
        typer.echo(f"wrote {html}", err=True)


@app.command("team")
def team_command(
    manager_email: str = typer.Argument(..., metavar="MANAGER_EMAIL", help="Email of the team's manager."),
    all_below: bool = typer.Option(False, "--all", help="Everyone under the manager, not only direct reports."),
    png: Path = typer.Option(None, "--png", metavar="FILE", help="Write the chart to this PNG file."),
) -> None:
    """One team's reach, as its manager sees it with /team-reach."""
    services = ready_services()
    with services.uow() as uow:
        manager = manager_by_email(uow.session, manager_email)
        report = team_report(uow.session, manager, _today(services), all_below)
        uow.commit()
    typer.echo(report.terminal_text)
    if png is not None:
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(report.png)
        typer.echo(f"wrote {png}", err=True)


@app.command("snapshot")
def snapshot_command(
    week: str = typer.Option(None, metavar="WEEK", help="ISO week, e.g. 2026-W47 (default: last week)."),
    weeks_back: int = typer.Option(1, "--weeks-back", metavar="N", min=1, max=104,
                                   help="Also take the weeks before it."),
) -> None:
    """Store the weekly snapshot of the network metrics (the scheduler does it every Monday)."""
    services = ready_services()
    last = week or iso_week(_today(services) - timedelta(days=7))
    monday = week_start(last)
    for back in range(weeks_back - 1, -1, -1):
        wanted = iso_week(monday - timedelta(weeks=back))
        with services.uow() as uow:
            row = take_snapshot(uow.session, wanted)
            uow.commit()
            typer.echo(f"{wanted}: {row.people:,} people, {row.ties:,} ties, {row.new_ties:,} new")
