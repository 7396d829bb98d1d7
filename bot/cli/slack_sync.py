"""`cno sync-slack`: fill Slack ids, names, titles, time zones (and mapped profile fields) from Slack."""

from __future__ import annotations

import os
from datetime import date

import typer

from bot.cli.ready import ready_services
from bot.settings import Settings
from bot.use_cases.go_live.slack_access import check_slack_token
from bot.use_cases.lifecycle.channel_ties import sync_channel_ties
from bot.use_cases.lifecycle.slack_sync import profile_fields_from_env, sync_slack


def sync_slack_command(
    channels: bool | None = typer.Option(
        None, "--channels/--no-channels",
        help="Also read public channels for a first tie graph (default: when no HR file was imported)."),
) -> None:
    """Link people to Slack by email; mark deleted Slack users as left. With no HR file, add Slack's members.

    Map custom profile fields with CNO_PROFILE_FIELDS, e.g. function=Xf1234,region=Xf5678,level=Xf9999,team=Xf0000.
    Without them, function and region of people added from Slack come from their title and time zone.
    """
    settings = Settings.from_env()
    settings.require_slack(http=False)
    fields = profile_fields_from_env(os.environ.get("CNO_PROFILE_FIELDS", ""))
    services = ready_services(settings)
    check_slack_token(services)
    try:
        report = sync_slack(services, profile_fields=fields)
    except KeyboardInterrupt:
        typer.echo("cno: stopped; what was read is saved: run `cno sync-slack` again to go on", err=True)
        raise typer.Exit(130) from None
    typer.echo(
        f"Slack: {report.members:,} members ({report.bots:,} bots skipped); {report.linked:,} linked, "
        f"{report.updated:,} updated, {len(report.left_ids):,} marked left, "
        f"{report.unknown:,} unknown emails"
        + (f" (e.g. {', '.join(report.unknown_sample)})" if report.unknown_sample else "")
        + (f"; {report.added:,} added from Slack (no HR file)" if report.added else "")
    )
    if report.profiles is not None:
        profiles = report.profiles
        typer.echo(f"Profile fields: {profiles.read:,} profiles read, {profiles.updated:,} people changed"
                   + (f", {profiles.remaining:,} still to read (run again to go on)" if profiles.remaining else ""))
    if channels or (channels is None and report.slack_alone):
        ties = sync_channel_ties(services, date.today())
        typer.echo(f"Channels: {ties.channels:,} public channels read ({ties.skipped_large:,} too large to count); "
                   f"{ties.ties:,} co-membership ties")


def register(app: typer.Typer) -> None:
    app.command("sync-slack")(sync_slack_command)
