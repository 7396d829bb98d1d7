"""Engine and session factory for SQLite (embedded default) and PostgreSQL, and plain words for their failures."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import BadDatabaseUrl, DatabaseMissing, DatabaseUnreachable, StorageError

#: What a database failure raises; the command line turns any of them into one line.
DatabaseFault = SQLAlchemyError
URL_EXAMPLES = "e.g. sqlite:///cno.db or postgresql://user:password@host:5432/cno"
#: Seconds to wait for PostgreSQL before saying it is unreachable (a firewalled host never refuses).
CONNECT_TIMEOUT = 10
#: A pooled PostgreSQL connection idle for longer than this is checked (one round trip) before it is used:
#: one used a moment ago is not (at 50 requests in flight, a ping per checkout was a tenth of each answer).
PING_AFTER_IDLE_SECONDS = 1.0
#: Connections kept open per engine: more threads than this at once (8 web threads, Bolt's listener
#: threads, the sender, the scheduler) would open and close a connection per request beyond it.
POOL_SIZE = 25


def database_url(url: str) -> URL:
    """Parse ``url``, mapping Heroku's ``postgres://`` and a bare ``postgresql://`` to psycopg 3.

    >>> database_url("postgres://u:p@host:5432/db").render_as_string(hide_password=False)
    'postgresql+psycopg://u:p@host:5432/db'
    """
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise BadDatabaseUrl(f"DATABASE_URL {url!r} is not a database URL ({URL_EXAMPLES})") from None
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise BadDatabaseUrl(f"DATABASE_URL must be a SQLite or PostgreSQL URL, got {backend!r} ({URL_EXAMPLES})")
    return parsed


def shown(url: str | URL) -> str:
    """The URL as it may be printed: without its password."""
    try:
        parsed = url if isinstance(url, URL) else database_url(url)
    except BadDatabaseUrl:
        return repr(url)
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str | URL, schema: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` with the settings this app relies on.

    SQLite gets foreign keys, WAL and a busy timeout so the web threads, the
    scheduler and the outbox sender of one process can share the file. On PostgreSQL,
    ``schema`` is the only schema every connection sees (its ``search_path``).
    """
    parsed = url if isinstance(url, URL) else database_url(url)
    try:
        return _create(parsed, schema, **kwargs)
    except NoSuchModuleError as error:
        raise BadDatabaseUrl(f"DATABASE_URL names a driver this app lacks ({error}); {URL_EXAMPLES}") from None


#: The schema each engine on PostgreSQL was made for (its connections' ``search_path``): not in its URL.
_SCHEMAS: WeakKeyDictionary[Engine, str] = WeakKeyDictionary()


def data_key(engine: Engine) -> str:
    """What identifies the data ``engine`` sees, for per-database caches: its URL without the password, and
    its schema when it has one of its own (two installations on one PostgreSQL database share a URL)."""
    url = engine.url.render_as_string(hide_password=True)
    schema = _SCHEMAS.get(engine)
    return f"{url}#{schema}" if schema else url


def _create(url: URL, schema: str | None, **kwargs: Any) -> Engine:
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if database and ":memory:" not in database:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    # Web threads, Bolt's listener threads, the outbox sender and the scheduler share the pool:
    # size it so a burst of Slack requests never queues for a connection.
    connect_args: dict[str, Any] = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT}
    if schema is not None:
        connect_args["options"] = f"-c search_path={schema}"
    options = {"pool_size": POOL_SIZE, "max_overflow": 25, "connect_args": connect_args, **kwargs}
    engine = create_engine(url, **options)
    _ping_when_idle(engine)
    if schema is not None:
        _SCHEMAS[engine] = schema
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use when it sat idle (a restarted server or a cut link left it dead).

    What ``pool_pre_ping`` does, but only after :data:`PING_AFTER_IDLE_SECONDS` of idleness. A connection
    that dies while in use raises a disconnect error, after which the pool replaces every connection it holds.
    """

    @event.listens_for(engine, "checkin")
    def _idle_from(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(f"a pooled connection was dead: {error}") from error


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def sqlite_file(url: str | URL) -> Path | None:
    """The file of a SQLite URL (``None`` for PostgreSQL and in-memory databases)."""
    parsed = url if isinstance(url, URL) else database_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def require_existing_file(engine: Engine) -> None:
    """Refuse a SQLite file that does not exist yet, before connecting would create it empty."""
    path = sqlite_file(engine.url)
    if path is not None and not path.exists():
        raise DatabaseMissing(
            f"the database at {shown(engine.url)} does not exist yet (no file {path.resolve()}): run `cno db upgrade`"
        )


def check_reachable(engine: Engine) -> None:
    """Connect once; raise :class:`DatabaseUnreachable` with the driver's reason in one line."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        raise database_failure(error, engine) from None


def database_failure(error: SQLAlchemyError, engine: Engine | None = None) -> StorageError:
    """One line saying what went wrong with the database, and what to do about it."""
    where = f"the database at {shown(engine.url)}" if engine is not None else "the database"
    reason = _first_line(error.orig if isinstance(error, DBAPIError) and error.orig is not None else error)
    lowered = reason.lower()
    if "no such table" in lowered or ("relation" in lowered and "does not exist" in lowered):
        return DatabaseMissing(f"{where} has no CNO tables yet ({reason}): run `cno db upgrade`")
    return DatabaseUnreachable(f"cannot use {where}: {reason} (check DATABASE_URL and that the database server runs)")


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text_ = " ".join(lines[0].split()) if lines else type(error).__name__
    for prefix in ("connection failed: ",):
        text_ = text_.removeprefix(prefix)
    return text_[:300]
