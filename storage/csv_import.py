"""Importing the organisation from CSV files: people, then the interactions between them.

Both imports are all or nothing: the whole file is checked, and on the first bad
row a :class:`storage.errors.CsvImportError` names the file, the row (the header
is row 1) and the column, and nothing changes. The caller commits on success.
"""

from storage.csv_interactions import import_interactions
from storage.csv_people import import_people
from storage.csv_source import ImportResult, Progress

__all__ = ["ImportResult", "Progress", "import_interactions", "import_people"]
