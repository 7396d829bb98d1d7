"""The benches' PostgreSQL databases: made on the local server when it has none."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from storage.db import make_engine


def admin_engine(url: str) -> Engine:
    """A connection to the server's ``postgres`` database, outside transactions (CREATE/DROP DATABASE)."""
    return make_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def create_if_missing(url: str) -> None:
    """Create the database ``url`` names on its server unless the server has it already."""
    admin = admin_engine(url)
    database = make_url(url).database
    try:
        with admin.connect() as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}) is None:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
    finally:
        admin.dispose()
