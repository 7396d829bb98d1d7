"""The stand-in's core: its clock, the call log, faults on demand, scopes, rate-limit tiers, trigger ids.

Strict by default, as the real Slack is: a method the bot token has no scope for answers
``missing_scope`` (with ``needed`` and ``provided``); a Tier N method called more often than
the tier allows in a minute of the stand-in's clock answers 429 with ``Retry-After``; a
trigger id is good for 3 seconds after the request that carried it. Every payload Slack
would refuse is kept in :attr:`SlackStandIn.rejections`; the ``slack`` fixture fails a test
that leaves one there (``take_rejections()`` when a test provokes them on purpose).
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.support.slack_standin import methods
from tests.support.slack_standin.api import WebApi, _Channel
from tests.support.slack_standin.grid import Grid
from tests.support.slack_standin.oauth import OAuthApi

#: What a Web API call takes on the stand-in's clock unless a test slows it down: a quick round trip.
ROUND_TRIP = 0.05
#: Errors that mean "Slack refused what the app sent": the app, not the test, is wrong.
REFUSALS = frozenset({
    "invalid_blocks", "msg_too_long", "invalid_arguments", "missing_scope", "expired_trigger_id",
    "invalid_trigger_id", "exchanged_trigger_id", "too_many_users", "no_text", "not_in_channel",
    "missing_argument", "team_access_not_granted",  # an org-wide token's call without a workspace it may read
})
#: The bot scopes of manifest.yml: what Slack grants an app installed from it (``auth.test``'s x-oauth-scopes).
MANIFEST_SCOPES: tuple[str, ...] = tuple(sorted(methods.manifest_bot_scopes()))


class StandInClock:
    """Seconds on the stand-in's own clock: it moves only when a test (or a slow call) moves it."""

    def __init__(self) -> None:
        self._now = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += max(0.0, float(seconds))


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    clock: float = 0.0  # the stand-in's clock when the call arrived
    token: str | None = None  # the bearer token it carried


@dataclass
class Fault:
    method: str
    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    times: int = 1
    delay: float = 0.0


@dataclass
class Rejection:
    """A call Slack would have refused: which, why, and the payload."""

    method: str
    error: str
    problems: list[str]
    params: dict[str, Any]


