"""`cno doctor`: is this installation ready for a go-live? One line per check; exit 0 only when none fails."""

from __future__ import annotations

from dataclasses import asdict

import typer

from bot.bootstrap import Services, bootstrap
from bot.cli.ready import ready_services
from bot.clock import utcnow
from bot.errors import BotError, ConfigError
from bot.settings import Settings
from bot.use_cases.go_live.doctor import FAIL, WARN, configuration_refused, diagnose
from message_templates import render_text
from storage.errors import StorageError


def doctor_command(
    url: str | None = typer.Option(None, "--url", metavar="URL",
                                   help="The app's public URL (https://…): check that Slack's requests reach it."),
) -> None:
    """Check everything a go-live needs: configuration, database, Slack token and scopes, the public URL,
    the CNO, people linked to Slack, the scheduler and the outbox. Says what to do for each failure."""
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        diagnosis = configuration_refused(error)
    else:
        diagnosis = diagnose(_installation_or_root(settings), utcnow(), url)
    checks = [asdict(c) for c in diagnosis.checks]
    typer.echo(render_text("go_live/doctor.txt", checks=checks, failed=[c for c in checks if c["status"] == FAIL],
                           warned=[c for c in checks if c["status"] == WARN]))
    raise typer.Exit(0 if diagnosis.healthy else 1)


def _installation_or_root(settings: Settings) -> Services:
    """With "Add to Slack", the installation to check (the database alone when there is none to choose)."""
    if settings.oauth:
        try:
            return ready_services(settings)
        except (BotError, StorageError):
            pass  # the checks below say what is wrong, one by one
    return bootstrap(settings)


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor_command)
