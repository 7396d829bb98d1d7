"""Prometheus metrics for ``GET /metrics``: counters kept by this process, gauges read from the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from storage.models import OutboxMessage
from storage.uow import UnitOfWork

REGISTRY = CollectorRegistry(auto_describe=True)

SLACK_REQUESTS = Counter("cno_slack_requests", "Requests received from Slack, by kind", ["kind"], registry=REGISTRY)
SLACK_RETRIES_IGNORED = Counter(
    "cno_slack_retries_ignored", "Slack deliveries already handled (retries, replays)", registry=REGISTRY
)
MESSAGES = Counter("cno_messages", "Outbox deliveries by result (sent, retried, rate_limited, failed)", ["result"],
                   registry=REGISTRY)
REJECTED = Counter("cno_slack_requests_rejected",
                   "Requests to /slack/events refused before any listener ran (401 unsigned or stale, 400, 405, 413)",
                   ["status"], registry=REGISTRY)
ERRORS = Counter("cno_errors", "Errors by where they happened", ["where"], registry=REGISTRY)
ROUNDS = Counter("cno_rounds", "Intro rounds run by this process", registry=REGISTRY)
SWEEP_SLICES = Histogram("cno_sweep_slice_seconds", "Time each slice of a long sweep took (its own transaction)",
                         ["sweep"], buckets=(0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120), registry=REGISTRY)


class DatabaseGauges(Collector):
    """Gauges that must be true across replicas, so they come from the database at scrape time."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self._uow = uow

    def collect(self) -> Iterator[GaugeMetricFamily]:
        outbox = GaugeMetricFamily("cno_outbox_messages", "Outbox rows by status (queue depth = pending)",
                                   labels=["status"])
        with self._uow() as uow:
            rows = uow.session.execute(
                select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
            ).all()
        for status, count in rows:
            outbox.add_metric([status], count)
        yield outbox


def exposition(uow: Callable[[], UnitOfWork]) -> bytes:
    """The metrics in Prometheus text format."""
    registry = CollectorRegistry()
    registry.register(DatabaseGauges(uow))
    return generate_latest(REGISTRY) + generate_latest(registry)
