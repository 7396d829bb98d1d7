"""`cno export DIR`: everything a CNO needs to take their organisation's data elsewhere, as CSV."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import Services
from bot.errors import UsageError
from storage.csv_export import ExportedFile, export_all


def export_data(services: Services, directory: Path) -> list[ExportedFile]:
    """Write people, ties and intros as CSV files into ``directory``, read in one consistent transaction."""
    with services.uow() as uow:
        try:
            return export_all(uow.session, directory)
        except OSError as error:
            raise UsageError(f"cannot write the export to {directory}: {error.strerror or error}") from None
