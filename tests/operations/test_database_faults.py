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
