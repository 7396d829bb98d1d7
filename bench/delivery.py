"""Delivery benchmark: time to deliver a round's intros through the local Slack stand-in under a rate limit.

A round of ``n`` intros (two people each) is made with the real use case, then
delivered by the real outbox sender to the stand-in (HTTP on loopback), three ways,
measured in the same run:

- *no limit*: the sender's own cost per intro (claim, ``conversations.open``,
  ``chat.postMessage``, commit): the baseline;
- *paced*: the stand-in enforces one ``conversations.open`` per ``gap`` seconds
  (Slack's Tier 3 is about 50 a minute, ``gap`` = 1.2 s) and the sender paces itself to it;
- *reactive*: the same limit, the sender only waits out each 429's Retry-After
  (whole seconds, as Slack sends them) — run on fewer intros, it is slow.

The bound the limit sets is ``n * gap``; the table gives each time against it.

    python -m bench.delivery [--quick] [--intros 1000] [--gap 0.1] [--database-url URL]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import update

from bot.bootstrap import bootstrap
from bot.outbox import OutboxSender
from bot.settings import Settings
from bot.use_cases.rounds.making import run_round_now
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Base, OutboxMessage, Person
from storage.models.outbox import CANCELLED, PENDING
from tests.support.slack_standin import SlackServer

FUNCTIONS = ("Sales", "Engineering", "Finance", "Legal", "Marketing", "Operations")
REGIONS = ("EMEA", "APAC", "AMER")
A_PAST_TUESDAY = datetime(2026, 11, 17, 10, tzinfo=UTC)  # intros due at once (working hours, UTC)
SLACK_TIER3_GAP = 60 / 50


def make_org(services, people: int) -> None:
    with services.uow() as uow:
        uow.session.add_all(
            Person(email=f"p{i}@bench.test", name=f"Person {i}", function=FUNCTIONS[i % 6], region=REGIONS[i % 3],
                   level=2 + i % 4, slack_id=f"U{i:06d}", timezone="UTC")
            for i in range(people)
        )
        uow.commit()


def reset_outbox(services, keep: int | None) -> int:
    """Every intro row back to pending (the first ``keep`` of them; the others cancelled)."""
    with services.uow() as uow:
        ids = list(uow.session.scalars(OutboxMessage.__table__.select().with_only_columns(OutboxMessage.id)
                                       .where(OutboxMessage.key.like("intro:%")).order_by(OutboxMessage.id)))
        chosen = ids if keep is None else ids[:keep]
        uow.session.execute(update(OutboxMessage).values(status=CANCELLED))
        uow.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(chosen)).values(
            status=PENDING, channel=None, ts=None, attempts=0, claimed_at=None, sent_at=None,
            not_before=A_PAST_TUESDAY, payload=OutboxMessage.payload))
        uow.commit()
        return len(chosen)


def deliver(services, standin, gap: float | None, paced: bool, intros: int | None) -> dict:
    n = reset_outbox(services, intros)
    standin.reset()
    standin.rate_limits = {"conversations.open": gap} if gap else {}
    standin.enforce_tiers = False  # this bench applies its own limit, in real time (the tiers use the stand-in's clock)
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(seconds)

    sender = OutboxSender(services.uow, services.slack, sleep=sleep,
                          pace={"conversations.open": gap} if (gap and paced) else None)
    start = time.perf_counter()
    report = sender.deliver_due()
    elapsed = time.perf_counter() - start
    posted = len({c.params["channel"] for c in standin.calls_to("chat.postMessage")})
    assert report.sent == n == posted, (report, n, posted)
    return {"n": n, "time": elapsed, "bound": n * gap if gap else None, "r429": report.rate_limited}


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 intros, 20 for the reactive run")
    parser.add_argument("--intros", type=int, default=1000)
    parser.add_argument("--gap", type=float, default=0.1,
                        help="seconds between conversations.open calls the stand-in allows (Slack: 1.2)")
    parser.add_argument("--reactive-intros", type=int, default=50)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file")
    args = parser.parse_args()
    intros = 100 if args.quick else args.intros
    gap = 0.05 if args.quick else args.gap
    reactive = 20 if args.quick else min(args.reactive_intros, intros)

    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    with SlackServer() as server:
        services = bootstrap(Settings(database_url=url, slack_bot_token="xoxb-bench", slack_api_url=server.api_url),
                             engine=engine)
        make_org(services, 2 * intros)
        start = time.perf_counter()
        round_ = run_round_now(services, A_PAST_TUESDAY)
        matching = time.perf_counter() - start
        print(f"round {round_.period}: {len(round_.intros)} intros for {2 * intros} people, made and queued in "
              f"{matching:.1f} s ({engine.dialect.name})\n")

        base = deliver(services, server.standin, None, False, None)
        paced = deliver(services, server.standin, gap, True, None)
        slow = deliver(services, server.standin, gap, False, reactive)
    per_base = base["time"] / base["n"]
    rows = [("no limit (baseline)", base), (f"limit {gap:g} s/open, paced", paced),
            (f"limit {gap:g} s/open, 429s only", slow)]
    print(f"{'delivery':34} {'intros':>6} {'time s':>8} {'ms/intro':>9} {'bound s':>8} {'time/bound':>10} "
          f"{'429s':>5} {'vs baseline':>11}")
    for name, r in rows:
        bound = f"{r['bound']:.1f}" if r["bound"] else "-"
        ratio = f"{r['time'] / r['bound']:.2f}" if r["bound"] else "-"
        per = r["time"] / r["n"]
        print(f"{name:34} {r['n']:>6} {r['time']:>8.1f} {per * 1000:>9.1f} {bound:>8} {ratio:>10} "
              f"{r['r429']:>5} {per / per_base:>10.1f}x")
    print(f"\nAt Slack's Tier 3 ({SLACK_TIER3_GAP:.1f} s per conversations.open) {intros} intros take at least "
          f"{intros * SLACK_TIER3_GAP / 60:.0f} min; the sender adds {per_base * 1000:.0f} ms per intro of its own, "
          f"hidden under the limit's {SLACK_TIER3_GAP * 1000:.0f} ms when paced.")


if __name__ == "__main__":
    main()
