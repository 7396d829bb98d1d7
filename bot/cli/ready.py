"""The services a command needs, on a database that exists, answers and is migrated (else one line, exit 1)."""

from __future__ import annotations

from bot.bootstrap import Services, bootstrap
from bot.settings import Settings
from storage.migrate import require_ready


def ready_services(settings: Settings | None = None) -> Services:
    """Bootstrap from the environment and refuse, in one line, a database a command cannot use."""
    services = bootstrap(settings or Settings.from_env())
    require_ready(services.engine)
    return services
