"""``cno import contacts``: who in the company knows which outside organisation, from a CSV file, all or nothing.

Columns ``email,organisation,kind,strength,last_contact``. Only the organisation,
the kind of relationship, its strength (1–5) and the day of last contact are kept:
the file has no column for an outside person's name, and an unknown column is an
error, so a CRM export with names is refused rather than stored.

Rows for the same person and organisation (several contacts at one client) become
one relationship: the strongest strength, the latest contact, the kind of the
strongest row. A relationship already stored (imported or added in App Home) is
updated; importing the same file twice changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from storage import csv_values as values
from storage.csv_source import CsvFile, ImportResult, Progress
from storage.errors import CsvImportError
from storage.models import ExternalRelationship, Person
from storage.models.contacts import CONTACT_KINDS, ORGANISATION_LIMIT, organisation_key

REQUIRED = ("email", "organisation", "kind", "strength", "last_contact")
SOURCE = "import"
BATCH = 5_000


@dataclass
class _Row:
    organisation: str
    kind: str
    strength: int
    last_contact: date | None


def kind(text: str) -> str:
    """One of the relationship kinds (client, partner, supplier, investor, alumni, other)."""
    value = text.lower()
    if value not in CONTACT_KINDS:
        shown = repr(text) if text else "an empty kind"
        raise ValueError(f"{shown} is not a kind of relationship: use one of {', '.join(CONTACT_KINDS)}")
    return value


def strength(text: str) -> int:
    """A whole number from 1 (met once) to 5 (works with them closely)."""
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"strength must be a whole number from 1 to 5, got {text!r}") from None
    if not 1 <= value <= 5:
        raise ValueError(f"strength must be from 1 to 5, got {value}")
    return value


def organisation(text: str) -> str:
    if not text:
        raise ValueError("an organisation is required")
    return values.text(" ".join(text.split()), ORGANISATION_LIMIT)


def import_contacts(
    session: Session, path: str | os.PathLike[str], today: date, progress: Progress | None = None
) -> ImportResult:
    """Add or update the external relationships of a CSV file; the caller commits.

    Raises :class:`CsvImportError` naming file, row and column on the first bad row
    (a bad kind, a strength outside 1–5, a bad or future date, an unknown email);
    the session is then rolled back, so nothing changes.
    """
    source = CsvFile(path, REQUIRED, ())
    try:
        wanted, rows = _read(session, source, today, progress)
        result = ImportResult(source.name, rows=rows)
        _save(session, wanted, result)
        return result
    except CsvImportError:
        session.rollback()
        raise


def _parse(source: CsvFile, row: int, column: str, parse: Any, cell: str) -> Any:
    try:
        return parse(cell)
    except ValueError as error:
        raise source.error(row, column, str(error)) from None


def _read(
    session: Session, source: CsvFile, today: date, progress: Progress | None
) -> tuple[dict[tuple[int, str], _Row], int]:
    ids = {email.lower(): pid for pid, email in session.execute(select(Person.id, Person.email))}
    at = {column: source.index[column] for column in REQUIRED}
    wanted: dict[tuple[int, str], _Row] = {}
    rows = 0
    for row, cells in source.rows():
        email = cells[at["email"]].lower()
        person = ids.get(email)
        if person is None:
            address = _parse(source, row, "email", values.email, cells[at["email"]])
            problem = f"no person with email {address!r} (import them with `cno import people` first)"
            raise source.error(row, "email", problem)
        name = _parse(source, row, "organisation", organisation, cells[at["organisation"]])
        found = _Row(
            organisation=name,
            kind=_parse(source, row, "kind", kind, cells[at["kind"]]),
            strength=_parse(source, row, "strength", strength, cells[at["strength"]]),
            last_contact=_parse(source, row, "last_contact", values.optional_day, cells[at["last_contact"]]),
        )
        if found.last_contact is not None and found.last_contact > today:
            raise source.error(row, "last_contact", f"{found.last_contact.isoformat()} is in the future")
        key = (person, organisation_key(name))
        earlier = wanted.get(key)
        wanted[key] = found if earlier is None else _merged(earlier, found)
        rows += 1
        if progress and rows % BATCH == 0:
            progress("Reading", source.bytes_read, source.size)
    return wanted, rows


def _merged(a: _Row, b: _Row) -> _Row:
    strongest = b if b.strength > a.strength else a
    dates = [d for d in (a.last_contact, b.last_contact) if d is not None]
    return _Row(strongest.organisation, strongest.kind, strongest.strength, max(dates) if dates else None)


def _save(session: Session, wanted: dict[tuple[int, str], _Row], result: ImportResult) -> None:
    table = ExternalRelationship.__table__.c
    stored = {
        (person, key): (rid, kind_, strength_, last)
        for rid, person, key, kind_, strength_, last in session.execute(
            select(table.id, table.person_id, table.organisation_key, table.kind, table.strength, table.last_contact)
        )
    }
    fresh: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for (person, key), row in wanted.items():
        known = stored.get((person, key))
        if known is None:
            fresh.append({"person_id": person, "organisation": row.organisation, "organisation_key": key,
                          "kind": row.kind, "strength": row.strength, "last_contact": row.last_contact,
                          "source": SOURCE})
        elif known[1:] != (row.kind, row.strength, row.last_contact):
            changed.append({"id": known[0], "kind": row.kind, "strength": row.strength,
                            "last_contact": row.last_contact})
    for start in range(0, len(fresh), BATCH):
        session.execute(insert(ExternalRelationship), fresh[start:start + BATCH])
    if changed:
        session.execute(update(ExternalRelationship), changed)
    result.created, result.updated = len(fresh), len(changed)
    result.unchanged = len(wanted) - len(fresh) - len(changed)
