"""`cno report org`, `cno report team MANAGER_EMAIL` and `cno report external`: the reports on the command line."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.ready import ready_services
from bot.clock import utcnow
from bot.errors import UsageError
from bot.use_cases.find.external import external_report
from bot.use_cases.reports.org_report import org_report
from bot.use_cases.reports.snapshots import snapshot_weeks
from bot.use_cases.reports.team_reach import team_report_of
from message_templates import render_text
from storage.models.contacts import ORGANISATION_LIMIT

app = typer.Typer(help="Network reach reports: the organisation (CNO) or one team.", no_args_is_help=True)


@app.command("org")
def org_command(
    png: Path = typer.Option(None, "--png", metavar="DIR", help="Write each chart as a PNG file in this directory."),
    html: Path = typer.Option(None, "--html", metavar="FILE",
                              help="Write a self-contained HTML report (images embedded)."),
) -> None:
    """The CNO's organisation report: new ties, silos (heatmaps, E-I index), reach, brokers."""
    services = ready_services()
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
    manager_email: str = typer.Argument(..., metavar="MANAGER_EMAIL", help="Email of the team's manager."),
    all_below: bool = typer.Option(False, "--all", help="Everyone under the manager, not only direct reports."),
    png: Path = typer.Option(None, "--png", metavar="FILE", help="Write the chart to this PNG file."),
) -> None:
    """One team's reach, as its manager sees it with /team-reach."""
    services = ready_services()
    report = team_report_of(services, manager_email, utcnow(), all_below)
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
    for taken in snapshot_weeks(services, utcnow(), week, weeks_back):
        typer.echo(f"{taken.week}: {taken.people:,} people, {taken.ties:,} ties, {taken.new_ties:,} new")


@app.command("external")
def external_command(
    key_accounts: Path = typer.Option(
        None, "--key-accounts",
        help="A text file with one organisation a line: it becomes the list of key accounts (kept for /cno-report).",
    ),
) -> None:
    """Outside relationships as counts per organisation: single-threaded, single-function, key accounts reached."""
    names = _key_account_names(key_accounts) if key_accounts is not None else None
    services = ready_services()
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
