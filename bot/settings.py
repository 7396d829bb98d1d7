"""Configuration from the environment (and a `.env` file), as PRODUCT.md's table lists it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigError
from storage.db import database_url
from storage.errors import BadDatabaseUrl

DEFAULT_DATABASE_URL = "sqlite:///cno.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str | None = None
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

    def require_slack(self, http: bool = True) -> None:
        """Fail with one line naming what is missing for talking to Slack."""
        missing = [] if self.slack_bot_token else ["SLACK_BOT_TOKEN"]
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


def _positive_int(env: Mapping[str, str], variable: str, default: int) -> int:
    text = env.get(variable, "") or str(default)
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{variable} must be a whole number of at least 1, got {text!r}")
    return value
