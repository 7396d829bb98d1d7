"""`cno forget EMAIL`: erase a person, keeping only anonymous aggregates."""

from __future__ import annotations

import typer

from bot.cli.ready import ready_services
from bot.errors import UsageError
from bot.use_cases.lifecycle.erasure import forget


def forget_command(
    email: str = typer.Argument(..., metavar="EMAIL", help="The person's email.", show_default=False),
    yes: bool = typer.Option(False, "--yes", "-y", help="Erase without asking for confirmation."),
) -> None:
    """Erase a person: name, email, Slack id, skills, answers, ties and messages about them.

    Weekly snapshots keep their anonymous counts, so reports keep their history. Asks first unless --yes.
    """
    services = ready_services()
    if not yes and not typer.confirm(f"Erase {email.strip()} and everything about them? This cannot be undone"):
        raise UsageError(f"nothing erased: {email.strip()} is kept (add --yes to erase without asking)")
    report = forget(services, email)
    typer.echo(
        f"erased {email.strip()}: {report.ties} tie(s), {report.messages} message(s), "
        f"{sum(report.deleted.values())} row(s) deleted, {sum(report.redacted.values())} mention(s) removed; "
        "weekly snapshots keep their anonymous counts"
    )


def register(app: typer.Typer) -> None:
    app.command("forget")(forget_command)
