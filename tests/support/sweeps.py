"""Helpers for the tests of long sweeps: a process that dies in a given slice, and the slices the metrics timed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.metrics import SWEEP_SLICES


class Killed(Exception):
    """The process died in the middle of a slice."""


def dies_on_call(real: Callable[..., Any], call: int) -> Callable[..., Any]:
    """``real``, except that its ``call``-th call kills the process (raises :class:`Killed`) instead."""
    calls: list[int] = []

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == call:
            raise Killed(f"killed in call {call} of {getattr(real, '__name__', real)}")
        return real(*args, **kwargs)

    return dying


def slices_timed(sweep: str) -> float:
    """How many slices of ``sweep`` the ``cno_sweep_slice_seconds`` metric has timed so far."""
    return next((s.value for s in SWEEP_SLICES.collect()[0].samples
                 if s.name.endswith("_count") and s.labels["sweep"] == sweep), 0)
