"""Errors raised by storage. Messages name the offending thing."""


class StorageError(Exception):
    """Base error of the storage package."""


class DatabaseBehind(StorageError):
    """The database schema is older than the code: run `cno db upgrade`."""


class CsvImportError(StorageError):
    """A CSV file could not be imported; nothing was changed.

    The message names the file, the row number (1 is the header) and the column.
    """

    def __init__(self, file: str, row: int | None, column: str | None, problem: str) -> None:
        self.file, self.row, self.column, self.problem = file, row, column, problem
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {problem}")


class BadDatabaseUrl(StorageError):
    """``DATABASE_URL`` is not a SQLite or PostgreSQL URL."""


class DatabaseUnreachable(StorageError):
    """The database server refused us, timed out or does not know the database or user."""


class DatabaseMissing(StorageError):
    """The database has no CNO tables yet (or its SQLite file does not exist): run `cno db upgrade`."""


class BadTokenKey(StorageError):
    """``CNO_TOKEN_KEY`` is missing or is not a key that can seal tokens."""


class TokensUnreadable(StorageError):
    """Tokens in the database were sealed with another key than ``CNO_TOKEN_KEY``."""
