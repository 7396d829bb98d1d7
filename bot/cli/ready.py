"""The services a command needs, on a database that exists, answers and is migrated (else one line, exit 1).

Installed by "Add to Slack", a deployment may serve several installations: a command works on one,
named by ``--installation KEY`` (or ``CNO_INSTALLATION``), or on the only one there is.
"""

from __future__ import annotations

from bot.bootstrap import Services, bootstrap
from bot.errors import ConfigError
from bot.settings import Settings
from bot.tenancy import Installations
from storage.migrate import require_ready

INSTALLATION_VARIABLE = "CNO_INSTALLATION"
_chosen = {"installation": ""}


def choose_installation(key: str) -> None:
    """The installation this run of ``cno`` is for (``--installation``, or $CNO_INSTALLATION), "" when not said."""
    _chosen["installation"] = key.strip()


def ready_database(settings: Settings | None = None) -> Services:
    """Bootstrap from the environment and refuse, in one line, a database a command cannot use."""
    services = bootstrap(settings or Settings.from_env())
    require_ready(services.engine)
    return services


def ready_services(settings: Settings | None = None) -> Services:
    """The services of the installation the command is for (with one bot token: the only one)."""
    services = ready_database(settings)
    if not services.settings.oauth:
        return services
    installations = Installations(services)
    keys = installations.keys()
    chosen = _chosen["installation"]
    if chosen and chosen not in keys:
        raise ConfigError(f"no installation {chosen!r}: the installations are {', '.join(keys) or 'none yet'}")
    if not chosen and len(keys) != 1:
        if not keys:
            raise ConfigError("the app is not installed in any workspace yet: add it to Slack at /slack/install")
        raise ConfigError(f"there are {len(keys)} installations ({', '.join(keys)}): "
                          f"name one with --installation KEY (or {INSTALLATION_VARIABLE})")
    return installations.services_for(chosen or keys[0])
