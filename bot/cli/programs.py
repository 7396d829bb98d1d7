"""`cno program create | list | pause | resume | end | run | sync`: programs in Slack channels."""

from __future__ import annotations

import typer

from bot.cli.ready import ready_services
from bot.clock import utcnow
from bot.use_cases.programs.admin import ProgramSpec, ProgramView, change_status, create_program, list_programs
from bot.use_cases.programs.making import run_program_round_now
from bot.use_cases.programs.membership import assign_seat, reconcile_named
from bot.use_cases.rounds.settings import round_schedule
from message_templates import render_text

app = typer.Typer(help="Programs: intro rounds that live in a Slack channel (joining the channel is joining).",
                  no_args_is_help=True)


def _echo(view: ProgramView) -> None:
    typer.echo(render_text("programs/cli_line_text", v=view))


@app.command("create")
def create_command(
    name: str = typer.Argument(..., help="The program's name, e.g. \"New hires\"."),
    channel: str = typer.Option(..., "--channel", help="The Slack channel id (C0123ABCD): its members are in."),
    cadence: str = typer.Option("weekly", "--cadence", help="weekly, biweekly or monthly."),
    group_size: int = typer.Option(2, "--group-size", help="People per intro, 2 to 6."),
    day: str = typer.Option("mon", "--day", help="mon, tue, wed, thu, fri, sat or sun."),
    local_hour: int = typer.Option(9, "--local-hour", help="Hour each person gets their intro, in their time zone."),
    intro: str = typer.Option("mixed", "--intro", help="mixed, across, within or seats."),
    attribute: str = typer.Option("", "--attribute", help="With --intro across|within: function, region, level "
                                                          "or team."),
    seats: str = typer.Option("", "--seats", help="With --intro seats: two seats, e.g. mentor,mentee."),
    approval: bool = typer.Option(False, "--approval/--no-approval", help="Each round waits for the CNO."),
    follow_up_days: int = typer.Option(4, "--follow-up-days", help="Days before asking \"Did you meet?\"."),
) -> None:
    """Create a program in a channel and announce it there."""
    services = ready_services()
    spec = ProgramSpec(name, channel, cadence, day, local_hour, group_size, intro, attribute, seats, approval,
                       follow_up_days)
    _echo(create_program(services, spec, utcnow()))
    typer.echo("Invite the app to the channel (/invite @CNO); members are read from it within a minute of "
               "`cno serve` running, and people who join later are welcomed as they join.")


@app.command("list")
def list_command() -> None:
    """Every program, with the company-wide round (the default program) first."""
    services = ready_services()
    shown = round_schedule(services)
    typer.echo(f"company-wide (default): everyone opted in; {shown.schedule.describe()}")
    for view in list_programs(services, utcnow()):
        _echo(view)


def _move(move: str, name: str) -> None:
    services = ready_services()
    _echo(change_status(services, name, move, utcnow()))


@app.command("pause")
def pause_command(name: str = typer.Argument(..., help="The program's name (or channel id).")) -> None:
    """Pause a program: no rounds until it resumes; members stay."""
    _move("pause", name)


@app.command("resume")
def resume_command(name: str = typer.Argument(..., help="The program's name (or channel id).")) -> None:
    """Resume a paused program."""
    _move("resume", name)


@app.command("end")
def end_command(name: str = typer.Argument(..., help="The program's name (or channel id).")) -> None:
    """End a program for good (its history stays in the reports)."""
    _move("end", name)


@app.command("run")
def run_command(name: str = typer.Argument(..., help="The program's name (or channel id).")) -> None:
    """Make the program's round for today now (once per period); `cno serve` delivers it."""
    services = ready_services()
    round_ = run_program_round_now(services, name, utcnow())
    typer.echo(f"round {round_.period}: {len(round_.intros)} intros queued for delivery "
               f"({len(round_.left_out)} people not matched)")


@app.command("sync")
def sync_command(name: str = typer.Argument(..., help="The program's name (or channel id).")) -> None:
    """Read the channel's members from Slack now and repair the program's membership."""
    services = ready_services()
    found = reconcile_named(services, name, utcnow())
    typer.echo(f"{found.program}: {found.members:,} in the channel; {found.joined:,} joined, {found.left:,} left, "
               f"{found.unknown:,} not known yet (run `cno sync-slack`)")


@app.command("seat")
def seat_command(
    name: str = typer.Argument(..., help="The seats program's name (or channel id)."),
    who: str = typer.Argument(..., help="The member's email or Slack id."),
    seat: str = typer.Argument(..., help="One of the program's seats, e.g. mentor or mentee."),
) -> None:
    """Give a member their seat in a seats program (one of the first seat meets the others)."""
    services = ready_services()
    typer.echo(f"{who} is now a {assign_seat(services, name, who, seat, utcnow())} in {name}")
