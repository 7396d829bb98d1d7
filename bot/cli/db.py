"""`cno db upgrade`: apply the database migrations."""

from __future__ import annotations

import typer

from bot.settings import Settings
from storage.db import make_engine
from storage.migrate import pending_revisions, upgrade

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command() -> None:
    """Apply every migration the database does not have yet."""
    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    missing = pending_revisions(engine)
    upgrade(engine)
    url = engine.url.render_as_string(hide_password=True)
    typer.echo(f"database {url} is up to date ({len(missing)} migration head(s) applied)")
