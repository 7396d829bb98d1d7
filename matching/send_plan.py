"""When each intro of a round is sent, when Slack's rate limit allows one new conversation every ``gap`` seconds.

A group DM needs ``conversations.open`` first, and Slack allows about 50 of those a
minute for the whole workspace: 50,000 intros take about 17 hours however they are
ordered. The plan keeps each intro within its members' working day wherever the
limit allows, sending first the intros whose working day ends soonest, and says
which ones cannot make it and when the last one goes.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.errors import InvalidConfigError


@dataclass(frozen=True)
class SendPlan:
    """Planned send times (seconds, aligned with the input), and what the limit costs.

    ``late`` counts intros planned after their ``latest``; ``last`` is the last send
    time (``nan`` for an empty plan); ``delayed`` counts intros planned later than their
    ``earliest``.
    """

    at: np.ndarray
    late: int
    delayed: int
    last: float


def plan_sends(earliest: Sequence[float], latest: Sequence[float], gap: float) -> SendPlan:
    """Send times one ``gap`` apart at least, none before its intro's ``earliest``.

    Parameters
    ----------
    earliest : sequence of float
        For each intro, the first moment it may go (e.g. 09:00 for its members), in seconds.
    latest : sequence of float
        For each intro, the moment its members' working day ends, in seconds.
    gap : float
        Least seconds between two sends (Slack's Tier 3: 60 / 50 = 1.2).

    Returns
    -------
    SendPlan

    Raises
    ------
    InvalidConfigError
        If ``gap`` is not positive or the two sequences differ in length.

    Examples
    --------
    Two intros may go at 0 and must arrive by 10; one may only go at 5 and must arrive
    by 6: it is sent at 5, the others before it (the second one delayed by the gap).

    >>> plan = plan_sends([0, 0, 5], [10, 10, 6], gap=2)
    >>> plan.at.tolist(), plan.late, plan.delayed, plan.last
    ([0.0, 2.0, 5.0], 0, 1, 5.0)

    When the limit cannot fit everyone in, the intros whose day ends first go first:

    >>> plan_sends([0, 0, 0], [100, 1, 100], gap=1).at.tolist()
    [1.0, 0.0, 2.0]

    Notes
    -----
    Earliest deadline first among the intros already allowed to go: a new slot goes to
    the waiting intro whose ``latest`` comes first (ties: the one allowed earliest, then
    input order). With one sender this is the order that makes every intro on time
    whenever any order can, and otherwise puts off the intros that have the most time
    left. O(n log n).
    """
    if gap <= 0:
        raise InvalidConfigError(f"gap must be positive, got {gap}")
    if len(earliest) != len(latest):
        raise InvalidConfigError(f"{len(earliest)} earliest times but {len(latest)} latest times")
    n = len(earliest)
    at = np.full(n, np.nan)
    if n == 0:
        return SendPlan(at, 0, 0, float("nan"))
    start = np.asarray(earliest, dtype=float)
    end = np.asarray(latest, dtype=float)
    order = np.lexsort((np.arange(n), start))
    waiting: list[tuple[float, float, int]] = []
    t, k = float(start[order[0]]), 0
    for _ in range(n):
        if not waiting and t < start[order[k]]:
            t = float(start[order[k]])
        while k < n and start[order[k]] <= t:
            i = int(order[k])
            heapq.heappush(waiting, (float(end[i]), float(start[i]), i))
            k += 1
        _, _, i = heapq.heappop(waiting)
        at[i] = t
        t += gap
    return SendPlan(at, int(np.sum(at > end)), int(np.sum(at > start)), float(np.max(at)))
