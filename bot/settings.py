"""Configuration from the environment (and a `.env` file), as PRODUCT.md's table lists it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigError
from storage.db import database_url
from storage.errors import BadDatabaseUrl, BadTokenKey
from storage.sealing import MAKE_A_KEY, Sealer

DEFAULT_DATABASE_URL = "sqlite:///cno.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
    slack_client_id: str | None = None  # with the secret: "Add to Slack" (OAuth) instead of one bot token
    slack_client_secret: str | None = None
    slack_redirect_uri: str | None = None
    token_key: str | None = None  # CNO_TOKEN_KEY: seals the installations' tokens in the database
    port: int = 3000
    cno_admins: frozenset[str] = field(default_factory=frozenset)
    timezone: str = "UTC"
    mentoring_answer_days: int = 3  # working days a mentor/sponsor candidate has to answer
    mentoring_max_candidates: int = 3  # candidates asked before a request is reported unfulfilled

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        port_text = env.get("PORT", "3000")
        try:
            port = int(port_text)
        except ValueError:
            raise ConfigError(f"PORT must be a number, got {port_text!r}") from None
        timezone = env.get("CNO_TIMEZONE", "UTC") or "UTC"
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"CNO_TIMEZONE {timezone!r} is not a known time zone (e.g. Europe/Paris)"
            ) from None
        mentoring = {
            name: _positive_int(env, variable, default)
            for name, variable, default in (
                ("mentoring_answer_days", "CNO_MENTORING_ANSWER_DAYS", 3),
                ("mentoring_max_candidates", "CNO_MENTORING_MAX_CANDIDATES", 3),
            )
        }
        admins = frozenset(a.strip().lower() for a in env.get("CNO_ADMINS", "").split(",") if a.strip())
        try:
            url = database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
        except BadDatabaseUrl as error:
            raise ConfigError(str(error)) from None
        return cls(
            database_url=url.render_as_string(hide_password=False),
            **_oauth_settings(env),
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_api_url=env.get("SLACK_API_URL") or None,
            port=port,
            cno_admins=admins,
            timezone=timezone,
            **mentoring,
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def oauth(self) -> bool:
        """Whether the app is installed by "Add to Slack" (OAuth) rather than with one bot token."""
        return bool(self.slack_client_id and self.slack_client_secret)

    def sealer(self) -> Sealer:
        """What seals the installations' tokens (``CNO_TOKEN_KEY``)."""
        if not self.token_key:
            raise ConfigError(f"CNO_TOKEN_KEY must be set to install by OAuth; make one with: {MAKE_A_KEY}")
        try:
            return Sealer(self.token_key)
        except BadTokenKey as error:
            raise ConfigError(str(error)) from None

    def require_slack(self, http: bool = True) -> None:
        """Fail with one line naming what is missing for talking to Slack."""
        missing = [] if self.slack_bot_token or self.oauth else ["SLACK_BOT_TOKEN"]
        if http and not self.slack_app_token and not self.slack_signing_secret:
            missing.append("SLACK_SIGNING_SECRET")
        if missing:
            raise ConfigError(
                f"{' and '.join(missing)} must be set (see README: Configuration); "
                "create the app from manifest.yml to get them"
            )

    def is_admin(self, slack_id: str | None = None, email: str | None = None) -> bool:
        return bool(
            (slack_id and slack_id.lower() in self.cno_admins) or (email and email.lower() in self.cno_admins)
        )


class _OAuthVariables(TypedDict):
    slack_client_id: str | None
    slack_client_secret: str | None
    token_key: str | None
    slack_redirect_uri: str | None


def _oauth_settings(env: Mapping[str, str]) -> _OAuthVariables:
    """The "Add to Slack" variables, refused in one line when they cannot work together."""
    client_id, secret = env.get("SLACK_CLIENT_ID") or None, env.get("SLACK_CLIENT_SECRET") or None
    key = env.get("CNO_TOKEN_KEY") or None
    if bool(client_id) != bool(secret):
        given, missing = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET") if client_id else (
            "SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID")
        raise ConfigError(f"{given} is set but {missing} is not: \"Add to Slack\" needs both "
                          "(Basic Information → App Credentials of your Slack app)")
    found: _OAuthVariables = {"slack_client_id": client_id, "slack_client_secret": secret, "token_key": key,
                               "slack_redirect_uri": env.get("SLACK_REDIRECT_URI") or None}
    if client_id:
        Settings(**found).sealer()  # a missing or malformed key is refused now, not at the first install
    return found


def _positive_int(env: Mapping[str, str], variable: str, default: int) -> int:
    text = env.get(variable, "") or str(default)
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{variable} must be a whole number of at least 1, got {text!r}")
    return value
