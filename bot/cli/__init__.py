"""The `cno` command line. Each group of commands lives in its own module."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from dotenv import load_dotenv
from slack_sdk.errors import SlackApiError

from bot.cli import db, demo, doctor, export, forget, imports, mentoring, programs, report, rounds, serve, slack_sync
from bot.cli.help import plain_help
from bot.cli.ready import choose_installation
from bot.errors import BotError
from storage.db import DatabaseFault, database_failure
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


@app.callback()
def _options(
    installation: str = typer.Option(
        None, "--installation", metavar="KEY", envvar="CNO_INSTALLATION",
        help='The installation a command works on, when "Add to Slack" installed the app in several '
             "workspaces or organisations (its team or enterprise id)."),
) -> None:
    choose_installation(installation or "")


serve.register(app)
slack_sync.register(app)
demo.register(app)
forget.register(app)
export.register(app)
doctor.register(app)
plain_help(app)


def main() -> None:
    """Entry point of the `cno` script: known errors become one line on stderr and exit code 1."""
    load_dotenv(Path.cwd() / ".env", override=False)
    try:
        app(prog_name="cno")
    except (BotError, StorageError) as error:
        _fail(str(error))
    except DatabaseFault as error:  # a database failure no command foresaw: still one line
        _fail(str(database_failure(error)))
    except SlackApiError as error:  # likewise for Slack
        _fail(f"Slack refused a call: {error.response.get('error') or error.response.status_code} "
              "(run `cno doctor` to check the token and its scopes)")


def _fail(message: str) -> None:
    print(f"cno: {message}", file=sys.stderr)
    sys.exit(1)
