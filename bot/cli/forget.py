"""`cno forget EMAIL`: erase a person, keeping only anonymous aggregates."""

from __future__ import annotations

import typer

from bot.settings import Settings
from bot.use_cases.lifecycle.erasure import forget
from storage.db import make_engine, make_session_factory
from storage.migrate import check_current
from storage.uow import UnitOfWork


def forget_command(email: str = typer.Argument(..., help="The person's email.")) -> None:
    """Erase a person: name, email, Slack id, skills, answers, ties and messages about them.

    Weekly snapshots keep their anonymous counts, so reports keep their history.
    """
    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    check_current(engine)
    with UnitOfWork(make_session_factory(engine)) as uow:
        report = forget(uow.session, email)
        uow.commit()
    typer.echo(
        f"erased {email.strip()}: {report.ties} tie(s), {report.messages} message(s), "
        f"{sum(report.deleted.values())} row(s) deleted, {sum(report.redacted.values())} mention(s) removed; "
        "weekly snapshots keep their anonymous counts"
    )


def register(app: typer.Typer) -> None:
    app.command("forget")(forget_command)
