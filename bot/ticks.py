"""The scheduler's one-minute tick: how long its sweeps may still take, so that together they never overrun.

Each long sweep works in slices and stops once its own budget is used (e.g. 40 s); within
a tick (:func:`tick`, entered by :func:`bot.jobs.run_due`) the budget is also cut to what
the sweeps before it left of :data:`TICK_SECONDS`, so that four sweeps with work to do share
one tick instead of taking four. A sweep always does at least one slice: the next tick resumes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import overload

from bot.metrics import SWEEP_SLICES

#: Seconds the sweeps of one tick may take together (the tick is a minute).
TICK_SECONDS = 50.0
#: Seconds one long sweep may take in a tick (at least one slice), before the tick's own limit cuts it.
SWEEP_SECONDS = 40.0

_deadline: ContextVar[float | None] = ContextVar("cno_tick_deadline", default=None)


@contextmanager
def tick(seconds: float | None = None) -> Iterator[None]:
    """The sweeps run inside share ``seconds`` (:data:`TICK_SECONDS`)."""
    token = _deadline.set(time.monotonic() + (TICK_SECONDS if seconds is None else seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


@overload
def budget(most: float) -> float: ...
@overload
def budget(most: None) -> float | None: ...
def budget(most: float | None) -> float | None:
    """Seconds a sweep may take now: ``most`` (None: no limit), or less when the tick's time is running out."""
    deadline = _deadline.get()
    if deadline is None:
        return most
    left = max(0.0, deadline - time.monotonic())
    return left if most is None else min(most, left)


class Slices:
    """The slices one sweep makes in a tick: each timed in ``cno_sweep_slice_seconds``, until its budget is used."""

    def __init__(self, sweep: str, most: float) -> None:
        self._sweep, self._budget, self._started, self.done = sweep, budget(most), time.monotonic(), 0

    @property
    def out_of_time(self) -> bool:
        """Whether the budget is used, once some work was done (a slice that found nothing uses no turn)."""
        return self.done > 0 and time.monotonic() - self._started >= self._budget

    def run(self, one: Callable[[], int]) -> int:
        """Make one slice (``one``, its own transaction, returns how much it did), timed; returns that."""
        started = time.monotonic()
        did = one()
        SWEEP_SLICES.labels(sweep=self._sweep).observe(time.monotonic() - started)
        self.done += did
        return did
