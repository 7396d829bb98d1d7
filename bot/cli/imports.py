"""`cno import people FILE` and `cno import interactions FILE`: load the organisation from CSV files."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from bot.bootstrap import Services, bootstrap
from bot.use_cases.lifecycle.imports import import_interactions_file, import_people_file
from storage.csv_import import ImportResult
from storage.csv_source import Progress as ProgressCallback
from storage.migrate import check_current

app = typer.Typer(help="Import people and interactions from CSV files (all or nothing).", no_args_is_help=True)

#: Files smaller than this finish before a progress bar would be any use.
PROGRESS_FROM_BYTES = 1 << 20

FILE = typer.Argument(..., help="The CSV file (UTF-8, comma-separated, header on the first row).", show_default=False)


@app.command("people")
def people_command(file: Path = FILE) -> None:
    """Upsert people by email. Columns: email,name,function,region,level,manager_email
    and optionally slack_id,timezone,skills,interests,team,title,start_date,left_on."""
    services = _services()
    with _progress_bar(file) as progress:
        result, followed = import_people_file(services, file, progress)
    line = _counts(result, "people")
    if result.left_ids or result.joined_ids:
        line += f"; {len(result.joined_ids):,} joined, {len(result.left_ids):,} marked left"
    if followed.onboarding or followed.handovers:
        line += f"; {followed.onboarding} onboarding started, {followed.handovers} handover(s) opened"
    typer.echo(line)


@app.command("interactions")
def interactions_command(file: Path = FILE) -> None:
    """Add interactions between imported people. Columns: a_email,b_email,kind,occurred_on and optionally weight."""
    services = _services()
    with _progress_bar(file) as progress:
        result = import_interactions_file(services, file, progress)
    typer.echo(_counts(result, "interactions"))


def _services() -> Services:
    services = bootstrap()
    check_current(services.engine)
    return services


def _counts(result: ImportResult, what: str) -> str:
    rows = f"{result.rows:,} row" + ("" if result.rows == 1 else "s")
    return (
        f"{result.file}: {rows}; {what} {result.created:,} created, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged"
    )


@contextmanager
def _progress_bar(file: Path) -> Iterator[ProgressCallback | None]:
    """A transient bar on stderr for large files when stderr is a terminal; nothing otherwise."""
    try:
        size = file.stat().st_size
    except OSError:
        size = 0
    if size < PROGRESS_FROM_BYTES or not sys.stderr.isatty():
        yield None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(f"Reading {file.name}", total=size)

        def update(stage: str, done: int, total: int) -> None:
            bar.update(task, description=f"{stage} {file.name}", completed=done, total=total)

        yield update
