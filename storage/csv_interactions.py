"""``cno import interactions``: who met whom, from a CSV file, all or nothing.

One pass checks each row and copies it, as ids, into a temporary staging table
in batches; memory holds only the email → id map and one batch. When the whole
file is good, set-based statements merge the staging table into ``interactions``.
On the first bad row the transaction is rolled back, staging table included.

An interaction is known by its pair, kind and day: importing a file twice changes
nothing, and rows repeating the same pair, kind and day add up their weights.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any, NoReturn, cast

from sqlalchemy import Column, Date, Float, Integer, MetaData, String, Table, and_, exists, func, insert, select, text
from sqlalchemy import update as sql_update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from storage import csv_values as values
from storage.csv_source import CsvFile, ImportResult, Progress, larger_sqlite_cache
from storage.errors import CsvImportError
from storage.models import Interaction, Person

REQUIRED = ("a_email", "b_email", "kind", "occurred_on")
OPTIONAL = ("weight",)
BATCH = 10_000
SOURCE = "import"
_KIND_LIMIT: int = getattr(Interaction.__table__.c.kind.type, "length", 0)

_staging_metadata = MetaData()
_staging = Table(
    "cno_staged_interactions", _staging_metadata,
    Column("a_id", Integer), Column("b_id", Integer), Column("kind", String(_KIND_LIMIT)),
    Column("occurred_on", Date), Column("weight", Float),
    prefixes=["TEMPORARY"],
)
_merged = Table(
    "cno_merged_interactions", _staging_metadata,
    Column("a_id", Integer), Column("b_id", Integer), Column("kind", String(_KIND_LIMIT)),
    Column("occurred_on", Date), Column("weight", Float),
    prefixes=["TEMPORARY"],
)


def import_interactions(
    session: Session, path: str | os.PathLike[str], progress: Progress | None = None
) -> ImportResult:
    """Add the interactions of a CSV file between people already imported; the caller commits.

    Raises :class:`CsvImportError` naming file, row and column on the first bad
    row; the session is then rolled back, so nothing changes.
    """
    source = CsvFile(path, REQUIRED, OPTIONAL)
    try:
        larger_sqlite_cache(session)
        for table in (_staging, _merged):
            session.execute(text(f"DROP TABLE IF EXISTS {table.name}"))
            table.create(session.connection())
        result = ImportResult(source.name)
        result.rows = _stage(session, source, progress)
        if progress:
            progress("Saving", source.size, source.size)
        _merge(session, result)
        for table in (_merged, _staging):
            table.drop(session.connection())
        return result
    except CsvImportError:
        session.rollback()
        raise


def _stage(session: Session, source: CsvFile, progress: Progress | None) -> int:
    ids = {email.lower(): pid for pid, email in session.execute(select(Person.id, Person.email))}
    days: set[str] = set()  # cells already known to be good dates
    weights: dict[str, float] = {}
    has_weight = source.has("weight")
    a_at, b_at, kind_at, day_at = (source.index[c] for c in REQUIRED)
    weight_at = source.index.get("weight", 0)
    batch: list[tuple[int, int, str, str, float]] = []
    rows = 0

    for row, cells in source.rows():
        a = ids.get(cells[a_at].lower())
        b = ids.get(cells[b_at].lower())
        if a is None or b is None:
            column = "a_email" if a is None else "b_email"
            _unknown(source, row, column, cells[source.index[column]])
        if a == b:
            raise source.error(row, "b_email", f"{cells[b_at].lower()} cannot interact with themself")
        kind = cells[kind_at]
        if not kind or len(kind) > _KIND_LIMIT:
            too_long = f"kind is longer than {_KIND_LIMIT} characters"
            raise source.error(row, "kind", too_long if kind else "a kind is required, e.g. meeting")
        day = cells[day_at]
        if day not in days:
            _parse(source, row, "occurred_on", values.day, day)
            days.add(day)
        weight = 1.0
        if has_weight:
            weight = weights.get(cells[weight_at]) or _parse(source, row, "weight", values.weight, cells[weight_at])
            if len(weights) < 10_000:
                weights[cells[weight_at]] = weight
        batch.append((a, b, kind, day, weight) if a < b else (b, a, kind, day, weight))
        rows += 1
        if len(batch) == BATCH:
            _insert_staged(session, batch)
            batch.clear()
            if progress:
                progress("Reading", source.bytes_read, source.size)
    if batch:
        _insert_staged(session, batch)
    if progress:
        progress("Reading", source.size, source.size)
    return rows


def _insert_staged(session: Session, rows: list[tuple[int, int, str, str, float]]) -> None:
    """Rows straight to the driver (COPY on PostgreSQL): the values are already checked and plain.

    Days stay the text YYYY-MM-DD, which is how SQLite stores a date and what PostgreSQL parses.
    """
    connection = session.connection()
    columns = "a_id, b_id, kind, occurred_on, weight"
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {_staging.name} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {_staging.name} ({columns}) VALUES (?, ?, ?, ?, ?)", rows)
    else:
        keys = ("a_id", "b_id", "kind", "occurred_on", "weight")
        session.execute(insert(_staging), [dict(zip(keys, (*r[:3], date.fromisoformat(r[3]), r[4]), strict=True))
                                           for r in rows])


def _unknown(source: CsvFile, row: int, column: str, cell: str) -> NoReturn:
    try:
        email = values.email(cell)
    except ValueError as error:
        raise source.error(row, column, str(error)) from None
    raise source.error(row, column, f"no person with email {email!r} (import them with `cno import people` first)")


def _parse(source: CsvFile, row: int, column: str, parse: Any, cell: str) -> Any:
    try:
        return parse(cell)
    except ValueError as error:
        raise source.error(row, column, str(error)) from None


def _merge(session: Session, result: ImportResult) -> None:
    staged = _staging.c
    session.execute(
        insert(_merged).from_select(
            ["a_id", "b_id", "kind", "occurred_on", "weight"],
            select(staged.a_id, staged.b_id, staged.kind, staged.occurred_on, func.sum(staged.weight))
            .group_by(staged.a_id, staged.b_id, staged.kind, staged.occurred_on),
        )
    )
    merged, stored = _merged.c, Interaction.__table__.c
    same_key = and_(
        stored.a_id == merged.a_id, stored.b_id == merged.b_id, stored.kind == merged.kind,
        stored.occurred_on == merged.occurred_on, stored.source == SOURCE,
    )
    total = session.execute(select(func.count()).select_from(_merged)).scalar_one()
    # INSERT … SELECT has no reliable rowcount on every driver: count what exists first.
    known = session.execute(select(func.count()).select_from(_merged).where(exists().where(same_key))).scalar_one()
    changed = session.execute(
        sql_update(Interaction)
        .where(same_key, func.abs(stored.weight - merged.weight) > 1e-9)
        .values(weight=merged.weight)
    )
    session.execute(
        insert(Interaction).from_select(
            ["a_id", "b_id", "kind", "occurred_on", "weight", "source", "note"],
            select(merged.a_id, merged.b_id, merged.kind, merged.occurred_on, merged.weight,
                   text(f"'{SOURCE}'"), text("''"))
            .where(~exists().where(same_key))
            .order_by(merged.a_id, merged.b_id),  # the pair index then grows mostly at its end
        )
    )
    result.created, result.updated = total - known, cast(CursorResult[Any], changed).rowcount
    result.unchanged = known - result.updated
