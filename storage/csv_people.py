"""``cno import people``: upsert people by email from a CSV file, all or nothing.

Two passes over the file. The first checks every row and the whole organisation
(duplicate emails, unknown managers, manager cycles, Slack ids held by someone
else) keeping only emails, manager emails and Slack ids in memory. The second
reads the file again and writes in batches, inside the caller's transaction.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from storage import csv_values as values
from storage.csv_source import CsvFile, ImportResult, Progress, larger_sqlite_cache
from storage.errors import CsvImportError
from storage.models import Person
from storage.models.base import utcnow

REQUIRED = ("email", "name", "function", "region", "level", "manager_email")
OPTIONAL = ("slack_id", "timezone", "skills", "interests", "team", "title", "start_date", "left_on")
BATCH = 5_000
T = TypeVar("T")

_TEXT_LIMITS: dict[str, int] = {
    c: getattr(Person.__table__.c[c].type, "length", 0) for c in ("name", "title", "function", "region", "team")
}
# Optional cells that are blank keep the stored value; these parse a non-blank cell.
_OPTIONAL_PARSERS: dict[str, Callable[[str], Any]] = {
    "slack_id": values.slack_id,
    "timezone": values.timezone,
    "skills": values.tags,
    "interests": values.tags,
    "team": lambda v: values.text(v, _TEXT_LIMITS["team"]),
    "title": lambda v: values.text(v, _TEXT_LIMITS["title"]),
    "start_date": values.day,
}
_COMPARED = (
    Person.id, Person.name, Person.function, Person.region, Person.level, Person.slack_id, Person.timezone,
    Person.skills, Person.interests, Person.team, Person.title, Person.start_date, Person.left_on, Person.active,
    Person.manager_id,
)
_NEW_PERSON: dict[str, Any] = {
    "slack_id": None, "title": "", "team": "", "timezone": "UTC", "skills": [], "interests": [],
    "start_date": None, "left_on": None, "active": True, "opted_in": True, "preferences": {}, "manager_id": None,
}


class PersonRow(NamedTuple):
    row: int
    email: str
    manager_email: str | None
    fields: dict[str, Any]  # column -> value to store


def _parse(source: CsvFile, row: int, cells: list[str]) -> PersonRow:
    index = source.index
    column = "email"
    try:
        mail = values.email(cells[index["email"]])
        column = "manager_email"
        manager = values.optional_email(cells[index["manager_email"]])
        fields: dict[str, Any] = {}
        for column in ("name", "function", "region"):
            fields[column] = values.text(cells[index[column]], _TEXT_LIMITS[column])
        column = "level"
        fields["level"] = values.level(cells[index["level"]])
        for column, parse in _OPTIONAL_PARSERS.items():
            at = index.get(column)
            if at is not None and cells[at]:
                fields[column] = parse(cells[at])
        column = "left_on"
        if "left_on" in index:
            left_on = values.optional_day(cells[index["left_on"]])
            fields["left_on"], fields["active"] = left_on, left_on is None
    except ValueError as error:
        raise source.error(row, column, str(error)) from None
    return PersonRow(row, mail, manager, fields)


def _parsed(source: CsvFile) -> Iterator[PersonRow]:
    for row, cells in source.rows():
        yield _parse(source, row, cells)


@dataclass
class _Plan:
    """What the checking pass learnt; small per person (ids, emails)."""

    ids: dict[str, int]  # lowercased email -> id, for everyone already stored
    release_slack_ids: list[int] = field(default_factory=list)  # stored people whose Slack id moves


def _check(session: Session, source: CsvFile, progress: Progress | None) -> _Plan:
    ids: dict[str, int] = {}
    stored_manager: dict[int, int | None] = {}
    slack_owner: dict[str, str] = {}
    stored_slack: dict[str, str | None] = {}
    stored = select(Person.id, Person.email, Person.manager_id, Person.slack_id)
    for pid, mail, manager_id, sid in session.execute(stored):
        mail = mail.lower()
        ids[mail], stored_manager[pid] = pid, manager_id
        if sid:
            slack_owner[sid], stored_slack[mail] = mail, sid
    email_of = {pid: mail for mail, pid in ids.items()}

    rows: dict[str, int] = {}
    manager_of: dict[str, str | None] = {}
    slack_rows: dict[str, tuple[str, int]] = {}  # Slack id -> (email, row) in the file
    file_slack: dict[str, str] = {}
    for person in _parsed(source):
        if person.email in rows:
            raise source.error(person.row, "email", f"{person.email!r} is already on row {rows[person.email]}")
        rows[person.email] = person.row
        manager_of[person.email] = person.manager_email
        sid = person.fields.get("slack_id")
        if sid:
            if sid in slack_rows:
                raise source.error(person.row, "slack_id", f"{sid!r} is already on row {slack_rows[sid][1]}")
            slack_rows[sid], file_slack[person.email] = (person.email, person.row), sid
        if progress and person.row % BATCH == 0:
            progress("Checking", source.bytes_read, source.size)

    for mail, boss in manager_of.items():
        if boss is not None and boss not in rows and boss not in ids:
            problem = f"no person with email {boss!r} in this file or already imported"
            raise source.error(rows[mail], "manager_email", problem)

    def manager(mail: str) -> str | None:
        if mail in manager_of:
            return manager_of[mail]
        mid = stored_manager.get(ids[mail])
        return email_of.get(mid) if mid is not None else None

    _find_cycle(source, rows, manager)

    plan = _Plan(ids)
    for sid, (mail, row) in slack_rows.items():
        owner = slack_owner.get(sid)
        if owner is not None and owner != mail and file_slack.get(owner, sid) == sid:
            raise source.error(row, "slack_id", f"{sid!r} already belongs to {owner}")
        if stored_slack.get(mail) not in (None, sid):
            plan.release_slack_ids.append(ids[mail])
    return plan


def _find_cycle(source: CsvFile, rows: dict[str, int], manager: Callable[[str], str | None]) -> None:
    """Raise on the first row (in file order) whose management chain loops back on itself."""
    state: dict[str, bool] = {}  # email -> True while on the current chain, False once known to end
    for start in rows:
        chain: list[str] = []
        mail: str | None = start
        while mail is not None and mail not in state:
            state[mail] = True
            chain.append(mail)
            mail = manager(mail)
        if mail is not None and state[mail]:
            loop = chain[chain.index(mail):]
            first = min((m for m in loop if m in rows), key=rows.__getitem__, default=start)
            if len(loop) == 1:
                raise source.error(rows[first], "manager_email", f"{first} cannot be their own manager")
            at = loop.index(first)
            shown = " → ".join([*loop[at:], *loop[:at], first])
            raise source.error(rows[first], "manager_email", f"managers form a cycle: {shown}")
        for mail in chain:
            state[mail] = False


def import_people(session: Session, path: str | os.PathLike[str], progress: Progress | None = None) -> ImportResult:
    """Upsert the people of a CSV file by email; the caller commits.

    Raises :class:`CsvImportError` naming file, row and column on the first bad
    row; the session is then rolled back, so nothing changes.
    """
    source = CsvFile(path, REQUIRED, OPTIONAL)
    stamp = _stamp(source)
    try:
        larger_sqlite_cache(session)
        plan = _check(session, source, progress)
        if _stamp(source) != stamp:
            raise source.error(None, None, "changed while it was being imported: try again")
        return _write(session, source, plan, progress)
    except CsvImportError:
        session.rollback()
        raise


def _stamp(source: CsvFile) -> tuple[int, int]:
    stat = source.path.stat()
    return stat.st_size, stat.st_mtime_ns


def _write(session: Session, source: CsvFile, plan: _Plan, progress: Progress | None) -> ImportResult:
    result = ImportResult(source.name)
    if plan.release_slack_ids:  # so that two people may swap Slack ids without a unique clash
        for chunk in _chunks(iter(plan.release_slack_ids)):
            session.execute(update(Person).where(Person.id.in_(chunk)).values(slack_id=None))
    new_ids: dict[str, int] = {}
    links: list[tuple[str, str]] = []  # (person, manager) emails to link once everyone has an id
    now = utcnow()
    for batch in _chunks(_parsed(source)):
        stored_ids = [plan.ids[p.email] for p in batch if p.email in plan.ids]
        stored = {r.id: r for r in session.execute(select(*_COMPARED).where(Person.id.in_(stored_ids)))}
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for person in batch:
            pid = plan.ids.get(person.email)
            if pid is None:
                stamps = {"created_at": now, "updated_at": now}
                inserts.append({**_NEW_PERSON, **person.fields, "email": person.email, **stamps})
                if person.manager_email:
                    links.append((person.email, person.manager_email))
                continue
            current = stored[pid]
            changes = {k: v for k, v in person.fields.items() if getattr(current, k) != v}
            wanted = plan.ids.get(person.manager_email) if person.manager_email else None
            if person.manager_email and wanted is None:
                links.append((person.email, person.manager_email))
                changes["manager_id"] = current.manager_id  # changes once the new manager has an id
            elif wanted != current.manager_id:
                changes["manager_id"] = wanted
            if not changes:
                result.unchanged += 1
                continue
            updates.append({"id": pid, **changes, "updated_at": now})
            result.updated += 1
            if "active" in changes:
                (result.joined_ids if changes["active"] else result.left_ids).append(pid)
        if updates:
            session.execute(update(Person), updates)
        if inserts:
            # Then read the new ids back: RETURNING over many rows is 4x slower on PostgreSQL.
            session.execute(insert(Person), inserts)
            emails = [row["email"] for row in inserts]
            for pid, mail, active in session.execute(
                select(Person.id, Person.email, Person.active).where(Person.email.in_(emails))
            ):
                new_ids[mail] = pid
                if active:
                    result.joined_ids.append(pid)
            result.created += len(inserts)
        result.rows += len(batch)
        if progress:
            progress("Writing", source.bytes_read, source.size)
    ids = plan.ids
    ids.update(new_ids)
    for pairs in _chunks(iter(links)):
        session.execute(update(Person), [{"id": ids[p], "manager_id": ids[m]} for p, m in pairs])
    return result


def _chunks(items: Iterator[T], size: int = BATCH) -> Iterator[list[T]]:
    while chunk := list(islice(items, size)):
        yield chunk

