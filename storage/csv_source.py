"""Reading a CSV file for import: strict, streaming, with errors that name file, row and column.

Rows are numbered as a spreadsheet shows them: the header is row 1, and a blank
line still counts as a row (it is skipped, not imported). The file is read as
UTF-8 (a byte-order mark is accepted), one line at a time, so memory does not
grow with the file.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from storage.errors import CsvImportError

MAX_CELL = 1000  # characters; longer values are almost certainly a broken file or an attack
MAX_LINE = 1 << 20  # bytes; a longer physical line means this is not the CSV we expect

#: ``progress(stage, done, total)``: ``done`` and ``total`` are bytes of the file for a reading stage.
Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    """What an import changed. ``left_ids`` / ``joined_ids``: people newly marked left / newly present."""

    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    left_ids: list[int] = field(default_factory=list)
    joined_ids: list[int] = field(default_factory=list)


_SIGNATURES = (
    (b"PK\x03\x04", "is a zip archive or an Excel workbook (.xlsx), not CSV: save it as 'CSV UTF-8'"),
    (b"\xd0\xcf\x11\xe0", "is an Excel workbook (.xls), not CSV: save it as 'CSV UTF-8'"),
    (codecs.BOM_UTF16_LE, "is UTF-16 text, not UTF-8: save it as 'CSV UTF-8'"),
    (codecs.BOM_UTF16_BE, "is UTF-16 text, not UTF-8: save it as 'CSV UTF-8'"),
    (b"%PDF", "is a PDF document, not CSV"),
)


class CsvFile:
    """One CSV file with a known set of columns; iterate :meth:`rows` once per pass.

    ``required`` columns must be in the header; ``optional`` ones may be; any other
    column is an error (a misspelt optional column would otherwise be silently ignored).
    """

    def __init__(self, path: str | os.PathLike[str], required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        self.path = Path(path)
        self.name = os.fspath(path)
        self.required, self.optional = required, optional
        try:
            self.size = self.path.stat().st_size
            if self.path.is_dir():
                raise self.error(None, None, "is a directory, not a CSV file")
        except OSError as error:
            raise self.error(None, None, f"cannot be read: {error.strerror or error}") from None
        self.bytes_read = 0
        self.header: list[str] = []
        self.index: dict[str, int] = {}
        for _ in self._records(header_only=True):
            pass

    def error(self, row: int | None, column: str | None, problem: str) -> CsvImportError:
        return CsvImportError(self.name, row, column, problem)

    def has(self, column: str) -> bool:
        return column in self.index

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(row number, cells)`` for every non-blank data row; cells are stripped, one per header column."""
        return self._records(header_only=False)

    # --- internals ----------------------------------------------------------------
    def _records(self, header_only: bool) -> Iterator[tuple[int, list[str]]]:
        try:
            raw = self.path.open("rb")
        except OSError as error:
            raise self.error(None, None, f"cannot be read: {error.strerror or error}") from None
        with raw:
            self._check_signature(raw)
            counter = _RowCounter()
            reader = csv.reader(self._lines(raw, counter), strict=True)
            width = 0
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as error:
                    raise self.error(counter.row + 1, None, f"is not valid CSV here ({error})") from None
                counter.row += 1
                if counter.row == 1:
                    if not any(c.strip() for c in cells):
                        columns = ",".join(self.required)
                        raise self.error(1, None, f"the first row is blank: it must name the columns ({columns})")
                    self._read_header(cells)
                    width = len(self.header)
                    if header_only:
                        return
                    continue
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                yield counter.row, self._check_cells(counter.row, cells, width)
            if counter.row == 0:
                columns = ",".join(self.required)
                raise self.error(None, None, f"is empty: the first row must name the columns ({columns})")

    def _check_signature(self, raw: BinaryIO) -> None:
        head = raw.read(4096)
        raw.seek(0)
        for signature, problem in _SIGNATURES:
            if head.startswith(signature):
                raise self.error(None, None, problem)
        if b"\x00" in head:
            raise self.error(None, None, "is a binary file, not CSV text")

    def _lines(self, raw: BinaryIO, counter: _RowCounter) -> Iterator[str]:
        offset = 0
        first = True
        while True:
            line = raw.readline(MAX_LINE)
            if not line:
                return
            if first and line.startswith(codecs.BOM_UTF8):
                line, offset = line[len(codecs.BOM_UTF8):], len(codecs.BOM_UTF8)
            first = False
            row = counter.row + 1
            if len(line) == MAX_LINE and not line.endswith(b"\n"):
                raise self.error(row, None, f"has a line longer than {MAX_LINE:,} bytes: is this a CSV file?")
            if b"\x00" in line:
                raise self.error(row, None, f"is a binary file, not CSV text (NUL at byte {offset + line.index(0)})")
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as error:
                bad = f"byte {offset + error.start} is {line[error.start]:#04x}"
                raise self.error(row, None, f"is not UTF-8 text ({bad}): save it as 'CSV UTF-8'") from None
            offset += len(line)
            self.bytes_read = offset
            yield text

    def _read_header(self, cells: list[str]) -> None:
        names = [c.strip().lower() for c in cells]
        if len(names) == 1:
            for separator in (";", "\t", "|"):
                if separator in names[0]:
                    shown = "tab" if separator == "\t" else repr(separator)
                    problem = f"columns are separated by {shown}, not commas: save it as comma-separated CSV"
                    raise self.error(1, None, problem)
        known = self.required + self.optional
        seen: set[str] = set()
        for position, name in enumerate(names, start=1):
            if not name:
                raise self.error(1, None, f"column {position} has no name in the header")
            if name in seen:
                raise self.error(1, name, "this column appears twice in the header")
            if name not in known:
                raise self.error(1, name, f"unknown column (known columns: {', '.join(known)})")
            seen.add(name)
        for name in self.required:
            if name not in seen:
                raise self.error(1, name, f"missing required column (the header must have {', '.join(self.required)})")
        self.header = names
        self.index = {name: i for i, name in enumerate(names)}

    def _check_cells(self, row: int, cells: list[str], width: int) -> list[str]:
        if len(cells) != width:
            problem = f"this row has {len(cells)} fields but the header has {width}"
            if len(cells) > width:
                raise self.error(row, None, problem + " (quote values that contain commas)")
            raise self.error(row, self.header[len(cells)], problem)
        if max(map(len, cells)) > MAX_CELL:
            name, cell = next((n, c) for n, c in zip(self.header, cells, strict=True) if len(c) > MAX_CELL)
            raise self.error(row, name, f"value is {len(cell):,} characters long (the limit is {MAX_CELL:,})")
        return [cell.strip() for cell in cells]


def larger_sqlite_cache(session: Session, kib: int = 64 * 1024) -> None:
    """Give SQLite's page cache room for the indexes a large import touches (2 MiB by default).

    It stays a setting of this pooled connection: bounded, and worth it, as a million
    rows inserted with the default cache spend most of their time re-reading index pages.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        size = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
        page = connection.exec_driver_sql("PRAGMA page_size").scalar_one()
        if (-size if size < 0 else size * page // 1024) < kib:
            connection.exec_driver_sql(f"PRAGMA cache_size = -{kib}")


class _RowCounter:
    """Rows the CSV reader has produced so far (the header is row 1), shared with the line reader."""

    row = 0
