"""`cno forget EMAIL`: erase a person, keeping only anonymous aggregates."""

from __future__ import annotations

import typer

from bot.bootstrap import bootstrap
from bot.use_cases.lifecycle.erasure import forget
from storage.migrate import check_current


def forget_command(email: str = typer.Argument(..., help="The person's email.")) -> None:
    """Erase a person: name, email, Slack id, skills, answers, ties and messages about them.

    Weekly snapshots keep their anonymous counts, so reports keep their history.
    """
    services = bootstrap()
    check_current(services.engine)
    report = forget(services, email)
    typer.echo(
        f"erased {email.strip()}: {report.ties} tie(s), {report.messages} message(s), "
        f"{sum(report.deleted.values())} row(s) deleted, {sum(report.redacted.values())} mention(s) removed; "
        "weekly snapshots keep their anonymous counts"
    )


def register(app: typer.Typer) -> None:
    app.command("forget")(forget_command)
