"""Erasing a person: their rows go, and every mention of them in other rows is removed.

This works over ``Base.metadata``, so tables added later by any capability are
covered without changes here:

1. Rows that reference the person by foreign key are deleted (recursively, with
   the rows that reference those), except where the foreign key says
   ``ondelete="SET NULL"``: there the reference becomes NULL and the row, now
   anonymous, stays (a team snapshot keeps its counts, a handover its successor
   slot).
2. Every text and JSON column of every table is then searched for the person's
   email, Slack id and name. Outbox rows that mention or address them are deleted
   (pending ones are never sent), and so are delivered ones that call them by
   their first name; elsewhere the mention is replaced by
   :data:`ERASED`, and JSON list items that are exactly one of them (a Slack id
   in ``users``, an email in someone's ``do_not_match``) are dropped. Other
   people's own name, email and Slack id columns are left alone.

Counts already aggregated (weekly snapshots) are not touched: they name no one,
so reports keep their history and their totals still add up.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, ColumnElement, String, Table, Text, cast, delete, or_, select, update
from sqlalchemy.orm import Session

from storage.models import Base, OutboxMessage, Person
from storage.models.outbox import PENDING

ERASED = "[erased]"
#: Columns that are other people's identity: a namesake keeps their own name.
_OWN_IDENTITY = {("people", "name"), ("people", "email"), ("people", "slack_id")}


@dataclass
class ErasureReport:
    """What an erasure changed: rows deleted, rows with a mention removed, and NULLed references, per table."""

    deleted: Counter[str] = field(default_factory=Counter)
    redacted: Counter[str] = field(default_factory=Counter)
    unlinked: Counter[str] = field(default_factory=Counter)

    @property
    def ties(self) -> int:
        return self.deleted["interactions"]

    @property
    def messages(self) -> int:
        return self.deleted[OutboxMessage.__tablename__]


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _purge(session: Session, table: Table, where: ColumnElement[bool], report: ErasureReport, depth: int = 0) -> None:
    """Delete ``table``'s rows matching ``where`` after dealing with every row that references them."""
    if depth > 10:
        raise RuntimeError(f"foreign keys nest too deep below {table.name}")
    for child in _tables():
        for fk in child.foreign_keys:
            if fk.column.table is not table:
                continue
            referenced = fk.parent.in_(select(fk.column).where(where))
            if (fk.ondelete or "").upper() == "SET NULL":
                result = session.execute(update(child).where(referenced).values({fk.parent.name: None}))
                report.unlinked[child.name] += int(result.rowcount or 0)  # type: ignore[attr-defined]
            elif child is not table:
                _purge(session, child, referenced, report, depth + 1)
    result = session.execute(delete(table).where(where))
    report.deleted[table.name] += int(result.rowcount or 0)  # type: ignore[attr-defined]


def _pattern(identifiers: Iterable[str]) -> re.Pattern[str]:
    words = sorted({i for i in identifiers if i}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def _redact(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_redact(v, pattern) for v in value if not (isinstance(v, str) and pattern.fullmatch(v))]
    if isinstance(value, dict):
        return {_redact(k, pattern): _redact(v, pattern) for k, v in value.items()}
    return value


def _text_columns(table: Table) -> list[Any]:
    return [c for c in table.columns if isinstance(c.type, String | Text | JSON)]


def _mentions(column: Any, identifiers: list[str]) -> ColumnElement[bool]:
    """A broad SQL filter (Python decides): the column's text contains one of the identifiers."""
    if isinstance(column.type, JSON):
        text = cast(column, Text)
        forms = {f for i in identifiers for f in (i, json.dumps(i)[1:-1])}
    else:
        text, forms = column, set(identifiers)
    return or_(*(text.ilike("%" + f.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", escape="\\")
                 for f in forms))


def _scrub_mentions(session: Session, identifiers: list[str], report: ErasureReport) -> None:
    pattern = _pattern(identifiers)
    outbox = OutboxMessage.__table__
    for table in _tables():
        columns = [c for c in _text_columns(table) if (table.name, c.name) not in _OWN_IDENTITY]
        if not columns or not table.primary_key.columns:
            continue
        keys = list(table.primary_key.columns)
        query = select(*keys, *columns).where(or_(*(_mentions(c, identifiers) for c in columns)))
        for row in session.execute(query).all():
            key_values = dict(zip((k.name for k in keys), row[: len(keys)], strict=True))
            where = [k == key_values[k.name] for k in keys]
            values = row[len(keys) :]
            changed = {
                c.name: new
                for c, old in zip(columns, values, strict=True)
                if old is not None and (new := _redact(old, pattern)) != old
            }
            if not changed:
                continue
            if table is outbox:
                dead = session.scalar(select(OutboxMessage.key).where(*where))
                session.execute(delete(outbox).where(outbox.c.target_key == dead))
                session.execute(delete(outbox).where(*where))
                report.deleted[table.name] += 1
            else:
                session.execute(update(table).where(*where).values(changed))
                report.redacted[table.name] += 1


def _delivered_mentions_of_first_name(session: Session, first_name: str, report: ErasureReport) -> None:
    """Delivered (or dropped) outbox rows that call them by first name: delivery records, deleted.

    Messages still waiting are left alone, since another person may share the first name.
    """
    if len(first_name) < 2:
        return
    pattern = _pattern([first_name])
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.payload).where(
            OutboxMessage.status != PENDING, _mentions(OutboxMessage.__table__.c.payload, [first_name])
        )
    ).all()
    dead = [row_id for row_id, payload in rows if pattern.search(json.dumps(payload, ensure_ascii=False))]
    for chunk in range(0, len(dead), 500):
        session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(dead[chunk : chunk + 500])))
    report.deleted[OutboxMessage.__tablename__] += len(dead)


def erase_person(session: Session, person: Person) -> ErasureReport:
    """Remove ``person`` and everything about them; the caller commits.

    Every mention of their email, Slack id and name in any table goes too (see the
    module's description); anonymous aggregates stay.
    """
    identifiers = [i.strip() for i in (person.email, person.slack_id or "", person.name or "") if i and i.strip()]
    first_name = (person.name or "").strip().split(" ")[0]
    report = ErasureReport()
    people = Person.__table__
    assert isinstance(people, Table)
    session.flush()
    _purge(session, people, people.c.id == person.id, report)
    session.expire_all()
    _scrub_mentions(session, identifiers, report)
    _delivered_mentions_of_first_name(session, first_name, report)
    return report
