"""slack_sdk's InstallationStore and OAuthStateStore over our database, tokens sealed at rest.

Bolt's "Add to Slack" flow saves what ``oauth.v2.access`` answered here, and its authorization
finds the bot token of every request here. The app asks for a bot token only, so an
installation is its :class:`~slack_sdk.oauth.installation_store.Bot`: one row per workspace, or
per Enterprise Grid organisation when installed org-wide.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from sqlalchemy.orm import Session, sessionmaker

from storage.models import SlackInstallation
from storage.queries.installations import (
    add_state,
    forget_installation,
    installation_by_key,
    installation_keys,
    take_state,
)
from storage.sealing import Sealer

log = logging.getLogger(__name__)

BOT_FIELDS = ("app_id", "enterprise_id", "enterprise_name", "team_id", "team_name", "bot_token", "bot_id",
              "bot_user_id", "bot_scopes", "bot_refresh_token", "bot_token_expires_at", "is_enterprise_install",
              "installed_at")


def installation_key(enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> str:
    """The key of an installation: the enterprise id when installed org-wide, else the team id (Bolt's rule)."""
    if (is_enterprise_install or not team_id) and enterprise_id:
        return enterprise_id
    return team_id or ""


class DatabaseInstallationStore(InstallationStore):
    """Installations in ``slack_installations``; what Slack answered (tokens included) sealed by ``sealer``."""

    def __init__(self, session_factory: sessionmaker[Session], sealer: Sealer) -> None:
        self._sessions = session_factory
        self._sealer = sealer

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        self.save_bot(installation.to_bot())

    def save_bot(self, bot: Bot) -> None:
        key = installation_key(bot.enterprise_id, bot.team_id, bot.is_enterprise_install)
        document = {name: getattr(bot, name) for name in BOT_FIELDS}
        now = datetime.now(UTC)
        with self._sessions() as session, session.begin():
            row = installation_by_key(session, key)
            if row is None:
                row = SlackInstallation(key=key, installed_at=now)
                session.add(row)
            row.enterprise_id, row.team_id = bot.enterprise_id, bot.team_id
            row.is_enterprise_install = bool(bot.is_enterprise_install)
            row.bot_user_id = bot.bot_user_id
            row.sealed = self._sealer.seal(document)
            row.updated_at = now

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        with self._sessions() as session:
            return self._bot(_installation_of(session, enterprise_id, team_id, is_enterprise_install))

    def key_of(self, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None) -> str:
        """The key of the installation that serves a request from ``team_id`` of ``enterprise_id``: the
        organisation's when the app is installed there org-wide, even if the request does not say so."""
        key = installation_key(enterprise_id, team_id, is_enterprise_install)
        if key == enterprise_id or not (enterprise_id and team_id):
            return key
        with self._sessions() as session:
            row = _installation_of(session, enterprise_id, team_id, is_enterprise_install)
            return row.key if row is not None else key

    def find_bot_by_key(self, key: str) -> Bot | None:
        with self._sessions() as session:
            return self._bot(installation_by_key(session, key))

    def _bot(self, row: SlackInstallation | None) -> Bot | None:
        return Bot(**self._sealer.open(row.sealed)) if row is not None else None

    def find_installation(self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        """Bolt asks this only for user tokens, which this app never asks for."""
        return None

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        with self._sessions() as session, session.begin():
            row = installation_by_key(session, team_id) if team_id else None
            if row is None and enterprise_id:
                row = installation_by_key(session, enterprise_id)
                row = row if row is not None and row.is_enterprise_install else None
            if row is not None:
                forget_installation(session, row.key)
                log.info("forgot the tokens of installation %s", row.key)

    def delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                            user_id: str | None = None) -> None:
        if user_id is None:
            self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def keys(self) -> list[str]:
        """Every installation's key."""
        with self._sessions() as session:
            return installation_keys(session)


def _installation_of(session: Session, enterprise_id: str | None, team_id: str | None,
                     is_enterprise_install: bool | None) -> SlackInstallation | None:
    row = installation_by_key(session, installation_key(enterprise_id, team_id, is_enterprise_install))
    if row is None and enterprise_id and team_id:
        # a workspace of an organisation the app is installed in org-wide
        row = installation_by_key(session, enterprise_id)
        row = row if row is not None and row.is_enterprise_install else None
    return row


class DatabaseOAuthStateStore(OAuthStateStore):
    """OAuth ``state`` values in ``slack_oauth_states``: each good once, for ``expiration_seconds``."""

    def __init__(self, session_factory: sessionmaker[Session], expiration_seconds: int = 600) -> None:
        self._sessions = session_factory
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        with self._sessions() as session, session.begin():
            add_state(session, state, datetime.now(UTC) + timedelta(seconds=self.expiration_seconds))
        return state

    def consume(self, state: str) -> bool:
        with self._sessions() as session, session.begin():
            return take_state(session, state[:64], datetime.now(UTC))
