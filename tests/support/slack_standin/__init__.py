"""A local stand-in for the Slack Web API: POST /api/<method> on 127.0.0.1, as strict as the real Slack.

It records every call, holds a small workspace (users, conversations, messages), answers
429 with Retry-After, 5xx or ``ok: false`` errors on demand, and refuses what the real Slack
refuses (Block Kit limits, scopes, rate-limit tiers, expired trigger ids: see ``standin``,
``api``, ``blocks`` and ``methods``). It also serves ``response_url`` posts (``/respond/<id>``),
checked like messages, and file uploads.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from tests.support.slack_standin.blocks import message_problems
from tests.support.slack_standin.oauth import basic_credentials
from tests.support.slack_standin.standin import MANIFEST_SCOPES, Call, Fault, Rejection, SlackStandIn, StandInClock

__all__ = ["MANIFEST_SCOPES", "Call", "Fault", "Rejection", "SlackServer", "SlackStandIn", "StandInClock", "standin_at"]

_RUNNING: dict[str, SlackStandIn] = {}


def standin_at(url: str) -> SlackStandIn | None:
    """The stand-in serving ``url`` in this process (so a signed request can issue its trigger id)."""
    return _RUNNING.get(url.rstrip("/").removesuffix("/api"))


class _Handler(BaseHTTPRequestHandler):
    standin: SlackStandIn

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path.startswith("/upload/"):
            file_id = self.path.rsplit("/", 1)[-1]
            with self.standin.lock:
                for upload in self.standin.uploads:
                    if upload["id"] == file_id:
                        upload["content"] = raw
            self._reply(200, {"ok": True}, {})
            return
        if self.path.startswith("/respond/"):
            self._respond(json.loads(raw or b"{}"))
            return
        if not self.path.startswith("/api/"):
            self._reply(404, {"ok": False, "error": "unknown_path"}, {})
            return
        method = self.path[len("/api/") :].split("?")[0]
        authorization = self.headers.get("Authorization") or ""
        credentials = basic_credentials(authorization) if authorization.startswith("Basic ") else {}
        if not authorization.startswith("Bearer xox") and not (credentials and method == "oauth.v2.access"):
            self._reply(200, {"ok": False, "error": "not_authed"}, {})
            return
        ctype = self.headers.get("Content-Type", "")
        if "json" in ctype:
            params = json.loads(raw or b"{}")
        else:
            params = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            for key in ("blocks", "metadata", "view", "attachments"):
                if isinstance(params.get(key), str):
                    try:
                        params[key] = json.loads(params[key])
                    except json.JSONDecodeError:
                        pass
        token = authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None
        status, body, headers = self.standin.handle(method, {**params, **credentials}, token)
        self._reply(status, body, headers)

    def _respond(self, body: dict[str, Any]) -> None:
        """A response_url post: a message, checked as chat.postMessage checks one."""
        standin = self.standin
        with standin.lock:
            error = None
            if not body.get("delete_original"):
                error, problems = message_problems(body.get("text"), body.get("blocks"))
            if error:
                standin.rejections.append(Rejection("response_url", error, problems, body))
            else:
                standin.responses.append(body)
            standin.clock.advance(standin.slow.get("respond", 0.0))  # the answer takes this long to come back
        if error:
            self._reply(400, {"ok": False, "error": error}, {})
        else:
            self._reply(200, {"ok": True}, {})

    def _reply(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


class SlackServer:
    """Runs a :class:`SlackStandIn` on 127.0.0.1 in a background thread."""

    def __init__(self) -> None:
        self.standin = SlackStandIn()
        handler = type("Handler", (_Handler,), {"standin": self.standin})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.standin.url = self.url
        self.api_url = self.url + "/api/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SlackServer:
        _RUNNING[self.url] = self.standin
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        _RUNNING.pop(self.url, None)
        self.httpd.shutdown()
        self.httpd.server_close()
