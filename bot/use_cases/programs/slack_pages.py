"""Paging through a Slack list method at its rate-limit tier: paced, 429-aware, errors reported (never swallowed)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.errors import BotError

#: Seconds between calls: Tier 2 allows about 20 calls a minute, Tier 3 about 50, Tier 4 about 100.
TIER_PACE = {2: 3.0, 3: 1.2, 4: 0.6}
MAX_RATE_LIMITED = 10


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
    cursor: str | None = None
    limited = 0
    first = True
    while True:
        if not first:
            sleep(TIER_PACE[tier])
        first = False
        try:
            response = call(cursor=cursor, limit=page_size, **params)
        except SlackApiError as error:
            if error.response.status_code == 429 and limited < MAX_RATE_LIMITED:
                limited += 1
                headers = error.response.headers
                sleep(float(headers.get("Retry-After") or headers.get("retry-after") or 1))
                first = True
                continue
            raise BotError(f"Slack refused {what}: {error.response.get('error', error.response.status_code)}"
                           ) from None
        limited = 0
        yield list(response.get(key) or [])
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return
