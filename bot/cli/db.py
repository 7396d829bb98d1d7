"""`cno db upgrade`: apply the database migrations."""

from __future__ import annotations

import typer

from bot.settings import Settings
from storage.db import check_reachable, make_engine, shown
from storage.migrate import pending_revisions, upgrade

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command() -> None:
    """Apply every migration the database does not have yet."""
    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    check_reachable(engine)
    missing = pending_revisions(engine)
    upgrade(engine)
    typer.echo(f"database {shown(engine.url)} is up to date ({len(missing)} migration head(s) applied)")
