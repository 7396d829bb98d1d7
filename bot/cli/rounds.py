"""`cno round run | preview | schedule`: intro rounds from the command line."""

from __future__ import annotations

import json
from datetime import datetime

import typer

from bot.bootstrap import Services
from bot.cli.ready import ready_services
from bot.clock import utcnow
from bot.errors import UsageError
from bot.scheduler import apply_schedule
from bot.use_cases.rounds.blockers import why_no_intros
from bot.use_cases.rounds.making import dry_run_lines, round_preview, run_round_now
from bot.use_cases.rounds.settings import round_schedule
from message_templates import render_text


def _echo_blocker(services: Services, now: datetime, week: str | None) -> None:
    code = why_no_intros(services, now, week)
    if code:
        typer.echo(render_text("rounds/blocker_text", code=code))

app = typer.Typer(help="Intro rounds: run one now, preview the next, or set the schedule.", no_args_is_help=True)


@app.command("run")
def run_command(
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the round it would make; send nothing."),
    week: str | None = typer.Option(None, "--week", metavar="WEEK",
                                    help="The period, e.g. 2026-W48 (default: this week)."),
    as_json: bool = typer.Option(False, "--json", help="With --dry-run: one JSON object per line."),
    seed: int | None = typer.Option(None, "--seed", metavar="N", help="Seed for a reproducible round."),
) -> None:
    """Make one intro round now (the period's round, once), or show it with --dry-run."""
    services = ready_services()
    now = utcnow()
    if dry_run:
        lines = dry_run_lines(services, now, week=week, seed=seed)
        if as_json:
            for line in lines:
                typer.echo(json.dumps(line, ensure_ascii=False))
            return
        for line in lines[:-1]:
            typer.echo(f"{' + '.join(line['members'])}  (score {line['score']:.2f})")
            for reason in line["reasons"]:
                typer.echo(f"    - {reason}")
        left_out = lines[-1]["left_out"]
        typer.echo(f"{len(lines) - 1} intros; {len(left_out)} not matched")
        for entry in left_out:
            typer.echo(f"  {entry['email']}: {entry['reason']}")
        if len(lines) == 1:
            _echo_blocker(services, now, week)
        return
    round_ = run_round_now(services, now, week=week, seed=seed)
    typer.echo(f"round {round_.period}: {len(round_.intros)} intros queued for delivery "
               f"({len(round_.left_out)} people not matched); `cno serve` delivers them")
    if not round_.intros:
        _echo_blocker(services, now, week)


@app.command("preview")
def preview_command(
    week: str | None = typer.Option(None, "--week", metavar="WEEK", help="The period (default: the next round's)."),
) -> None:
    """Show the next round as the CNO's preview shows it (made already, or computed now without storing)."""
    preview = round_preview(ready_services(), utcnow(), week=week)
    typer.echo(render_text("rounds/preview_cli_text", s=preview.summary, status=preview.status))


DAYS = {"mon": "monday", "tue": "tuesday", "wed": "wednesday", "thu": "thursday", "fri": "friday",
        "sat": "saturday", "sun": "sunday"}


def weekday(text: str) -> str:
    """``mon`` from ``mon``, ``Monday`` or ``MONDAY``; a UsageError naming the whole word otherwise."""
    word = text.strip().lower()
    for short, long in DAYS.items():
        if word in (short, long):
            return short
    raise UsageError(f"--day must be one of {', '.join(DAYS)} (or the whole name, e.g. monday), not {text!r}")


@app.command("schedule")
def schedule_command(
    cadence: str | None = typer.Option(None, metavar="weekly|biweekly|monthly", help="How often rounds run."),
    day: str | None = typer.Option(None, metavar="mon|tue|wed|thu|fri|sat|sun", help="The day of the round."),
    hour: int | None = typer.Option(None, metavar="HOUR", help="Hour of the round in CNO_TIMEZONE (0-23)."),
    local_hour: int | None = typer.Option(None, metavar="HOUR", help="Local hour people get their intro (0-23)."),
    follow_up_days: int | None = typer.Option(None, metavar="DAYS", help="Days before asking \"Did you meet?\"."),
    approval: bool | None = typer.Option(None, "--approval/--no-approval", help="Rounds wait for approval."),
    lead_hours: int | None = typer.Option(None, metavar="HOURS", help="Hours ahead of sending that the round is made."),
    quiet_after: int | None = typer.Option(None, metavar="N", help="Pause people after this many silent intros."),
) -> None:
    """Show the round schedule, or change it (only the options given)."""
    weekday_ = weekday(day) if day else None
    services = ready_services()
    shown = round_schedule(services, cadence=cadence, weekday=weekday_, hour=hour,
                           local_send_hour=local_hour, follow_up_days=follow_up_days, approval_required=approval,
                           preview_lead_hours=lead_hours, quiet_threshold=quiet_after)
    if shown.changed:
        apply_schedule(services)
    row, schedule = shown.settings, shown.schedule
    next_at = schedule.next_round_at(utcnow())
    typer.echo(f"rounds: {schedule.describe()}; next {next_at.isoformat(timespec='minutes')}")
    typer.echo(f"intros at {row.local_send_hour:02d}:00 local; made {row.preview_lead_hours} h ahead; approval "
               f"{'required' if row.approval_required else 'not required'}; \"did you meet?\" after "
               f"{row.follow_up_days} days; quiet pause after {row.quiet_threshold} silent intros")
