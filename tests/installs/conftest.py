"""Infrastructure of the installation tests: the app served with "Add to Slack", and a browser going through it."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from itertools import count
from urllib.parse import urlencode

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, text

from bot.app import build_app
from bot.bootstrap import Services, bootstrap
from bot.settings import Settings
from bot.tenancy import Installations
from bot.web import WebApp
from storage.db import sqlite_file
from tests.conftest import CNO_SLACK_ID, SIGNING_SECRET
from tests.support.app_server import AppServer
from tests.support.slack_client import SignedSlack
from tests.support.slack_standin import SlackStandIn

TOKEN_KEY = Fernet.generate_key().decode()
STATE_COOKIE = "slack-app-oauth-state"


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    text: str

    def cookie(self, name: str) -> str | None:
        jar = SimpleCookie(self.headers.get("set-cookie", ""))
        return jar[name].value if name in jar else None


@dataclass
class OAuthApp:
    """The app installed by "Add to Slack": Slack (the stand-in) and the browser of whoever installs it."""

    url: str
    standin: SlackStandIn
    services: Services
    installations: Installations
    _signers: dict[str, SignedSlack] = field(default_factory=dict)

    def get(self, path: str, cookie: str | None = None) -> Page:
        request = urllib.request.Request(self.url + path, headers={"Cookie": cookie} if cookie else {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Page(response.status, {k.lower(): v for k, v in response.headers.items()},
                            response.read().decode())
        except urllib.error.HTTPError as error:
            return Page(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode())

    def start_install(self) -> str:
        """Open the app's install page: the state it hands the browser (in its cookie)."""
        page = self.get("/slack/install")
        assert page.status == 200, page.text
        state = page.cookie(STATE_COOKIE)
        assert state and f"state={state}" in page.text
        return state

    def install(self, team_id: str = "T1", team_name: str = "Acme", **grant: object) -> Page:
        """Go through "Add to Slack" for ``team_id``: install page, "Allow" on Slack, back to the app."""
        state = self.start_install()
        code = self.standin.approve(team_id, team_name, **grant)  # type: ignore[arg-type]
        return self.redirect_back(code, state)

    def redirect_back(self, code: str, state: str, cookie_state: str | None = None) -> Page:
        query = urlencode({"code": code, "state": state})
        return self.get(f"/slack/oauth_redirect?{query}", cookie=f"{STATE_COOKIE}={cookie_state or state}")

    def slack(self, team_id: str = "T1") -> SignedSlack:
        """Requests from Slack on behalf of workspace ``team_id`` (event ids unique across workspaces, as Slack's)."""
        if team_id not in self._signers:
            self._signers[team_id] = SignedSlack(self.url, SIGNING_SECRET, self.standin.url, team_id=team_id)
            self._signers[team_id]._ids = count(1000 * (len(self._signers)))
        return self._signers[team_id]

    def tokens_used(self, method: str) -> list[str | None]:
        return [call.token for call in self.standin.calls_to(method)]


def oauth_settings(engine: Engine, slack: SlackStandIn, **overrides: object) -> Settings:
    fields: dict[str, object] = {
        "database_url": engine.url.render_as_string(hide_password=False),
        "slack_signing_secret": SIGNING_SECRET, "slack_api_url": slack.url + "/api/",
        "slack_client_id": slack.client_id, "slack_client_secret": slack.client_secret, "token_key": TOKEN_KEY,
        "cno_admins": frozenset({CNO_SLACK_ID.lower()}), **overrides}
    return Settings(**fields)  # type: ignore[arg-type]


@pytest.fixture
def oauth_app(engine: Engine, slack: SlackStandIn, request: pytest.FixtureRequest) -> Iterator[OAuthApp]:
    """The real app, with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET instead of a bot token, served over HTTP
    (with other settings when a test parametrizes it indirectly)."""
    services = bootstrap(oauth_settings(engine, slack, **getattr(request, "param", {})), engine=engine)
    installations = Installations(services)
    wsgi = WebApp(services, build_app(services, process_before_response=True, installations=installations))
    try:
        with AppServer(wsgi) as server:
            yield OAuthApp(server.url, slack, services, installations)
    finally:
        installations.close()
        drop_installations(engine)


@pytest.fixture
def oauth_cli(oauth_app: OAuthApp, monkeypatch: pytest.MonkeyPatch) -> OAuthApp:
    """``cno`` commands run with the served app's "Add to Slack" settings (the ``cno`` fixture gives the database)."""
    for variable, value in (("SLACK_CLIENT_ID", oauth_app.standin.client_id), ("SLACK_SIGNING_SECRET", "s"),
                            ("SLACK_CLIENT_SECRET", oauth_app.standin.client_secret), ("CNO_TOKEN_KEY", TOKEN_KEY),
                            ("SLACK_API_URL", oauth_app.standin.url + "/api/")):
        monkeypatch.setenv(variable, value)
    return oauth_app


def drop_installations(engine: Engine) -> None:
    """Remove every installation's own data (schemas on PostgreSQL, files beside the database on SQLite)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            schemas = connection.execute(text(
                "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'cno\\_%'")).scalars().all()
            for schema in schemas:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        return
    path = sqlite_file(engine.url)
    assert path is not None
    for file in path.parent.glob(f"{path.stem}.cno_*"):
        file.unlink()
