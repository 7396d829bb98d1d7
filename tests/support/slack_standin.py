"""A local stand-in for the Slack Web API: POST /api/<method> on 127.0.0.1.

It records every call, holds a small workspace (users, conversations, messages),
and answers 429 with Retry-After, 5xx or ``ok: false`` errors on demand.
It also serves ``response_url`` posts (``/respond/<id>``) and file uploads.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


@dataclass
class Fault:
    method: str
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    times: int = 1
    delay: float = 0.0


class SlackStandIn:
    """The workspace and call log behind the HTTP server."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel -> messages
        self.responses: list[dict[str, Any]] = []  # bodies posted to response_url
        self.uploads: list[dict[str, Any]] = []
        self.views: list[dict[str, Any]] = []
        self.channels: dict[str, dict[str, Any]] = {}  # channel id -> {"name", "is_private", "members"}
        self.faults: list[Fault] = []
        self.rate_limits: dict[str, float] = {}  # method -> min seconds between calls
        self.latency: dict[str, float] = {}  # method -> seconds each call takes
        self._last_call: dict[str, float] = {}
        self._ts = itertools.count(1)
        self._files = itertools.count(1)
        self.url = ""

    # --- workspace -------------------------------------------------------
    def add_user(self, user_id: str, email: str, name: str = "", **profile: Any) -> dict[str, Any]:
        user = {
            "id": user_id,
            "name": name or email.split("@")[0],
            "real_name": name or email.split("@")[0],
            "deleted": profile.pop("deleted", False),
            "is_bot": profile.pop("is_bot", False),
            "tz": profile.pop("tz", "UTC"),
            "profile": {"email": email, "real_name": name, "title": profile.pop("title", ""), **profile},
        }
        with self.lock:
            self.users[user_id] = user
        return user

    def add_channel(self, channel_id: str, members: list[str], name: str = "", is_private: bool = False) -> None:
        with self.lock:
            self.channels[channel_id] = {"name": name or channel_id.lower(), "is_private": is_private,
                                         "members": list(members)}

    # --- faults and assertions --------------------------------------------
    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        delay: float = 0.0,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail (429 needs ``retry_after``)."""
        with self.lock:
            self.faults.append(Fault(method, status, error, retry_after, times, delay))

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def posted(self) -> list[dict[str, Any]]:
        """Every message posted with chat.postMessage, in order."""
        return [c.params for c in self.calls_to("chat.postMessage")]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls_to(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.01)
        raise AssertionError(f"expected {count} call(s) to {method}, got {len(self.calls_to(method))}")

    def wait_for_response(self, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.responses) >= count:
                    return list(self.responses)
            time.sleep(0.01)
        raise AssertionError(f"expected {count} response_url post(s), got {len(self.responses)}")

    def reset(self) -> None:
        with self.lock:
            self.calls.clear()
            self.users.clear()
            self.messages.clear()
            self.responses.clear()
            self.uploads.clear()
            self.views.clear()
            self.channels.clear()
            self.faults.clear()
            self.rate_limits.clear()
            self._last_call.clear()

    # --- dispatch ----------------------------------------------------------
    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        if self.latency.get(method):
            time.sleep(self.latency[method])
        with self.lock:
            self.calls.append(Call(method, params))
            for fault in self.faults:
                if fault.method == method and fault.times > 0:
                    fault.times -= 1
                    if fault.delay:
                        time.sleep(fault.delay)
                    headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
                    if fault.status == 429:
                        return 429, {"ok": False, "error": "ratelimited"}, headers
                    if fault.status >= 500:
                        return fault.status, {"ok": False, "error": "internal_error"}, headers
                    return 200, {"ok": False, "error": fault.error or "unknown_error"}, headers
            gap = self.rate_limits.get(method)
            if gap is not None:
                now = time.monotonic()
                last = self._last_call.get(method)
                if last is not None and now - last < gap:
                    wait = max(1, int(gap - (now - last) + 0.999))
                    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(wait)}
                self._last_call[method] = now
            handler = getattr(self, "api_" + method.replace(".", "_"), None)
            if handler is None:
                return 200, {"ok": True}, {}
            return 200, handler(params), {}

    def _new_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ts):06d}"

    def api_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "team": "Acme"}

    def api_users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        users = list(self.users.values())
        limit = int(params.get("limit") or 200)
        start = int(params.get("cursor") or 0)
        page = users[start : start + limit]
        next_cursor = str(start + limit) if start + limit < len(users) else ""
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": next_cursor}}

    def api_users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(params.get("user", ""))
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def api_conversations_members(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = self.channels.get(params.get("channel", ""))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        limit, start = int(params.get("limit") or 100), int(params.get("cursor") or 0)
        members = channel["members"][start : start + limit]
        next_cursor = str(start + limit) if start + limit < len(channel["members"]) else ""
        return {"ok": True, "members": members, "response_metadata": {"next_cursor": next_cursor}}

    def api_conversations_list(self, params: dict[str, Any]) -> dict[str, Any]:
        public = [{"id": cid, "name": c["name"], "is_private": False, "is_archived": False,
                   "num_members": len(c["members"])} for cid, c in self.channels.items() if not c["is_private"]]
        limit, start = int(params.get("limit") or 100), int(params.get("cursor") or 0)
        next_cursor = str(start + limit) if start + limit < len(public) else ""
        return {"ok": True, "channels": public[start : start + limit],
                "response_metadata": {"next_cursor": next_cursor}}

    def api_conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        users = sorted(u for u in str(params.get("users", "")).split(",") if u)
        if not users:
            return {"ok": False, "error": "no_user"}
        prefix = "D" if len(users) == 1 else "G"
        channel = prefix + "-".join(users)
        self.messages.setdefault(channel, [])
        return {"ok": True, "channel": {"id": channel}}

    def api_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel", "")
        message = {"ts": self._new_ts(), "text": params.get("text", ""), "blocks": params.get("blocks") or []}
        if params.get("metadata"):
            message["metadata"] = params["metadata"]
        self.messages.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def api_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = params.get("channel", ""), params.get("ts", "")
        for message in self.messages.get(channel, []):
            if message["ts"] == ts:
                message.update(text=params.get("text", ""), blocks=params.get("blocks") or [])
                return {"ok": True, "channel": channel, "ts": ts}
        return {"ok": False, "error": "message_not_found"}

    def api_chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "message_ts": self._new_ts()}

    def api_conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        messages = self.messages.get(params.get("channel", ""))
        if messages is None:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "messages": list(reversed(messages)), "has_more": False}

    def api_views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view")
        self.views.append({"method": "open", "view": view})
        return {"ok": True, "view": {"id": f"V{len(self.views)}", **(view if isinstance(view, dict) else {})}}

    def api_views_update(self, params: dict[str, Any]) -> dict[str, Any]:
        self.views.append({"method": "update", "view": params.get("view")})
        return {"ok": True, "view": {"id": params.get("view_id", "V0")}}

    def api_views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        self.views.append({"method": "publish", "user_id": params.get("user_id"), "view": params.get("view")})
        return {"ok": True, "view": {"id": "VHOME"}}

    def api_files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._files)}"
        self.uploads.append({"id": file_id, "filename": params.get("filename"), "content": b""})
        return {"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def api_files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params.get("files")
        files = json.loads(files) if isinstance(files, str) else files or []
        for entry in files:
            for upload in self.uploads:
                if upload["id"] == entry.get("id"):
                    upload.update(
                        title=entry.get("title"),
                        channel=params.get("channel_id"),
                        initial_comment=params.get("initial_comment"),
                        completed=True,
                    )
        return {"ok": True, "files": [{"id": f.get("id")} for f in files]}


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
            with self.standin.lock:
                self.standin.responses.append(json.loads(raw or b"{}"))
            self._reply(200, {"ok": True}, {})
            return
        if not self.path.startswith("/api/"):
            self._reply(404, {"ok": False, "error": "unknown_path"}, {})
            return
        method = self.path[len("/api/") :].split("?")[0]
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
        status, body, headers = self.standin.handle(method, params)
        self._reply(status, body, headers)

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
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
