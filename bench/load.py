"""Load test: signed slash commands and button clicks sent concurrently to two `cno serve` replicas.

Loopback only, bounded in requests and time. Reports acknowledgement latency
percentiles (goal: p99 < 300 ms at 50 concurrent requests) against a baseline
measured in the same run (GET /healthz on the same replicas: the cost of HTTP and
one database round trip), and checks nothing was lost or doubled: every request
answered 200, and each recorded exactly once in the deliveries table.

    python -m bench.load [--quick] [--requests 2000] [--concurrency 50] [--database-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import func, select

from bench.postgres import create_if_missing
from bench.replica_client import ReplicaClient, free_port
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import SlackDelivery
from tests.support.slack_client import SignedSlack
from tests.support.slack_standin import SlackServer

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret"
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/cno_bench"
TIME_LIMIT_S = 300
FORM = "application/x-www-form-urlencoded"


def ensure_database(url: str) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        create_if_missing(url)
    upgrade(engine)
    with engine.begin() as connection:
        connection.execute(SlackDelivery.__table__.delete())
    engine.dispose()


def start_replica(url: str, api_url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SLACK_BOT_TOKEN": "xoxb-bench", "SLACK_SIGNING_SECRET": SECRET,
           "SLACK_API_URL": api_url, "PORT": str(port), "CNO_OPEN_PACE_SECONDS": "0"}
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--threads", "16"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("a replica did not start")


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return {"p50": pick(0.50), "p95": pick(0.95), "p99": pick(0.99), "max": ordered[-1] * 1000,
            "mean": statistics.fmean(ordered) * 1000}


def run(requests: int, concurrency: int, url: str) -> None:
    ensure_database(url)
    with SlackServer() as slack:
        slack.standin.enforce_tiers = False  # this bench measures acknowledgements, not Slack's rate limits
        replicas = [start_replica(url, slack.api_url) for _ in range(2)]
        try:
            ports = [port for _, port in replicas]
            # One keep-alive connection per thread and replica, as a load balancer would hold.
            client = ReplicaClient(SignedSlack("", SECRET, slack.url).signer, timeout=30)
            send, signed = client.send, client.signed
            started = time.monotonic()

            def one(i: int) -> tuple[str, float, int]:
                port = ports[i % 2]
                if i % 3 == 2:
                    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": f"U{i}"},
                               "trigger_id": f"t{i}", "response_url": f"{slack.url}/respond/{i}",
                               "container": {"type": "message", "channel_id": "D1", "message_ts": "1.1"},
                               "channel": {"id": "D1"}, "message": {"ts": "1.1", "blocks": []},
                               "actions": [{"type": "button", "action_id": "intro_met", "block_id": "b",
                                            "value": "0", "action_ts": f"{i}.{time.time():.6f}"}]}
                    body, ctype, kind = urlencode({"payload": json.dumps(payload)}), FORM, "button click"
                elif i % 3 == 1:
                    body = urlencode({"team_id": "T1", "user_id": f"U{i}", "command": "/networking", "text": "help",
                                      "channel_id": "C1", "trigger_id": f"trigger-{i}-{time.time()}",
                                      "response_url": f"{slack.url}/respond/{i}"})
                    ctype, kind = FORM, "slash command"
                else:
                    t0 = time.perf_counter()
                    status = send(port, "GET", "/healthz")
                    return "baseline GET /healthz", time.perf_counter() - t0, status
                t0 = time.perf_counter()
                status = signed(port, body, ctype)
                return kind, time.perf_counter() - t0, status

            barrier = threading.Barrier(concurrency)

            def warm(_: int) -> None:
                # Every worker opens its keep-alive connections first, as a load balancer holds them:
                # the measurement is of acknowledgements, not of TCP set-up at the start of the run.
                barrier.wait(timeout=60)
                for port in ports:
                    send(port, "GET", "/healthz")

            with ThreadPoolExecutor(concurrency) as pool:
                list(pool.map(warm, range(concurrency), timeout=TIME_LIMIT_S))
                started = time.monotonic()
                results = list(pool.map(one, range(requests), timeout=TIME_LIMIT_S))
            elapsed = time.monotonic() - started
        finally:
            for process, _ in replicas:
                process.terminate()
                process.wait(timeout=10)
    engine = make_engine(url)
    with engine.connect() as connection:
        recorded = connection.scalar(select(func.count()).select_from(SlackDelivery))
    engine.dispose()
    by_kind: dict[str, list[float]] = {}
    statuses: dict[str, list[int]] = {}
    for kind, seconds, status in results:
        by_kind.setdefault(kind, []).append(seconds)
        statuses.setdefault(kind, []).append(status)
    baseline = percentiles(by_kind["baseline GET /healthz"])
    print(f"\n{requests} requests, {concurrency} concurrent, 2 replicas, {elapsed:.1f} s "
          f"({requests / elapsed:.0f} req/s) on {make_engine(url).dialect.name}\n")
    print(f"{'request':<24}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'p99/base':>10}{'non-200':>9}")
    for kind, samples in sorted(by_kind.items()):
        p = percentiles(samples)
        bad = sum(1 for s in statuses[kind] if s != 200)
        print(f"{kind:<24}{len(samples):>6}{p['p50']:>9.1f}{p['p95']:>9.1f}{p['p99']:>9.1f}{p['max']:>9.1f}"
              f"{p['p99'] / baseline['p99']:>10.2f}{bad:>9}")
    slack_requests = sum(len(v) for k, v in by_kind.items() if not k.startswith("baseline"))
    worst = max(percentiles(v)["p99"] for k, v in by_kind.items() if not k.startswith("baseline"))
    print(f"\nrecorded deliveries: {recorded} of {slack_requests} Slack requests (lost or doubled: "
          f"{abs(slack_requests - (recorded or 0))})")
    print(f"goal p99 < 300 ms: {'met' if worst < 300 else 'MISSED'} ({worst:.0f} ms)")
    print(json.dumps({"p99_ms": round(worst, 1), "requests": requests, "concurrency": concurrency}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="300 requests")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    args = parser.parse_args()
    run(300 if args.quick else min(args.requests, 20000), args.concurrency, args.database_url)


if __name__ == "__main__":
    main()
