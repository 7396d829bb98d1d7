"""`cno import people|interactions|contacts FILE`: load the organisation from CSV files."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.orm import Session

from bot.bootstrap import bootstrap
from bot.settings import Settings
from bot.use_cases.lifecycle.people_changes import Followed, people_changed
from storage.csv_contacts import import_contacts
from storage.csv_import import ImportResult, import_interactions, import_people
from storage.csv_source import Progress as ProgressCallback
from storage.migrate import check_current
from storage.models.base import utcnow

app = typer.Typer(
    help="Import people, interactions and outside contacts from CSV files (all or nothing).", no_args_is_help=True
)

#: Files smaller than this finish before a progress bar would be any use.
PROGRESS_FROM_BYTES = 1 << 20

FILE = typer.Argument(..., help="The CSV file (UTF-8, comma-separated, header on the first row).", show_default=False)


@app.command("people")
def people_command(file: Path = FILE) -> None:
    """Upsert people by email. Columns: email,name,function,region,level,manager_email
    and optionally slack_id,timezone,skills,interests,team,title,start_date,left_on."""
    followed: list[Followed] = []

    def import_and_follow(session: Session, path: Path, progress: ProgressCallback | None) -> ImportResult:
        result = import_people(session, path, progress)
        today = utcnow().astimezone(Settings.from_env().zone).date()
        followed.append(people_changed(session, result.joined_ids, result.left_ids, today))
        return result

    result = _run(file, import_and_follow)
    line = _counts(result, "people")
    if result.left_ids or result.joined_ids:
        line += f"; {len(result.joined_ids):,} joined, {len(result.left_ids):,} marked left"
    if followed and (followed[0].onboarding or followed[0].handovers):
        line += f"; {followed[0].onboarding} onboarding started, {followed[0].handovers} handover(s) opened"
    typer.echo(line)


@app.command("interactions")
def interactions_command(file: Path = FILE) -> None:
    """Add interactions between imported people. Columns: a_email,b_email,kind,occurred_on and optionally weight."""
    typer.echo(_counts(_run(file, import_interactions), "interactions"))


@app.command("contacts")
def contacts_command(file: Path = FILE) -> None:
    """Who knows which outside organisation. Columns: email,organisation,kind,strength,last_contact
    (kind: client, partner, supplier, investor, alumni or other; strength 1-5; last_contact YYYY-MM-DD).
    Only the organisation and the kind of relationship are stored, never an outside person's details."""
    today = utcnow().astimezone(Settings.from_env().zone).date()

    def do_import(session: Session, path: Path, progress: ProgressCallback | None) -> ImportResult:
        return import_contacts(session, path, today, progress)

    typer.echo(_counts(_run(file, do_import), "relationships"))


def _run(file: Path, do_import: Callable[[Session, Path, ProgressCallback | None], ImportResult]) -> ImportResult:
    services = bootstrap()
    check_current(services.engine)
    with services.uow() as uow, _progress_bar(file) as progress:
        result = do_import(uow.session, file, progress)
        uow.commit()
    return result


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
