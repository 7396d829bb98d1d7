"""Infrastructure fixtures only: database, Slack stand-in, the running app, the outbox sender."""

from __future__ import annotations

import io
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, inspect, text

from bot import logs
from bot.app import build_app
from bot.bootstrap import Services, bootstrap
from bot.network import forget_cached_network
from bot.outbox import OutboxSender
from bot.settings import Settings
from bot.web import WebApp
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base
from tests.support.app_server import AppServer
from tests.support.slack_client import SignedSlack
from tests.support.slack_standin import SlackServer, SlackStandIn

SIGNING_SECRET = "test-signing-secret"
CNO_SLACK_ID = "UCNO"
ENV_VARS = (
    "DATABASE_URL",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "PORT",
    "CNO_ADMINS",
    "CNO_TIMEZONE",
    "CNO_MENTORING_ANSWER_DAYS",
    "CNO_MENTORING_MAX_CANDIDATES",
)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def _migrated_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    yield engine
    engine.dispose()


def _empty_all_tables(engine: Engine) -> None:
    known = set(inspect(engine).get_table_names())
    with engine.begin() as connection:
        if "apscheduler_jobs" in known:
            connection.execute(text("DELETE FROM apscheduler_jobs"))
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in known:
                connection.execute(table.delete())
    forget_cached_network()  # this process's network described the database just emptied


@pytest.fixture
def engine(_migrated_engine: Engine) -> Iterator[Engine]:
    """The migrated test database; every table is emptied after the test."""
    _empty_all_tables(_migrated_engine)
    yield _migrated_engine
    _empty_all_tables(_migrated_engine)


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    """The local Slack Web API stand-in (fresh workspace per test).

    Fails the test when the app sent anything the real Slack would have refused
    (``slack.take_rejections()`` in a test that provokes that on purpose).
    """
    with SlackServer() as server:
        yield server.standin
        refused = server.standin.take_rejections()
    assert not refused, "the real Slack would have refused: " + "; ".join(
        f"{r.method}: {r.error} {r.problems[:3]}" for r in refused
    )


@pytest.fixture
def settings(engine: Engine, slack: SlackStandIn) -> Settings:
    return Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url + "/api/",
        cno_admins=frozenset({CNO_SLACK_ID.lower()}),
    )


@pytest.fixture
def services(settings: Settings, engine: Engine) -> Services:
    return bootstrap(settings, engine=engine)


@dataclass
class RunningApp:
    url: str
    slack: SignedSlack
    services: Services
    standin: SlackStandIn
    sleeps: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        """The sender's sleep in tests: recorded, and passed on the stand-in's clock (no real wait)."""
        self.sleeps.append(seconds)
        self.standin.clock.advance(seconds)

    @property
    def sender(self) -> OutboxSender:
        return OutboxSender(self.services.uow, self.services.slack, sleep=self.sleep)

    def deliver(self) -> None:
        """Deliver every due outbox message now, as the background sender would."""
        self.sender.deliver_due()


@dataclass
class CliRun:
    code: int
    out: str
    err: str


@pytest.fixture
def cno(engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., CliRun]:
    """Run the `cno` command line in this process against the test database, as `main()` runs it."""
    from bot.cli import main

    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))

    def run(*args: str) -> CliRun:
        capsys.readouterr()
        monkeypatch.setattr(sys, "argv", ["cno", *args])
        try:
            main()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run


@pytest.fixture
def running_app(services: Services, slack: SlackStandIn) -> Iterator[RunningApp]:
    """The real app served over HTTP on 127.0.0.1, and a client signing requests as Slack does."""
    wsgi = WebApp(services, build_app(services, process_before_response=True))
    with AppServer(wsgi) as server:
        yield RunningApp(server.url, SignedSlack(server.url, SIGNING_SECRET, slack.url), services, slack)


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The app's logging, configured as in production, writing into a string for the test to read."""
    stream = io.StringIO()
    logs.configure(logging.INFO, stream=stream)
    try:
        yield stream
    finally:
        logging.getLogger().handlers.clear()
