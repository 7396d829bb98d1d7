"""`cno report org` and `cno report team MANAGER_EMAIL`: the reach reports on the command line."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.bootstrap import bootstrap
from bot.clock import utcnow
from bot.use_cases.reports.org_report import org_report
from bot.use_cases.reports.snapshots import snapshot_weeks
from bot.use_cases.reports.team_reach import team_report_of
from storage.migrate import check_current

app = typer.Typer(help="Network reach reports: the organisation (CNO) or one team.", no_args_is_help=True)


@app.command("org")
def org_command(
    png: Path = typer.Option(None, "--png", help="Write each chart as a PNG file in this directory."),
    html: Path = typer.Option(None, "--html", help="Write a self-contained HTML report (images embedded)."),
) -> None:
    """The CNO's organisation report: new ties, silos (heatmaps, E-I index), reach, brokers."""
    services = bootstrap()
    check_current(services.engine)
    report = org_report(services, utcnow())
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
    manager_email: str = typer.Argument(..., help="Email of the team's manager."),
    all_below: bool = typer.Option(False, "--all", help="Everyone under the manager, not only direct reports."),
    png: Path = typer.Option(None, "--png", help="Write the chart to this PNG file."),
) -> None:
    """One team's reach, as its manager sees it with /team-reach."""
    services = bootstrap()
    check_current(services.engine)
    report = team_report_of(services, manager_email, utcnow(), all_below)
    typer.echo(report.terminal_text)
    if png is not None:
        png.parent.mkdir(parents=True, exist_ok=True)
        png.write_bytes(report.png)
        typer.echo(f"wrote {png}", err=True)


@app.command("snapshot")
def snapshot_command(
    week: str = typer.Option(None, help="ISO week, e.g. 2026-W47 (default: last week)."),
    weeks_back: int = typer.Option(1, "--weeks-back", min=1, max=104, help="Also take the weeks before it."),
) -> None:
    """Store the weekly snapshot of the network metrics (the scheduler does it every Monday)."""
    services = bootstrap()
    check_current(services.engine)
    for taken in snapshot_weeks(services, utcnow(), week, weeks_back):
        typer.echo(f"{taken.week}: {taken.people:,} people, {taken.ties:,} ties, {taken.new_ties:,} new")
