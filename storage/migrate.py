"""Apply and check Alembic migrations (``cno db upgrade``; ``cno serve`` refuses a stale database).

Each capability adds its tables in its own migration that branches off the
foundation, so the script directory may have several heads: we always upgrade
to ``heads`` and call the database current when it holds every head.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from storage.db import check_reachable, database_failure, require_existing_file, shown
from storage.errors import DatabaseBehind

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")


def pending_revisions(engine: Engine) -> set[str]:
    """Heads of the code's migrations that the database does not have yet."""
    script = ScriptDirectory.from_config(alembic_config(engine.url.render_as_string(hide_password=False)))
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        raise database_failure(error, engine) from None
    applied: set[str] = set()
    for rev in current:
        applied.update(r.revision for r in script.iterate_revisions(rev, "base"))
    return {head for head in script.get_heads() if head not in applied}


def check_current(engine: Engine) -> None:
    """Raise :class:`DatabaseBehind` when the database lacks a migration."""
    missing = pending_revisions(engine)
    if missing:
        raise DatabaseBehind(
            f"the database at {shown(engine.url)} is behind "
            f"({len(missing)} migration(s) missing): run `cno db upgrade`"
        )


def require_ready(engine: Engine) -> None:
    """What every command but ``cno db upgrade`` needs: an existing, reachable and current database.

    Each failure is a :class:`~storage.errors.StorageError` with one line saying what to do; a
    SQLite file that does not exist is refused before connecting would leave it behind empty.
    """
    require_existing_file(engine)
    check_reachable(engine)
    check_current(engine)
