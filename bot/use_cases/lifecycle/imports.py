"""`cno import`: load people and interactions from CSV files, and follow who joined and who left."""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.use_cases.lifecycle.people_changes import Followed, people_changed
from storage.csv_import import ImportResult, Progress, import_interactions, import_people


def import_people_file(
    services: Services, path: Path, progress: Progress | None = None
) -> tuple[ImportResult, Followed]:
    """Upsert people from ``path``, all or nothing; onboard who joined and open handovers for who left.

    The follow-up runs in the same transaction as the import, so a failure leaves both undone.
    """
    with services.uow() as uow:
        result = import_people(uow.session, path, progress)
        today = utcnow().astimezone(services.settings.zone).date()
        followed = people_changed(uow.session, result.joined_ids, result.left_ids, today)
        uow.commit()
    return result, followed


def import_interactions_file(services: Services, path: Path, progress: Progress | None = None) -> ImportResult:
    """Add the interactions (ties) in ``path``, all or nothing."""
    with services.uow() as uow:
        result = import_interactions(uow.session, path, progress)
        uow.commit()
    return result
