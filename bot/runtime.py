"""What runs in the background of `cno serve`: the outbox sender on every replica, the scheduler on the leader."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, Protocol

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.jobs import set_services
from bot.leader import Leadership
from bot.metrics import ERRORS
from bot.network import current_network
from bot.outbox import CLAIM_TIMEOUT, OutboxSender

log = logging.getLogger(__name__)


class Scheduler(Protocol):
    def shutdown(self, wait: bool = True) -> None: ...


class Runtime:
    def __init__(
        self,
        services: Services,
        make_scheduler: Callable[[Services], Scheduler] | None,
        sender_interval: float = 1.0,
        leader_poll: float = 5.0,
        claim_timeout: timedelta = CLAIM_TIMEOUT,
        pace: Mapping[str, float] | None = None,
    ) -> None:
        self.services = services
        self._make_scheduler = make_scheduler
        self._scheduler: Scheduler | None = None
        self._stop = threading.Event()
        self._sender_interval = sender_interval
        self._sender = OutboxSender(services.uow, services.slack, claim_timeout=claim_timeout, pace=pace)
        self._sender_thread = threading.Thread(target=self._send_forever, name="outbox-sender", daemon=True)
        self.network_thread = threading.Thread(target=self._load_network, name="network", daemon=True)
        self.leadership = Leadership(services.engine, self._start_scheduler, self._stop_scheduler, leader_poll)

    def start(self) -> None:
        set_services(self.services)
        self.network_thread.start()
        self._sender_thread.start()
        self.leadership.start()

    def stop(self) -> None:
        self._stop.set()
        self.leadership.stop()
        self._sender_thread.join(timeout=10)

    def status(self) -> dict[str, Any]:
        return {"leader": self.leadership.is_leader}

    def _start_scheduler(self) -> None:
        if self._make_scheduler is not None and self._scheduler is None:
            self._scheduler = self._make_scheduler(self.services)

    def _stop_scheduler(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    def _load_network(self) -> None:
        """Load the organisation's network at start, so the first App Home or `/team-reach` does not wait for it
        (a minute at 100,000 people and 2,000,000 ties, far past Slack's 3 seconds for a slash command)."""
        try:
            with self.services.uow() as uow:
                current_network(uow.session, utcnow().astimezone(self.services.settings.zone).date())
        except Exception:
            log.exception("loading the network at start failed; the first request that needs it will")

    def _send_forever(self) -> None:
        while not self._stop.is_set():
            try:
                self._sender.deliver_due()
            except Exception:
                ERRORS.labels(where="outbox").inc()
                log.exception("the outbox sender failed; retrying")
            self._stop.wait(self._sender_interval)
