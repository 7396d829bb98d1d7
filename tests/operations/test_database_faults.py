"""The database going away and coming back: 503 on /healthz, recovery without a restart, nothing lost."""

import json
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.bootstrap import bootstrap
from bot.outbox import enqueue
from bot.web import WebApp
from storage.db import make_engine
from storage.models import OutboxMessage
from tests.support.app_server import AppServer
from tests.support.tcp_proxy import TcpProxy


def health(url):
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_healthz_says_503_while_the_database_is_away_and_recovers_without_a_restart(engine, settings):
    if engine.dialect.name != "postgresql":
        pytest.skip("needs a database server to take away")
    proxy = TcpProxy(engine.url.host or "127.0.0.1", engine.url.port or 5432)
    proxied = make_engine(engine.url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
                          connect_args={"connect_timeout": 3})
    services = bootstrap(settings, engine=proxied)
    try:
        with AppServer(WebApp(services, build_app(services, process_before_response=True))) as server:
            assert health(server.url) == (200, {"ok": True, "database": "ok"})
            with services.uow() as uow:
                enqueue(uow.session, "before-outage", text="hi", users=["U1"])
                uow.commit()

            proxy.cut()
            assert health(server.url) == (503, {"ok": False, "database": "unreachable"})

            proxy.restore()
            assert health(server.url)[0] == 200
            with services.uow() as uow:
                enqueue(uow.session, "after-outage", text="hi again", users=["U1"])
                uow.commit()
        with engine.connect() as connection:
            keys = set(connection.scalars(select(OutboxMessage.key)))
        assert keys == {"before-outage", "after-outage"}
    finally:
        proxied.dispose()
        proxy.close()


def test_a_pooled_connection_killed_while_idle_is_replaced_before_use(engine, settings, monkeypatch):
    """A server restart or a cut link kills idle connections: the next request gets a live one, no error."""
    if engine.dialect.name != "postgresql":
        pytest.skip("needs a database server that can end a connection")
    import storage.db

    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 0.0)
    pooled = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        with pooled.connect() as connection:
            pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with engine.connect() as admin:  # the server ends the pooled connection while it sits idle
            admin.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
            admin.commit()
        with pooled.connect() as connection:
            assert connection.exec_driver_sql("SELECT pg_backend_pid()").scalar() != pid
    finally:
        pooled.dispose()


def test_a_connection_used_a_moment_ago_is_not_checked_again(engine, monkeypatch):
    """At 50 requests in flight a check before every use cost a tenth of each answer: only idle ones are checked."""
    if engine.dialect.name != "postgresql":
        pytest.skip("pooling rules apply to PostgreSQL")
    import storage.db

    monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 60.0)
    pooled = make_engine(engine.url.render_as_string(hide_password=False))
    pings = []
    monkeypatch.setattr(pooled.dialect, "do_ping", lambda connection: pings.append(connection) or True)
    try:
        for _ in range(5):
            with pooled.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        assert pings == []
        monkeypatch.setattr(storage.db, "PING_AFTER_IDLE_SECONDS", 0.0)
        with pooled.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        assert len(pings) == 1
    finally:
        pooled.dispose()
