"""Installations of the app and the services of each.

With one bot token (``SLACK_BOT_TOKEN``) there is one implicit installation: the process's
services, exactly as before. With "Add to Slack" (OAuth) each installation — a workspace, or
an Enterprise Grid organisation installed org-wide — gets its own :class:`Services`: an engine
on its own data only (``storage.tenants``) and a Slack client carrying that installation's bot
token, rotated before it expires. The installations themselves live in the default schema.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation import TokenRotator
from slack_sdk.web import SlackResponse

from bot.bootstrap import Services
from storage.db import make_session_factory
from storage.installation_store import DatabaseInstallationStore, DatabaseOAuthStateStore
from storage.tenants import installation_engine

__all__ = ["BotTokens", "InstallationClient", "Installations"]

log = logging.getLogger(__name__)
#: Refresh a rotating token this long before it expires (Bolt's default, used for requests too).
ROTATE_MINUTES_BEFORE = 120


class BotTokens:
    """The current bot token of one installation, refreshed (and saved) when it is about to expire."""

    def __init__(self, store: DatabaseInstallationStore, rotator: TokenRotator, key: str) -> None:
        self._store, self._rotator, self._key = store, rotator, key
        self._lock = threading.Lock()

    def current(self) -> str | None:
        with self._lock:  # one refresh at a time: a second would spend the refresh token again
            bot: Bot | None = self._store.find_bot_by_key(self._key)
            if bot is None:
                return None
            if bot.bot_refresh_token:
                refreshed = self._rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=ROTATE_MINUTES_BEFORE)
                if refreshed is not None:
                    self._store.save_bot(refreshed)
                    bot = refreshed
            return bot.bot_token


class InstallationClient(WebClient):
    """A WebClient that calls Slack with its installation's current bot token."""

    def __init__(self, tokens: BotTokens, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._tokens = tokens

    def api_call(self, api_method: str, *, auth: dict[str, str] | None = None,
                 **kwargs: Any) -> SlackResponse:
        if auth is None:  # oauth.v2.access authenticates with the app's credentials instead
            self.token = self._tokens.current()
        return super().api_call(api_method, auth=auth, **kwargs)


class Installations:
    """The services of every installation, built on first use and kept."""

    def __init__(self, services: Services) -> None:
        self.root = services
        settings = services.settings
        self.oauth = settings.oauth
        sessions = make_session_factory(services.engine)
        self.store = DatabaseInstallationStore(sessions, settings.sealer()) if self.oauth else None
        self.states = DatabaseOAuthStateStore(sessions) if self.oauth else None
        self._by_key: dict[str, Services] = {}
        self._first_use: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def services_for(self, key: str | None) -> Services:
        """The services of installation ``key`` (the process's services when installed with one bot token)."""
        if self.store is None or not key:
            return self.root
        with self._lock:
            services = self._by_key.get(key)
            first_use = self._first_use.setdefault(key, threading.Lock())
        if services is not None:
            return services
        with first_use:  # a new installation is migrated once, without holding up the others' requests
            with self._lock:
                services = self._by_key.get(key)
            if services is None:
                services = Services(self.root.settings, installation_engine(self.root.engine, key),
                                    self._client(key), key)
                with self._lock:
                    self._by_key[key] = services
            return services

    def key_of(self, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> str:
        """The key of the installation serving a request from ``team_id`` of ``enterprise_id`` ("" with one bot
        token): every workspace of an organisation installed org-wide is served by the organisation's."""
        if self.store is None:
            return ""
        return self.store.key_of(enterprise_id, team_id, is_enterprise_install)

    def close(self) -> None:
        """Close every installation's database connections."""
        with self._lock:
            for services in self._by_key.values():
                services.engine.dispose()
            self._by_key.clear()

    def keys(self) -> list[str]:
        """Every installation's key ("" for the one implicit installation of a single bot token)."""
        return self.store.keys() if self.store is not None else [""]

    def _client(self, key: str) -> WebClient:
        assert self.store is not None
        settings, base = self.root.settings, self.root.slack
        rotator = TokenRotator(client_id=settings.slack_client_id or "",
                               client_secret=settings.slack_client_secret or "", client=base)
        return InstallationClient(BotTokens(self.store, rotator, key), base_url=base.base_url, timeout=base.timeout,
                                  retry_handlers=list(base.retry_handlers or []))
