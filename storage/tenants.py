"""Each installation's data on its own: a PostgreSQL schema, or a SQLite file, migrated on first use.

Several organisations on one deployment never share a table: an installation's engine sees only
its schema (its connections' ``search_path``) or its file, so no query, however written, can read
another installation's people, intros, events or reports. The implicit installation of a single bot
token keeps the database's default schema (or file), as before.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text

from storage.db import make_engine, sqlite_file
from storage.errors import StorageError
from storage.migrate import upgrade

#: An installation's engine is one of many: keep its pool small.
POOL = {"pool_size": 2, "max_overflow": 8}
MIGRATION_LOCK_ID = 0x434E4F5F4D49  # "CNO_MI"


class NoPlaceForInstallation(StorageError):
    """The database cannot hold installations apart (an in-memory SQLite database)."""


def schema_name(key: str) -> str:
    """The PostgreSQL schema (or file suffix) of installation ``key``: ``T024BE7LD`` → ``cno_t024be7ld``."""
    cleaned = re.sub(r"[^a-z0-9]", "_", key.lower())
    if not cleaned:
        raise NoPlaceForInstallation("an installation needs a team or enterprise id")
    return f"cno_{cleaned}"[:63]


def installation_engine(root: Engine, key: str) -> Engine:
    """An engine on installation ``key``'s own data, created and migrated if it is new."""
    name = schema_name(key)
    url = root.url
    if root.dialect.name == "postgresql":
        with root.connect() as connection:  # one replica migrates a new installation at a time
            connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
            try:
                connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{name}"'))
                connection.commit()
                engine = make_engine(url, schema=name, **POOL)
                upgrade(engine)
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID})
                connection.commit()
        return engine
    path = sqlite_file(url)
    if path is None:
        raise NoPlaceForInstallation(
            f"installations need a database file or PostgreSQL, not {url.render_as_string(hide_password=True)}")
    engine = make_engine(url.set(database=str(path.with_name(f"{path.stem}.{name}{path.suffix}"))))
    upgrade(engine)
    return engine
