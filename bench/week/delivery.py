"""Delivery against Slack's limits on a simulated clock: the plan for every intro, the real sender on a sample.

The simulated clock is the real monotonic clock plus every second the sender (or the
sync) was asked to sleep: the work the sender does really takes its time, the waits
the rate limit imposes take none. The stand-in enforces the limit on the same clock,
so a sender that calls too soon gets a 429 exactly as from Slack.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select, update

from bot.bootstrap import Services
from bot.outbox import OutboxSender
from storage.models import OutboxMessage, Person
from storage.models.outbox import PENDING, SENT
from tests.support.slack_standin import SlackStandIn

TIER3_GAP = 60 / 50  # conversations.open: about 50 a minute for the workspace
TIER2_GAP = 60 / 20  # users.list: about 20 a minute
WORKDAY_END = 17


class SimClock:
    """Monotonic seconds, plus the seconds slept: sleeping advances the clock instead of waiting."""

    def __init__(self) -> None:
        self.slept = 0.0

    def __call__(self) -> float:
        return time.monotonic() + self.slept

    def sleep(self, seconds: float) -> None:
        self.slept += max(0.0, seconds)


@dataclass(frozen=True)
class Planned:
    """When every intro in the outbox would arrive, sent one ``gap`` apart in the order the sender takes them."""

    intros: int
    first_due: datetime
    last_arrival: datetime
    last_local: str  # the last intro's arrival in its first member's zone
    bound_s: float  # intros x gap: the least time the limit allows
    late_after_workday: int  # arriving after 17:00 local for a member
    median_wait_min: float
    worst_wait_min: float
    worst_wait_zone: str


def planned_arrivals(rows: Iterable[tuple[datetime, list[str]]], zones: dict[str, str], gap: float) -> Planned:
    """Arrivals when one sender takes due rows in ``not_before`` order, one ``gap`` apart."""
    queue = sorted(rows, key=lambda r: r[0])
    if not queue:
        raise ValueError("no intros in the outbox")
    t = queue[0][0]
    waits: list[tuple[float, str]] = []
    late, last, last_zone = 0, t, "UTC"
    for due, users in queue:
        t = max(t + timedelta(seconds=gap), due)
        member_zones = [ZoneInfo(zones.get(u, "UTC")) for u in users]
        waits.append(((t - due).total_seconds() / 60, member_zones[0].key))
        if any(t.astimezone(z).hour >= WORKDAY_END or t.astimezone(z).date() > due.astimezone(z).date()
               for z in member_zones):
            late += 1
        last, last_zone = t, member_zones[0].key
    ordered = sorted(w for w, _ in waits)
    worst = max(waits)
    local = last.astimezone(ZoneInfo(last_zone))
    return Planned(len(queue), queue[0][0], last, f"{local:%a %H:%M} {last_zone}", len(queue) * gap, late,
                   ordered[len(ordered) // 2], worst[0], worst[1])


def outbox_intros(services: Services) -> tuple[list[tuple[datetime, list[str]]], dict[str, str]]:
    """Every intro row in the outbox (due time, members), and each member's zone."""
    with services.uow() as uow:
        rows = [(nb, list(users)) for nb, users in uow.session.execute(
            select(OutboxMessage.not_before, OutboxMessage.users).where(OutboxMessage.key.like("intro:%")))]
        zones = {s: z for s, z in uow.session.execute(
            select(Person.slack_id, Person.timezone).where(Person.slack_id.is_not(None)))}
    return rows, zones


@dataclass(frozen=True)
class Delivered:
    sent: int
    simulated_s: float  # first conversations.open to the last, on the simulated clock
    bound_s: float  # (sent - 1) x gap
    share_of_bound: float
    r429: int
    real_s: float


def deliver_sample(services: Services, standin: SlackStandIn, intros: int, gap: float) -> Delivered:
    """The real sender delivers the first ``intros`` due intros on the simulated clock, paced at ``gap``."""
    clock = SimClock()
    standin.gap_clock = clock
    standin.rate_limits["conversations.open"] = gap
    start_calls = len(standin.calls_to("conversations.open"))
    with services.uow() as uow:
        first = uow.session.scalar(select(OutboxMessage.not_before).where(OutboxMessage.key.like("intro:%"))
                                   .order_by(OutboxMessage.not_before).limit(1))
    assert first is not None
    origin = clock()
    sender = OutboxSender(services.uow, services.slack, sleep=clock.sleep, pace={"conversations.open": gap},
                          clock=clock)
    sent = r429 = 0
    real = time.perf_counter()
    while sent < intros:
        now = first + timedelta(seconds=clock() - origin)
        report = sender.deliver_due(limit=min(20, intros - sent), now=now)
        sent += report.sent
        r429 += report.rate_limited
        if report.sent == 0 and report.rate_limited == 0:
            with services.uow() as uow:
                due = uow.session.scalar(select(OutboxMessage.not_before).where(
                    OutboxMessage.status == PENDING, OutboxMessage.key.like("intro:%"))
                    .order_by(OutboxMessage.not_before).limit(1))
            if due is None:
                break
            clock.sleep(max(1.0, (due - now).total_seconds()))  # idle until the next intro is due
    real_s = time.perf_counter() - real
    opens = [c.at for c in standin.calls_to("conversations.open")[start_calls:]]  # on the simulated clock
    # Gaps while nothing was due (the clock jumped to the next due intro) are not the sender's pace.
    gaps = [b - a for a, b in zip(opens, opens[1:], strict=False) if b - a < 10 * gap]
    simulated = sum(gaps)
    bound = len(gaps) * gap
    standin.rate_limits.pop("conversations.open", None)
    standin.gap_clock = time.monotonic
    return Delivered(sent, simulated, bound, bound / simulated if simulated else 0.0, r429, real_s)


def mark_rest_sent(engine: Engine) -> int:
    """The intros the sample left: recorded as sent at their due time (their delivery is what the plan says)."""
    with engine.begin() as connection:
        result = connection.execute(update(OutboxMessage).where(
            OutboxMessage.key.like("intro:%"), OutboxMessage.status == PENDING)
            .values(status=SENT, sent_at=OutboxMessage.not_before))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
