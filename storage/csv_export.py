"""``cno export DIR``: people, ties and intros as CSV files, so a CNO can take their data elsewhere.

``people.csv`` and ``interactions.csv`` have the columns ``cno import`` reads, so an export
imports back as it was; ``intros.csv`` has one row per intro. Files are UTF-8, comma-separated,
with a header row, and are written to a temporary name first: a failed export leaves no half file.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from sqlalchemy.orm import Session

from storage.csv_interactions import OPTIONAL as TIE_OPTIONAL
from storage.csv_interactions import REQUIRED as TIE_REQUIRED
from storage.csv_people import OPTIONAL as PEOPLE_OPTIONAL
from storage.csv_people import REQUIRED as PEOPLE_REQUIRED
from storage.queries.export import intro_members, people_with_managers, ties_by_email

PEOPLE_COLUMNS = (*PEOPLE_REQUIRED, *PEOPLE_OPTIONAL)
TIE_COLUMNS = (*TIE_REQUIRED, *TIE_OPTIONAL)
INTRO_COLUMNS = ("round", "day", "intro", "members", "answers", "score", "reasons")


@dataclass(frozen=True)
class ExportedFile:
    path: Path
    rows: int


def export_all(session: Session, directory: Path) -> list[ExportedFile]:
    """Write ``people.csv``, ``interactions.csv`` and ``intros.csv`` into ``directory`` (created if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    return [
        _write(directory / "people.csv", PEOPLE_COLUMNS, _people(session)),
        _write(directory / "interactions.csv", TIE_COLUMNS, _ties(session)),
        _write(directory / "intros.csv", INTRO_COLUMNS, _intros(session)),
    ]


def _people(session: Session) -> Iterable[Sequence[object]]:
    for p, manager_email in people_with_managers(session):
        yield (p.email, p.name, p.function, p.region, p.level, manager_email or "", p.slack_id or "", p.timezone,
               ";".join(p.skills or []), ";".join(p.interests or []), p.team, p.title,
               p.start_date.isoformat() if p.start_date else "", p.left_on.isoformat() if p.left_on else "")


def _ties(session: Session) -> Iterable[Sequence[object]]:
    for a_email, b_email, kind, day, weight in ties_by_email(session):
        yield a_email, b_email, kind, day.isoformat(), f"{weight:g}"


def _intros(session: Session) -> Iterable[Sequence[object]]:
    for (period, day, intro_id, score, reasons), members in groupby(
        intro_members(session), key=lambda m: (m[0], m[1], m[2], m[3], tuple(m[4]))
    ):
        rows = list(members)
        yield (period, day.isoformat(), intro_id, ";".join(m[5] for m in rows),
               ";".join(f"{m[5]}={m[6]}" for m in rows if m[6]), f"{score:.3f}", " | ".join(reasons))


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> ExportedFile:
    partial = path.with_name(f".{path.name}.partial")
    count = 0
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return ExportedFile(path, count)
