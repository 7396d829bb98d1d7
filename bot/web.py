"""The HTTP entry point: ``POST /slack/events`` for Slack, ``GET /healthz`` and ``GET /metrics`` for operations."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot.bootstrap import Services
from bot.metrics import exposition

StartResponse = Callable[..., Any]
MAX_BODY_BYTES = 1_000_000


def _json(start_response: StartResponse, status: str, doc: dict[str, Any]) -> Iterable[bytes]:
    body = json.dumps(doc).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def database_ok(services: Services) -> bool:
    try:
        with services.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


class WebApp:
    """A WSGI application routing Slack's requests to Bolt and answering health checks."""

    def __init__(self, services: Services, app: App) -> None:
        self.services = services
        self.slack = SlackRequestHandler(app, path="/slack/events")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method == "GET":
            if database_ok(self.services):
                return _json(start_response, "200 OK", {"ok": True, "database": "ok"})
            return _json(start_response, "503 Service Unavailable", {"ok": False, "database": "unreachable"})
        if path == "/metrics" and method == "GET":
            body = exposition(self.services.uow)
            start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))])
            return [body]
        if path == "/slack/events":
            if method != "POST":
                return _json(start_response, "405 Method Not Allowed", {"ok": False, "error": "POST only"})
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY_BYTES:
                return _json(start_response, "413 Content Too Large", {"ok": False, "error": "body too large"})
            return self.slack(environ, start_response)
        return _json(start_response, "404 Not Found", {"ok": False, "error": "not found"})
