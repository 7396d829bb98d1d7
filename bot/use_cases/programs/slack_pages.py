"""Paging through a Slack list method at its rate-limit tier: paced, 429-aware, errors reported (never swallowed).

Slack's tiers count calls per method per workspace, so with an org-wide token on Enterprise Grid
several workspaces are read side by side (:func:`paged_in_each`): each keeps its own pace and its
own ``Retry-After``, and a workspace told to wait does not hold up the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.errors import BotError

#: Seconds between calls: Tier 2 allows about 20 calls a minute, Tier 3 about 50, Tier 4 about 100.
TIER_PACE = {2: 3.0, 3: 1.2, 4: 0.6}
MAX_RATE_LIMITED = 10


class SlackListRefused(BotError):
    """Slack answered a list method with an error (``why``), or kept answering 429."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"Slack refused {what}: {why}")
        self.why = why


def paged(
    call: Callable[..., Any],
    key: str,
    *,
    tier: int,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
    page_size: int = 200,
    **params: Any,
) -> Iterator[list[Any]]:
    """Each page's ``key`` list of ``call(**params)``; waits the tier's pace between calls, and Retry-After on 429."""
    for _, page in paged_in_each(call, key, [None], tier=tier, what=what, sleep=sleep, page_size=page_size, **params):
        yield page


@dataclass
class _Reading:
    """One workspace's progress through a list: its cursor, when it may be called next (ms), its 429s in a row."""

    team: str | None
    cursor: str | None = None
    ready_at: int = 0
    limited: int = 0


def paged_in_each(
    call: Callable[..., Any],
    key: str,
    teams: Sequence[str | None],
    *,
    tier: int | None,
    what: str,
    sleep: Callable[[float], None] = time.sleep,
    page_size: int = 200,
    **params: Any,
) -> Iterator[tuple[str | None, list[Any]]]:
    """``(team, page)`` for every page of ``call`` in each workspace of ``teams`` (None: the token's own,
    called without ``team_id``), side by side: the workspace that may be called soonest goes next.

    ``tier``: pace each workspace's calls at :data:`TIER_PACE` (None: no pace, only Retry-After).
    Time is what was slept (counted in whole milliseconds), so a test's recording ``sleep`` sees exactly the waits.
    """
    pace = _ms(TIER_PACE[tier]) if tier is not None else 0
    now = 0
    waiting = [_Reading(team) for team in dict.fromkeys(teams)]
    while waiting:
        reading = min(waiting, key=lambda r: r.ready_at)
        if reading.ready_at > now:
            sleep((reading.ready_at - now) / 1000)
            now = reading.ready_at
        in_team = {"team_id": reading.team} if reading.team else {}
        try:
            response = call(cursor=reading.cursor, limit=page_size, **in_team, **params)
        except SlackApiError as error:
            if error.response.status_code == 429 and reading.limited < MAX_RATE_LIMITED:
                reading.limited += 1
                headers = error.response.headers
                reading.ready_at = now + _ms(float(headers.get("Retry-After") or headers.get("retry-after") or 1))
                continue
            raise SlackListRefused(what, str(error.response.get("error", error.response.status_code))) from None
        reading.limited = 0
        yield reading.team, list(response.get(key) or [])
        reading.cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        reading.ready_at = now + pace
        if not reading.cursor:
            waiting.remove(reading)


def _ms(seconds: float) -> int:
    return round(seconds * 1000)
