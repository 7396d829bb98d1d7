"""The `cno` command line. Each group of commands lives in its own module."""

from __future__ import annotations

import sys

import typer
from dotenv import load_dotenv

from bot.cli import db, demo, forget, imports, mentoring, programs, report, rounds, serve, slack_sync
from bot.errors import BotError
from storage.errors import StorageError

app = typer.Typer(
    help="Chief Networking Officer: cross-silo intros, mentors, events and network reach in Slack.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db.app, name="db")
app.add_typer(imports.app, name="import")
app.add_typer(rounds.app, name="round")
app.add_typer(report.app, name="report")
app.add_typer(mentoring.app, name="mentoring")
app.add_typer(programs.app, name="program")
serve.register(app)
slack_sync.register(app)
demo.register(app)
forget.register(app)


def main() -> None:
    """Entry point of the `cno` script: known errors become one line on stderr and exit code 1."""
    load_dotenv(override=False)
    try:
        app()
    except (BotError, StorageError) as error:
        print(f"cno: {error}", file=sys.stderr)
        sys.exit(1)
