"""The HTTP entry point: ``POST /slack/events`` for Slack, ``GET /healthz`` and ``GET /metrics`` for operations,
and with "Add to Slack" ``GET /slack/install`` and ``GET /slack/oauth_redirect``."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from prometheus_client import CONTENT_TYPE_LATEST
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import text

from bot.bootstrap import Services
from bot.logs import request_context
from bot.metrics import ERRORS, REJECTED, exposition

StartResponse = Callable[..., Any]
MAX_BODY_BYTES = 1_000_000
#: HTTP worker threads per process (`cno serve --threads`). More are not faster under Python's GIL: at 50
#: requests in flight, 16 gave a worse p99 than 8 (`bench.week`'s surfaces, with and without Slack's latency).
HTTP_THREADS = 8
log = logging.getLogger(__name__)


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


OBJECT_FIELDS = ("user", "team", "view", "event", "container", "channel", "message", "enterprise", "authorizations")
#: Null in interactivity payloads Slack sends to an Enterprise Grid org-wide install (``team``), or outside Grid.
MAY_BE_NULL = ("team", "enterprise")


def well_formed(body: bytes, content_type: str) -> bool:
    """Whether a Slack body has the shape Bolt expects: a JSON object whose known fields have their types.

    Bolt trusts the shape of what Slack sends; a signed but malformed body is refused
    here with a 400 rather than crashing deep inside Bolt.
    """
    try:
        text = body.decode("utf-8")
        if "json" in content_type:
            doc: Any = json.loads(text) if text else {}
        else:
            form = parse_qs(text, keep_blank_values=True)
            if "payload" not in form:
                return True
            doc = json.loads(form["payload"][0])
    except (UnicodeDecodeError, ValueError):
        return False
    if not isinstance(doc, dict):
        return False
    if any(key in doc and not isinstance(doc[key], dict | list if key == "authorizations" else dict)
           and not (key in MAY_BE_NULL and doc[key] is None) for key in OBJECT_FIELDS):
        return False
    actions = doc.get("actions", [])
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        return False
    if doc.get("type") == "block_actions" and not all(isinstance(a.get("action_id"), str) for a in actions):
        return False  # Bolt's action matchers index action["action_id"]
    required = {"block_actions": "actions", "view_submission": "view", "view_closed": "view",
                "event_callback": "event"}.get(str(doc.get("type")))
    return required is None or bool(doc.get(required))


def _drain(environ: dict[str, Any], length: int) -> None:
    """Read a refused body (up to a bound) so the client sees our 413, not a broken pipe."""
    remaining = min(length, 16 * MAX_BODY_BYTES)
    stream = environ.get("wsgi.input")
    while stream is not None and remaining > 0:
        chunk = stream.read(min(remaining, 65536))
        if not chunk:
            break
        remaining -= len(chunk)


class WebApp:
    """A WSGI application routing Slack's requests to Bolt and answering health checks."""

    def __init__(self, services: Services, app: App, status: Callable[[], dict[str, Any]] | None = None) -> None:
        self.services = services
        self.status = status or dict
        self.slack = SlackRequestHandler(app, path="/slack/events")
        flow = app.oauth_flow  # "Add to Slack": the install page and Slack's redirect back (GET)
        self.oauth_paths = frozenset({flow.install_path, flow.redirect_uri_path} if flow is not None else ())

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        with request_context():
            return self._route(environ, start_response)

    def _route(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz" and method == "GET":
            if database_ok(self.services):
                return _json(start_response, "200 OK", {"ok": True, "database": "ok", **self.status()})
            return _json(start_response, "503 Service Unavailable",
                         {"ok": False, "database": "unreachable", **self.status()})
        if path == "/metrics" and method == "GET":
            body = exposition(self.services.uow)
            start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))])
            return [body]
        if path == "/slack/events":
            return self._slack(environ, _counting_refusals(start_response))
        if path in self.oauth_paths and method == "GET":
            return self.slack(environ, start_response)
        return _json(start_response, "404 Not Found", {"ok": False, "error": "not found"})

    def _slack(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method != "POST":
            return _json(start_response, "405 Method Not Allowed", {"ok": False, "error": "POST only"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY_BYTES:
            _drain(environ, length)
            return _json(start_response, "413 Content Too Large", {"ok": False, "error": "body too large"})
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        if not well_formed(body, environ.get("CONTENT_TYPE", "")):
            ERRORS.labels(where="malformed_request").inc()
            return _json(start_response, "400 Bad Request", {"ok": False, "error": "malformed request"})
        try:
            return self.slack(environ, start_response)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            # Bolt parses the body before it can verify it; what it cannot parse is the sender's fault.
            ERRORS.labels(where="malformed_request").inc()
            log.warning("malformed Slack request: %s", error)
            return _json(start_response, "400 Bad Request", {"ok": False, "error": "malformed request"})


def _counting_refusals(start_response: StartResponse) -> StartResponse:
    """``start_response`` that counts every 4xx answer to Slack's endpoint (Bolt's 401s included) in /metrics."""

    def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
        code = status.split(" ", 1)[0]
        if code.startswith("4"):
            REJECTED.labels(status=code).inc()
        return start_response(status, headers, *exc_info)

    return start
