"""The composition root: builds the engine, unit of work and Slack client once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from bot.settings import Settings
from bot.slack_api import make_client
from storage.db import make_engine, make_session_factory
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from slack_sdk import WebClient


@dataclass
class Services:
    """What every use case and listener needs, built once per process."""

    settings: Settings
    engine: Engine
    slack: WebClient
    key: str = ""  # the installation's key (bot.tenancy); "" for the one installation of a single bot token

    def __post_init__(self) -> None:
        self._session_factory = make_session_factory(self.engine)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self._session_factory)


def services_of(context: Any) -> Services:
    """The process's services, as injected into every listener's context by ``bot.app.build_app``.

    Defined here (and re-exported by ``bot.app``) so listener modules can import it
    without importing ``bot.app``, which imports them.
    """
    services: Services = context["services"]
    return services


def bootstrap(settings: Settings | None = None, engine: Engine | None = None) -> Services:
    settings = settings or Settings.from_env()
    return Services(
        settings=settings,
        engine=engine or make_engine(settings.database_url),
        slack=make_client(settings),
    )
