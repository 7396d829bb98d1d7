"""`cno report org`, `cno report team MANAGER_EMAIL` and `cno report external`: the reports on the command line."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import typer

from bot.bootstrap import Services, bootstrap
from bot.errors import UsageError
from bot.use_cases.find.external import external_report
from bot.use_cases.reports.org_report import build_report
from bot.use_cases.reports.snapshots import take_snapshot
from bot.use_cases.reports.team_reach import manager_by_email, team_report
from message_templates import render_text
from storage.migrate import check_current
from storage.models.base import utcnow
from storage.models.contacts import ORGANISATION_LIMIT
from storage.reach import iso_week, week_start

app = typer.Typer(help="Network reach reports: the organisation (CNO) or one team.", no_args_is_help=True)


def _today(services: Services) -> date:
    return utcnow().astimezone(services.settings.zone).date()


@app.command("org")
def org_command(
    png: Path = typer.Option(None, "--png", help="Write each chart as a PNG file in this directory."),
    html: Path = typer.Option(None, "--html", help="Write a self-contained HTML report (images embedded)."),
) -> None:
    """The CNO's organisation report: new ties, silos (heatmaps, E-I index), reach, brokers."""
    services = bootstrap()
    check_current(services.engine)
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
    manager_email: str = typer.Argument(..., help="Email of the team's manager."),
    all_below: bool = typer.Option(False, "--all", help="Everyone under the manager, not only direct reports."),
    png: Path = typer.Option(None, "--png", help="Write the chart to this PNG file."),
) -> None:
    """One team's reach, as its manager sees it with /team-reach."""
    services = bootstrap()
    check_current(services.engine)
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
    week: str = typer.Option(None, help="ISO week, e.g. 2026-W47 (default: last week)."),
    weeks_back: int = typer.Option(1, "--weeks-back", min=1, max=104, help="Also take the weeks before it."),
) -> None:
    """Store the weekly snapshot of the network metrics (the scheduler does it every Monday)."""
    services = bootstrap()
    check_current(services.engine)
    last = week or iso_week(_today(services) - timedelta(days=7))
    monday = week_start(last)
    for back in range(weeks_back - 1, -1, -1):
        wanted = iso_week(monday - timedelta(weeks=back))
        with services.uow() as uow:
            row = take_snapshot(uow.session, wanted)
            uow.commit()
            typer.echo(f"{wanted}: {row.people:,} people, {row.ties:,} ties, {row.new_ties:,} new")


@app.command("external")
def external_command(
    key_accounts: Path = typer.Option(
        None, "--key-accounts",
        help="A text file with one organisation a line: it becomes the list of key accounts (kept for /cno-report).",
    ),
) -> None:
    """Outside relationships as counts per organisation: single-threaded, single-function, key accounts reached."""
    names = _key_account_names(key_accounts) if key_accounts is not None else None
    services = bootstrap()
    check_current(services.engine)
    report = external_report(services, names)
    typer.echo(render_text("find/external", r=report, slack=False))


def _key_account_names(path: Path) -> list[str]:
    """One organisation a line; blank lines, lines starting with '#' and a header 'organisation' are skipped."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        problem = "is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else f"cannot be read: {error.strerror}"
        raise UsageError(f"{path}: {problem}") from None
    names = [" ".join(line.split()) for line in lines]
    names = [n for n in names if n and not n.startswith("#")]
    if names and names[0].casefold() == "organisation":
        names = names[1:]
    too_long = [i for i, n in enumerate(names, start=1) if len(n) > ORGANISATION_LIMIT]
    if too_long:
        raise UsageError(f"{path}: organisation {too_long[0]} is longer than {ORGANISATION_LIMIT} characters")
    return names
