"""Two `cno serve` replicas on one PostgreSQL database: one scheduler, no message sent twice, takeover."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.outbox import enqueue
from storage.models import OutboxMessage

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def health(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


class Replica:
    def __init__(self, settings, tmp_path, name):
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": settings.database_url, "SLACK_BOT_TOKEN": "xoxb-test",
               "SLACK_SIGNING_SECRET": settings.slack_signing_secret, "SLACK_API_URL": settings.slack_api_url,
               "PORT": str(self.port), "CNO_LEADER_POLL_SECONDS": "0.3", "CNO_SENDER_INTERVAL_SECONDS": "0.2",
               "CNO_CLAIM_TIMEOUT_SECONDS": "2", "CNO_OPEN_PACE_SECONDS": "0"}
        env.pop("TEST_DATABASE_URL", None)
        self.log = open(tmp_path / f"{name}.log", "w")
        self.process = subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while health(self.port) is None:
            assert self.process.poll() is None, (tmp_path / f"{name}.log").read_text()
            assert time.monotonic() < deadline, "replica did not start"
            time.sleep(0.1)

    def leads(self):
        doc = health(self.port)
        return bool(doc and doc.get("leader"))

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def replicas(engine, settings, tmp_path):
    if engine.dialect.name != "postgresql":
        pytest.skip("replicas run on PostgreSQL")
    started = []

    def start(name):
        replica = Replica(settings, tmp_path, name)
        started.append(replica)
        return replica

    yield start
    for replica in started:
        if replica.process.poll() is None:
            replica.kill()


def wait_until(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_exactly_one_replica_leads_and_another_takes_over_when_the_leader_is_killed(replicas):
    a, b = replicas("a"), replicas("b")
    assert wait_until(lambda: a.leads() or b.leads())
    time.sleep(1.0)  # several election polls later, still exactly one leader
    assert [a.leads(), b.leads()].count(True) == 1
    leader, follower = (a, b) if a.leads() else (b, a)
    leader.kill()
    assert wait_until(follower.leads, timeout=15), "the surviving replica did not take over"


def test_two_replicas_deliver_the_outbox_without_sending_any_message_twice_even_when_one_is_killed(
        replicas, services, slack):
    slack.latency["chat.postMessage"] = 0.01
    slack.enforce_tiers = False  # about exactly-once across replicas: 300 DMs in seconds, faster than Tier 3 allows
    with services.uow() as uow:
        for i in range(300):
            enqueue(uow.session, f"intro:{i}", text=f"intro {i}", users=[f"U{i:04d}"])
        uow.commit()
    a, b = replicas("a"), replicas("b")
    assert wait_until(lambda: len(slack.posted()) >= 100)
    a.kill()  # in the middle of the round
    assert wait_until(lambda: len({p["metadata"]["event_payload"]["key"] for p in slack.posted()}) >= 300, 60)
    time.sleep(3)  # past the claim time-out: a row the dead replica held is recovered, not resent
    keys = Counter(m["metadata"]["event_payload"]["key"] for msgs in slack.messages.values() for m in msgs)
    assert len(keys) == 300 and max(keys.values()) == 1
    with services.uow() as uow:
        assert set(uow.session.scalars(select(OutboxMessage.status))) == {"sent"}
    assert b.process.poll() is None
