"""`cno export DIR`: people, ties and intros as CSV files (people and ties in the format `cno import` reads)."""

from __future__ import annotations

from pathlib import Path

import typer

from bot.cli.ready import ready_services
from bot.use_cases.people.export import export_data

WHAT = {"people.csv": "people", "interactions.csv": "interactions", "intros.csv": "intros"}


def export_command(
    directory: Path = typer.Argument(..., metavar="DIR", show_default=False,
                                     help="Directory to write the CSV files to (created if missing)."),
) -> None:
    """Write people.csv, interactions.csv and intros.csv, so the data can go elsewhere.

    people.csv and interactions.csv import back with `cno import people` and `cno import interactions`.
    """
    for exported in export_data(ready_services(), directory):
        typer.echo(f"wrote {exported.path}: {exported.rows:,} {WHAT.get(exported.path.name, 'rows')}")


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
