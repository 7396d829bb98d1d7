"""Delivering the outbox: claim due rows, make the Slack calls, record the result, exactly once."""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import or_, select, update

from bot.metrics import MESSAGES
from storage.models import OutboxMessage, Person
from storage.models.base import utcnow
from storage.models.outbox import CANCELLED, FAILED, PENDING, SENDING, SENT
from storage.queries import pace
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

METADATA_EVENT = "cno_outbox"
PERSON_GONE_ERRORS = frozenset({"user_not_found", "account_inactive", "cannot_dm_bot", "user_disabled"})
CLAIM_TIMEOUT = timedelta(minutes=2)
#: Least seconds between two ``conversations.open`` calls: Slack's Tier 3 allows about 50 a minute per workspace.
SLACK_OPEN_GAP = 60 / 50
MAX_BACKOFF = timedelta(minutes=10)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    rate_limited: int = 0
    people_gone: list[str] = field(default_factory=list)


class Crash(Exception):
    """Raised by a test hook to simulate a process dying mid-delivery."""


class OutboxSender:
    """Delivers due outbox rows through ``client``; safe to run in several processes."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        client: WebClient,
        sleep: Callable[[float], None] = time.sleep,
        max_retry_after: float = 60.0,
        claim_timeout: timedelta = CLAIM_TIMEOUT,
        pace: Mapping[str, float] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``pace``: optional least seconds between two calls of a Slack method (e.g.
        ``{"conversations.open": 1.2}`` for Tier 3), so a big round stays under the rate limit
        instead of bouncing off it; a 429 is still waited out as Retry-After says. The pace is
        kept in the database, for every replica together. ``clock`` (seconds, the same for
        every replica: the epoch) measures it: ``bench.week`` runs it with ``sleep`` on a simulated clock."""
        self._uow = uow
        self._client = client
        self._sleep = sleep
        self._max_retry_after = max_retry_after
        self._claim_timeout = claim_timeout
        self._pace = dict(pace or {})
        self._clock = clock
        self.after_post: Callable[[OutboxMessage], None] | None = None  # test hook

    def _paced(self, method: str, call: Callable[[], Any]) -> Any:
        """Make ``call`` in the next slot of ``method`` that no replica has taken (see :mod:`storage.queries.pace`),
        and keep the next one ``pace[method]`` seconds after this one *returned* (so that network
        jitter cannot bring two calls closer than the limit at Slack's end)."""
        gap = self._pace.get(method)
        if gap is None:
            return call()
        slot = self._take_slot(method, gap)
        wait = slot - self._clock()
        if wait > 0:
            self._sleep(wait)
        try:
            return call()
        finally:
            with self._uow() as uow:
                pace.not_before(uow.session, method, self._clock() + gap)
                uow.commit()

    def _take_slot(self, method: str, gap: float) -> float:
        while True:
            with self._uow() as uow:
                slot = pace.take_slot(uow.session, method, gap, self._clock())
                if slot is not None:
                    uow.commit()
                    return slot

    def deliver_due(self, limit: int | None = None, now: datetime | None = None) -> DeliveryReport:
        """Deliver rows that are due now; returns what happened."""
        report = DeliveryReport()
        done = 0
        while limit is None or done < limit:
            row_id = self._claim(now or utcnow())
            if row_id is None:
                break
            self._deliver(row_id, report)
            done += 1
        for result in ("sent", "failed", "retried", "rate_limited"):
            if getattr(report, result):
                MESSAGES.labels(result=result).inc(getattr(report, result))
        return report

    def pending_count(self) -> int:
        with self._uow() as uow:
            return len(uow.session.scalars(select(OutboxMessage.id).where(OutboxMessage.status == PENDING)).all())

    def _claim(self, now: datetime) -> int | None:
        with self._uow() as uow:
            query = (
                select(OutboxMessage)
                .where(
                    or_(
                        (OutboxMessage.status == PENDING) & (OutboxMessage.not_before <= now),
                        (OutboxMessage.status == SENDING) & (OutboxMessage.claimed_at < now - self._claim_timeout),
                    )
                )
                .order_by(OutboxMessage.not_before, OutboxMessage.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            row = uow.session.scalar(query)
            if row is None:
                return None
            row.payload = {**row.payload, "recovering": row.status == SENDING}
            row.status = SENDING
            row.claimed_at = now
            row.attempts += 1
            uow.commit()
            return row.id

    def _deliver(self, row_id: int, report: DeliveryReport) -> None:
        with self._uow() as uow:
            row = uow.session.get(OutboxMessage, row_id)
            assert row is not None
            try:
                self._perform(uow, row)
            except SlackApiError as error:
                self._handle_error(uow, row, error, report)
                return
            except (TimeoutError, OSError) as error:
                self._retry_later(uow, row, f"network: {error}", report)
                return
            if row.status == SENDING:
                row.status = SENT
                row.sent_at = utcnow()
                report.sent += 1
            uow.commit()

    def _perform(self, uow: UnitOfWork, row: OutboxMessage) -> None:
        payload = row.payload
        if row.operation in ("post", "upload") and row.channel is None:
            opened = self._paced("conversations.open",
                                 lambda: self._client.conversations_open(users=",".join(row.users)))
            row.channel = opened["channel"]["id"]
            uow.commit()  # the channel is known even if we crash below
        if row.operation == "post":
            if payload.get("recovering") and self._already_posted(row):
                return
            response = self._paced("chat.postMessage", lambda: self._client.chat_postMessage(
                channel=_channel(row),
                text=payload["text"],
                blocks=payload.get("blocks") or None,
                metadata={"event_type": METADATA_EVENT, "event_payload": {"key": row.key}},
                unfurl_links=False,
            ))
            row.ts = response["ts"]
            if self.after_post is not None:
                self.after_post(row)
        elif row.operation == "update":
            target = uow.session.scalar(select(OutboxMessage).where(OutboxMessage.key == row.target_key))
            if target is None or target.status in (CANCELLED, FAILED):
                row.status = CANCELLED
                return
            if target.ts is None:
                row.status = PENDING
                row.not_before = utcnow() + timedelta(seconds=30)
                return
            self._client.chat_update(
                channel=_channel(target), ts=target.ts, text=payload["text"], blocks=payload.get("blocks") or []
            )
        elif row.operation == "ephemeral":
            self._client.chat_postEphemeral(
                channel=_channel(row), user=row.users[0], text=payload["text"], blocks=payload.get("blocks") or None
            )
        elif row.operation == "upload":
            # A crash between the upload and marking the row sent may upload the file twice:
            # files carry no metadata to look it up by, unlike messages.
            self._client.files_upload_v2(
                channel=row.channel,
                content=base64.b64decode(payload["content_b64"]),
                filename=payload.get("filename", "chart.png"),
                title=payload.get("title", ""),
                initial_comment=payload.get("text") or None,
            )
        else:
            raise ValueError(f"unknown outbox operation {row.operation!r} (row {row.key})")

    def _already_posted(self, row: OutboxMessage) -> bool:
        """Whether a half-sent row's message is in fact in the conversation (crash after posting)."""
        oldest = (row.created_at - timedelta(minutes=1)).timestamp()
        history = self._client.conversations_history(
            channel=_channel(row), oldest=f"{oldest:.6f}", include_all_metadata=True, limit=200
        )
        messages: list[dict[str, Any]] = history.get("messages", [])
        for message in messages:
            metadata = message.get("metadata") or {}
            if metadata.get("event_type") == METADATA_EVENT and metadata.get("event_payload", {}).get("key") == row.key:
                row.ts = message["ts"]
                return True
        return False

    def _handle_error(self, uow: UnitOfWork, row: OutboxMessage, error: SlackApiError, report: DeliveryReport) -> None:
        status = error.response.status_code
        code = str(error.response.get("error", "")) if error.response.data else ""
        if status == 429:
            retry_after = float(error.response.headers.get("Retry-After", error.response.headers.get("retry-after", 1)))
            retry_after = min(max(retry_after, 0.0), self._max_retry_after)
            log.warning("slack rate limit on %s: waiting %.1fs", row.key, retry_after)
            row.status, row.attempts = PENDING, row.attempts - 1
            uow.commit()
            report.rate_limited += 1
            self._sleep(retry_after)
        elif status >= 500:
            self._retry_later(uow, row, f"slack {status}", report)
        elif code in PERSON_GONE_ERRORS:
            row.status, row.last_error = FAILED, code
            gone = list(row.users) if len(row.users) == 1 else self._gone_among(row.users)
            if gone:
                uow.session.execute(update(Person).where(Person.slack_id.in_(gone)).values(active=False))
            report.people_gone.extend(gone)
            report.failed += 1
            log.error("outbox %s: %s; marked %s inactive", row.key, code, ",".join(gone))
            uow.commit()
        else:
            row.status, row.last_error = FAILED, code or str(error)
            report.failed += 1
            log.error("outbox %s failed: %s", row.key, row.last_error)
            uow.commit()

    def _gone_among(self, users: list[str]) -> list[str]:
        """Which members of a group DM have left (a group's error does not say who)."""
        gone = []
        for user in users:
            try:
                info = self._client.users_info(user=user)
            except SlackApiError as error:
                if error.response.data and str(error.response.get("error", "")) in PERSON_GONE_ERRORS:
                    gone.append(user)
                continue
            if (info.get("user") or {}).get("deleted"):
                gone.append(user)
        return gone

    def _retry_later(self, uow: UnitOfWork, row: OutboxMessage, why: str, report: DeliveryReport) -> None:
        delay = min(timedelta(seconds=5 * 2 ** min(row.attempts, 10)), MAX_BACKOFF)
        row.status, row.last_error, row.not_before = PENDING, why, utcnow() + delay
        report.retried += 1
        log.warning("outbox %s: %s; retry in %ss", row.key, why, int(delay.total_seconds()))
        uow.commit()


def _channel(row: OutboxMessage) -> str:
    """The conversation a row goes to: known once ``conversations.open`` answered, or given when queued."""
    if row.channel is None:
        raise ValueError(f"outbox row {row.key} has no channel")
    return row.channel
