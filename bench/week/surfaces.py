"""App Home opens and `/networking status` answers under concurrent load, on two answering replicas.

An App Home open is acknowledged at once; what the person waits for is the view,
so its latency runs from sending the event to the stand-in receiving
``views.publish`` for that person, and the client waits for it before its next
request, as a person does (so at most ``concurrency`` requests are in flight: an
open is not a fire-and-forget that piles work up inside the replicas).
`/networking status` answers in its acknowledgement, so its latency is the HTTP
round trip. The baseline, in the same run and on the same replicas, is
``GET /healthz`` (HTTP and one query).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from bench.replica_client import ReplicaClient, free_port
from bench.week.measure import percentile
from tests.support.slack_client import SignedSlack
from tests.support.slack_standin import SlackServer, SlackStandIn

ROOT = Path(__file__).resolve().parents[2]
SECRET = "bench-week-secret"


def start_replica(url: str, api_url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": api_url, "PORT": str(port)}
    process = subprocess.Popen([sys.executable, "-m", "bench.week.replica"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 900  # it loads the network first (a minute or more at 100,000 people)
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("a replica did not start")


class Publications:
    """Wakes a client waiting for a person's App Home when the stand-in receives its ``views.publish``.

    One thread reads the stand-in's new calls every few milliseconds (the whole list is long by now).
    """

    def __init__(self, standin: SlackStandIn) -> None:
        self._standin = standin
        self._seen = len(standin.calls)
        self._waiting: dict[str, tuple[threading.Event, list[float]]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def expect(self, user: str) -> tuple[threading.Event, list[float]]:
        """An event set (and a list given the time it arrived) when ``user``'s next view is published."""
        waiting = (threading.Event(), [])
        with self._lock:
            self._waiting[user] = waiting
        return waiting

    def _watch(self) -> None:
        while not self._stop.wait(0.002):
            with self._standin.lock:
                new = self._standin.calls[self._seen:]
            self._seen += len(new)
            for call in new:
                if call.method != "views.publish":
                    continue
                with self._lock:
                    waiting = self._waiting.pop(str(call.params.get("user_id")), None)
                if waiting is not None:
                    waiting[1].append(call.at)
                    waiting[0].set()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def surfaces_under_load(url: str, server: SlackServer, slack_ids: list[str], requests: int,
                        concurrency: int) -> dict[str, dict[str, float]]:
    """p50/p99/max in ms for App Home, /networking status and the /healthz baseline."""
    standin = server.standin
    with ThreadPoolExecutor(2) as starting:
        replicas = list(starting.map(lambda _: start_replica(url, server.api_url), range(2)))
    client = ReplicaClient(SignedSlack("", SECRET, server.url).signer, timeout=60)
    send, signed = client.send, client.signed
    publications = Publications(standin)
    unpublished = 0
    results: dict[str, list[float]] = {"App Home open": [], "/networking status": [], "baseline GET /healthz": []}
    errors = 0
    failed: dict[int, int] = {}  # HTTP status -> how many requests answered it
    try:
        ports = [port for _, port in replicas]

        def one(i: int) -> None:
            nonlocal errors, unpublished
            port, user = ports[i % 2], slack_ids[(i * 7919) % len(slack_ids)]
            kind = i % 3
            start = time.monotonic()
            if kind == 0:
                event = {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home",
                         "event_ts": f"{time.time():.6f}"}
                body = json.dumps({"token": "t", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                                   "event_id": f"EvWeek{i}-{time.time_ns()}",  # new to the replay guard
                                   "event_time": int(time.time()), "event": event,
                                   "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]})
                published, at = publications.expect(user)
                status = signed(port, body, "application/json")
                if published.wait(timeout=120):
                    results["App Home open"].append(at[0] - start)
                else:
                    unpublished += 1
            elif kind == 1:
                body = urlencode({"token": "legacy", "team_id": "T1", "team_domain": "acme", "channel_id": "C1",
                                  "channel_name": "general", "user_id": user, "user_name": user.lower(),
                                  "command": "/networking", "text": "status", "api_app_id": "A1",
                                  "trigger_id": f"week-{i}-{time.time()}", "response_url": f"{server.url}/respond/{i}"})
                status = signed(port, body, "application/x-www-form-urlencoded")
                results["/networking status"].append(time.monotonic() - start)
            else:
                status = send(port, "GET", "/healthz")
                results["baseline GET /healthz"].append(time.monotonic() - start)
            if status != 200:
                errors += 1
                failed[status] = failed.get(status, 0) + 1

        with ThreadPoolExecutor(concurrency) as pool:
            # Keep-alive connections first, as a load balancer holds them; then a few requests of each kind
            # so that templates are compiled and pools filled before the measured run.
            list(pool.map(lambda _: [send(p, "GET", "/healthz") for p in ports], range(concurrency)))
            list(pool.map(one, range(requests, requests + 12)))
            time.sleep(1)
            for kind in results.values():
                kind.clear()
            errors = unpublished = 0
            failed.clear()
            list(pool.map(one, range(requests)))
        errors += unpublished  # App Home opens never published
    finally:
        publications.close()
        for process, _ in replicas:
            process.terminate()
            process.wait(timeout=20)
    figures = {kind: {"n": len(v), "p50": percentile(v, 0.5) * 1000, "p99": percentile(v, 0.99) * 1000,
                      "max": max(v, default=0) * 1000} for kind, v in results.items()}
    figures["errors"] = {"n": errors, "p50": 0.0, "p99": 0.0, "max": 0.0,
                         **{f"HTTP {status}": n for status, n in sorted(failed.items())}}
    return figures
