"""What runs in the background of `cno serve`: the outbox sender on every replica, the scheduler on the leader;
with "Add to Slack", both for each installation (:class:`EveryInstallation`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, Protocol

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.jobs import set_services
from bot.leader import Leadership, lock_id_of
from bot.metrics import ERRORS
from bot.network import current_network
from bot.outbox import CLAIM_TIMEOUT, OutboxSender
from bot.tenancy import Installations

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
        name = f"outbox-sender-{services.key}" if services.key else "outbox-sender"
        self._sender_thread = threading.Thread(target=self._send_forever, name=name, daemon=True)
        self.network_thread = threading.Thread(target=self._load_network, name=f"network-{services.key}".rstrip("-"),
                                               daemon=True)
        self.leadership = Leadership(services.engine, self._start_scheduler, self._stop_scheduler, leader_poll,
                                     lock_id=lock_id_of(services.key))

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


class EveryInstallation:
    """A :class:`Runtime` for each installation: started as installations appear, stopped as they go."""

    def __init__(self, installations: Installations, make_runtime: Callable[[Services], Runtime],
                 poll_seconds: float = 30.0) -> None:
        self._installations = installations
        self._make_runtime = make_runtime
        self._poll = poll_seconds
        self._stop = threading.Event()
        self._runtimes: dict[str, Runtime] = {}
        self._thread = threading.Thread(target=self._follow, name="installations", daemon=True)

    def start(self) -> None:
        self.follow_once()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        for runtime in self._runtimes.values():
            runtime.stop()

    def status(self) -> dict[str, Any]:
        return {"installations": len(self._runtimes),
                "leader": sorted(key for key, runtime in self._runtimes.items() if runtime.leadership.is_leader)}

    def follow_once(self) -> None:
        """Start the runtime of each new installation and stop those of the ones removed."""
        keys = set(self._installations.keys())
        for key in sorted(keys - set(self._runtimes)):
            runtime = self._runtimes[key] = self._make_runtime(self._installations.services_for(key))
            runtime.start()
            log.info("installation %s: outbox sender and scheduler started", key)
        for key in sorted(set(self._runtimes) - keys):
            self._runtimes.pop(key).stop()
            log.info("installation %s removed: its outbox sender and scheduler stopped", key)

    def _follow(self) -> None:
        while not self._stop.wait(self._poll):
            try:
                self.follow_once()
            except Exception:
                ERRORS.labels(where="installations").inc()
                log.exception("could not follow the installations; retrying")
