"""Leader election: exactly one replica runs the scheduler.

On PostgreSQL the leader is the replica holding a session-level advisory lock on
its own connection. If the leader dies, PostgreSQL ends its session, the lock is
free, and another replica's next poll (every few seconds) takes it. If the
leader loses its connection, it stops its scheduler at its next poll.
On SQLite the app supports one process, which is always the leader.
"""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, text

log = logging.getLogger(__name__)

LOCK_ID = 0x434E4F5F5343  # "CNO_SC": the scheduler's lock


def lock_id_of(installation: str) -> int:
    """The scheduler lock of ``installation``: advisory locks are per database, and each installation elects
    its own leader (the implicit installation of a single bot token keeps :data:`LOCK_ID`)."""
    return LOCK_ID if not installation else LOCK_ID ^ (zlib.crc32(installation.encode()) << 8)


class Leadership:
    def __init__(
        self,
        engine: Engine,
        on_elected: Callable[[], None],
        on_deposed: Callable[[], None],
        poll_seconds: float = 5.0,
        lock_id: int = LOCK_ID,
    ) -> None:
        self._engine = engine
        self._lock_id = lock_id
        self._on_elected = on_elected
        self._on_deposed = on_deposed
        self._poll = poll_seconds
        self._stop = threading.Event()
        self._connection: Any = None
        self._thread: threading.Thread | None = None
        self.is_leader = False

    @property
    def single_process(self) -> bool:
        return self._engine.dialect.name != "postgresql"

    def start(self) -> None:
        if self.single_process:
            log.warning(
                "the database is %s: this app supports one process on it; run replicas on PostgreSQL",
                self._engine.dialect.name,
            )
            self._become_leader()
            return
        self._thread = threading.Thread(target=self._run, name="leader-election", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self._poll + 5)
        if self.is_leader:
            self._step_down()

    def poll_once(self) -> bool:
        """Try to take the lock, or check that we still hold it; returns whether we lead."""
        if self.is_leader:
            try:
                self._connection.execute(text("SELECT 1"))
            except Exception:
                log.error("lost the database connection holding the scheduler lock: stepping down")
                self._step_down()
            return self.is_leader
        try:
            connection = self._engine.connect()
        except Exception as error:
            log.warning("leader election: database unreachable (%s)", error)
            return False
        try:
            acquired = bool(connection.execute(text("SELECT pg_try_advisory_lock(:id)"),
                                               {"id": self._lock_id}).scalar())
            connection.commit()
        except Exception as error:
            log.warning("leader election failed: %s", error)
            connection.close()
            return False
        if not acquired:
            connection.close()
            return False
        self._connection = connection
        self._become_leader()
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            self._stop.wait(self._poll)

    def _become_leader(self) -> None:
        self.is_leader = True
        log.info("this replica is the leader: starting the scheduler")
        self._on_elected()

    def _step_down(self) -> None:
        self.is_leader = False
        try:
            self._on_deposed()
        finally:
            if self._connection is not None:
                try:  # a graceful stop hands the lock over at once
                    self._connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": self._lock_id})
                except Exception:
                    pass
                try:
                    self._connection.invalidate()  # drop it from the pool: the lock dies with the session
                except Exception:
                    pass
                self._connection = None