class SlackStandIn(WebApi, OAuthApi):
    """The workspace and call log behind the HTTP server."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._init_oauth()
        self.clock = StandInClock()
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, _Channel] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}  # channel -> messages
        self.responses: list[dict[str, Any]] = []  # bodies posted to response_url
        self.uploads: list[dict[str, Any]] = []
        self.views: list[dict[str, Any]] = []
        self.faults: list[Fault] = []
        self.rejections: list[Rejection] = []
        self.scopes: frozenset[str] = frozenset(MANIFEST_SCOPES)
        self.scopes_header = True  # auth.test answers with x-oauth-scopes, as Slack does
        self.enforce_tiers = True
        self.rate_limits: dict[str, float] = {}  # method -> least real seconds between calls (benches)
        self.gap_clock: Callable[[], float] = time.monotonic  # a bench may run rate_limits on a simulated clock
        self.latency: dict[str, float] = {}  # method -> real seconds each call takes
        self.slow: dict[str, float] = {}  # method (or "respond") -> seconds each call takes on the stand-in's clock
        self.triggers: dict[str, float] = {}  # trigger id -> when its request was sent (stand-in clock)
        self.used_triggers: set[str] = set()
        self._windows: dict[str, deque[float]] = {}
        self._last_call: dict[str, float] = {}
        self._ts = itertools.count(1)
        self._files = itertools.count(1)
        self.url = ""
        self.grid: Grid | None = None  # an Enterprise Grid organisation (see ``enterprise``), else one workspace

    # --- scopes ------------------------------------------------------------------
    @property
    def granted_scopes(self) -> list[str] | None:
        """The scopes the token carries, as ``auth.test``'s x-oauth-scopes header lists them (None: no header)."""
        return sorted(self.scopes) if self.scopes_header else None

    @granted_scopes.setter
    def granted_scopes(self, scopes: list[str] | None) -> None:
        """Grant only ``scopes`` (methods needing another answer ``missing_scope``); None: send no header."""
        self.scopes_header = scopes is not None
        if scopes is not None:
            self.scopes = frozenset(scopes)

    # --- Enterprise Grid -----------------------------------------------------------
    def enterprise(self, enterprise_id: str, teams: dict[str, str], *, granted: list[str] | None = None,
                   org_wide: bool = True, installed_team: str | None = None, name: str = "Acme") -> Grid:
        """Make this an Enterprise Grid organisation with workspaces ``teams`` (id -> name).

        ``org_wide``: the token is an org-wide install, added to the ``granted`` workspaces (default: all);
        otherwise a workspace-level install in ``installed_team`` (default: the first). Members belong to
        every workspace unless ``add_user(..., teams=[...])`` says which.
        """
        with self.lock:
            self.grid = Grid(enterprise_id, name, dict(teams), list(teams) if granted is None else list(granted),
                             org_wide, installed_team)
            return self.grid

    # --- the clock and trigger ids ------------------------------------------
    def issue_trigger(self, trigger_id: str) -> None:
        """Slack sends ``trigger_id`` with a request now; it can open a view for 3 seconds."""
        with self.lock:
            self.triggers[trigger_id] = self.clock.now()
            self.used_triggers.discard(trigger_id)

    def slow_down(self, seconds: float, *names: str) -> None:
        """Make every call of ``names`` (all methods and response_url posts when none) take ``seconds``
        on the stand-in's clock: what a slow Slack, or a busy network, does to a listener."""
        for name in names or (*methods.METHODS, "respond"):
            self.slow[name] = seconds

    # --- faults and assertions ------------------------------------------------
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

    def take_rejections(self) -> list[Rejection]:
        """The calls Slack would have refused so far (and forget them)."""
        with self.lock:
            taken, self.rejections = self.rejections, []
            return taken

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
            for store in (self.calls, self.users, self.channels, self.messages, self.responses, self.uploads,
                          self.views, self.faults, self.rejections, self.rate_limits, self._last_call,
                          self._windows, self.triggers, self.used_triggers, self.slow):
                store.clear()
            self.grid = None

    # --- dispatch ---------------------------------------------------------------
    def handle(self, method: str, params: dict[str, Any],
               token: str | None = None) -> tuple[int, dict[str, Any], dict[str, str]]:
        if self.latency.get(method):
            time.sleep(self.latency[method])
        with self.lock:
            self.calls.append(Call(method, params, at=self.gap_clock(), clock=self.clock.now(), token=token))
            try:
                return self._answer(method, params, token)
            finally:  # the answer takes this long to come back
                self.clock.advance(self.slow.get(method, ROUND_TRIP))

    def _answer(self, method: str, params: dict[str, Any],
                token: str | None) -> tuple[int, dict[str, Any], dict[str, str]]:
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
        limited = self._rate_limited(method, params)
        if limited is not None:
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(limited)}
        handler = getattr(self, "api_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        refused = self.token_refusal(token)
        if refused is not None:
            return 200, {"ok": False, "error": refused}, {}
        body = (method == "auth.test" and self.identity(token)) or handler(params)
        if not body.get("ok") and body.get("error") in REFUSALS:
            problems = body.get("errors") or (body.get("response_metadata") or {}).get("messages") or []
            self.rejections.append(Rejection(method, body["error"], list(problems), params))
        headers: dict[str, str] = {}
        if method == "auth.test" and body.get("ok") and self.scopes_header:
            headers["x-oauth-scopes"] = ",".join(sorted(self.scopes))
        return 200, body, headers

    def _rate_limited(self, method: str, params: dict[str, Any]) -> int | None:
        """Seconds to wait (Retry-After) when this call is over its limit, else None (and it counts)."""
        gap = self.rate_limits.get(method)
        if gap is not None:
            now = self.gap_clock()
            last = self._last_call.get(method)
            if last is not None and now - last < gap:
                return max(1, int(gap - (now - last) + 0.999))
            self._last_call[method] = now
        if not self.enforce_tiers:
            return None
        _, tier = methods.METHODS.get(method, (None, None))
        if method == "chat.postMessage":
            key, most = f"{method}:{params.get('channel')}", methods.POST_PER_CHANNEL_PER_MINUTE
        elif tier is not None:  # per workspace: an org-wide token's calls count where their team_id points
            team = params.get("team_id") if self.grid is not None and self.grid.org_wide else None
            key, most = f"{method}:{team}" if team else method, methods.TIERS[tier]
        else:
            return None
        now = self.clock.now()
        window = self._windows.setdefault(key, deque())
        while window and window[0] <= now - 60:
            window.popleft()
        if len(window) >= most:
            return max(1, math.ceil(window[0] + 60 - now))
        window.append(now)
        return None

    def missing_scope(self, needed: str | None) -> dict[str, Any] | None:
        """Slack's answer when the token lacks ``needed``, else None."""
        if needed is None or needed in self.scopes:
            return None
        return {"ok": False, "error": "missing_scope", "needed": needed, "provided": ",".join(sorted(self.scopes))}
