"""Broadcast benchmark: time to invite an audience to an event.

Measured in the same run, on a fresh database each:

- *one by one* (baseline): an invitation row, one rendering and one ``enqueue`` per
  person, as a plain loop over the outbox's ``enqueue`` would do it;
- *submission*: the real use case behind the modal, ``create_event``: it only stores
  the event and counts the audience (this is all the request waits for);
- *sweep*: the scheduler's ``queue_due_invitations``, in passes of ``inviting.CHUNK``
  (5,000) people, one transaction each: invitations rendered once per time zone and
  written with ``enqueue_many`` (one key lookup and flush per 500 rows).

Delivery itself is bounded by Slack's limits (see ``bench.delivery``), not by this.

    python -m bench.events_broadcast [--quick] [--people 2000 5000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from bot.bootstrap import Services, bootstrap
from bot.outbox import enqueue
from bot.settings import Settings
from bot.use_cases.events import messages
from bot.use_cases.events.audience import Audience, audience_people
from bot.use_cases.events.inviting import CHUNK, queue_due_invitations
from bot.use_cases.events.keys import invite_key
from bot.use_cases.events.schedule import EventDraft, create_event
from storage.db import make_engine
from storage.migrate import upgrade
from storage.models import Event, Invitation, Person
from storage.models.events import NO_ANSWER, SCHEDULED

ZONES = ("Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC", "Europe/London", "America/Los_Angeles")
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
DRAFT = EventDraft("Cross-team lunch", "Meet people from other teams.", NOW + timedelta(days=8), "Europe/Paris", 90,
                   "Cafeteria", None, Audience())


def fresh(url: str | None, people: int, workdir: Path, name: str) -> Services:
    database = url or f"sqlite:///{workdir / f'bench-{people}-{name}.db'}"
    engine: Engine = make_engine(database)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    services = bootstrap(Settings(database_url=database, cno_admins=frozenset({"ucno"})), engine=engine)
    with services.uow() as uow:
        uow.session.add_all(
            Person(email=f"p{i}@bench.test", name=f"Person {i}", function="Sales", region="EMEA",
                   slack_id=f"U{i:06d}", timezone=ZONES[i % len(ZONES)])
            for i in range(people)
        )
        uow.commit()
    return services


def one_by_one(services: Services) -> int:
    with services.uow() as uow:
        session = uow.session
        event = Event(title=DRAFT.title, description=DRAFT.description, starts_at=DRAFT.starts_at,
                      timezone=DRAFT.timezone, duration_minutes=90, place=DRAFT.place, audience={},
                      status=SCHEDULED, created_by="UCNO")
        session.add(event)
        session.flush()
        sent = 0
        for person in audience_people(session, Audience(), NOW.date()):
            invitation = Invitation(event=event, person=person, invited_at=NOW, status=NO_ANSWER)
            session.add(invitation)
            message = messages.invite(event, invitation, NOW)
            if enqueue(session, invite_key(event.id, person.id), text=message.text, blocks=message.blocks,
                       users=[person.slack_id or ""]):
                sent += 1
        uow.commit()
        return sent


def submitted(services: Services) -> int:
    return create_event(services, DRAFT, "UCNO", NOW).invited


def swept(services: Services) -> int:
    return queue_due_invitations(services, NOW, budget=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small run (500 people)")
    parser.add_argument("--people", type=int, nargs="+", default=[2000, 5000])
    parser.add_argument("--database-url", help="PostgreSQL URL to use instead of a temporary SQLite file "
                                               "(its public schema is dropped!)")
    args = parser.parse_args()
    sizes = [500] if args.quick else args.people
    print(f"{'people':>8} {'one by one (s)':>15} {'submission (s)':>15} {'sweep (s)':>10} {'speed-up':>9} "
          f"{'per pass of ' + format(CHUNK, ','):>18} {'per person (ms)':>16}")
    with tempfile.TemporaryDirectory() as workdir:
        for n in sizes:
            services = fresh(args.database_url, n, Path(workdir), "one_by_one")
            start = time.perf_counter()
            assert one_by_one(services) == n
            base = time.perf_counter() - start
            services.engine.dispose()

            services = fresh(args.database_url, n, Path(workdir), "swept")
            start = time.perf_counter()
            assert submitted(services) == n
            submission = time.perf_counter() - start
            start = time.perf_counter()
            assert swept(services) == n
            sweep = time.perf_counter() - start
            services.engine.dispose()
            passes = -(-n // CHUNK)
            print(f"{n:>8,} {base:>15.2f} {submission:>15.2f} {sweep:>10.2f} {base / (submission + sweep):>8.1f}x "
                  f"{sweep / passes:>16.2f} s {1000 * sweep / n:>16.2f}")

if __name__ == "__main__":
    main()
