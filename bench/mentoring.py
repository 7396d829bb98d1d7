"""Benchmark of choosing the person to ask for a mentor or sponsor request, as the app does it.

An organisation is saved to a scratch SQLite database (the demo generator), with a
mentor and a sponsor request. Timed, per request: ``best_candidate`` with the
network already in memory (the app keeps it, see bot/network.py), and with a cold
cache. Baseline, measured in the same run: the same choice reloading the people
and the interaction graph from the database for every request.

    python -m bench.mentoring [--quick] [--people N] [--seed 7]

Default: 100,000 people (about 1,000,000 ties); ``--quick``: 10,000.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import bot.use_cases.mentoring.candidates as candidates
from bot.network import Network, forget_cached_network
from bot.use_cases.demo.org import seed_demo_org
from storage.db import make_engine, make_session_factory
from storage.graph import load_graph
from storage.migrate import upgrade
from storage.models import MentoringRequest, Person
from storage.roster import load_people

ON = date(2026, 11, 25)


def _requests(session: Session) -> list[MentoringRequest]:
    junior = session.scalars(select(Person).where(Person.level == 2, Person.manager_id.is_not(None)).limit(1)).one()
    skill = sorted(junior.skills or ["negotiation"])[0]
    made = [
        MentoringRequest(requester_id=junior.id, kind="mentor", topic=skill, skills_wanted=[],
                         preferences={"virtual_ok": True, "other_function": True}),
        MentoringRequest(requester_id=junior.id, kind="sponsor", topic="a first team lead role", skills_wanted=[],
                         preferences={"virtual_ok": True}),
    ]
    session.add_all(made)
    session.flush()
    return made


def _time(fn: Callable[[], Any], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return median(runs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 people instead of 100,000")
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    n = args.people or (10_000 if args.quick else 100_000)
    repeat = 5 if args.quick else 3
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        with make_session_factory(engine)() as session:
            started = time.perf_counter()
            org = seed_demo_org(session, n, seed=args.seed)
            requests = _requests(session)
            session.commit()
            print(f"{org.people:,} people, {org.ties:,} ties saved in {time.perf_counter() - started:.1f} s")
            rows = []
            for request in requests:
                def warm(request: MentoringRequest = request) -> Any:
                    return candidates.best_candidate(session, request, [], ON)

                def cold(request: MentoringRequest = request) -> Any:
                    forget_cached_network()
                    return candidates.best_candidate(session, request, [], ON)

                def reload_every_time(request: MentoringRequest = request) -> Any:
                    original = candidates.current_network
                    candidates.current_network = lambda s, on: Network(load_graph(s), load_people(s, on))
                    try:
                        return candidates.best_candidate(session, request, [], ON)
                    finally:
                        candidates.current_network = original

                baseline = _time(reload_every_time, repeat)
                cold_s = _time(cold, repeat)
                warm()
                warm_s = _time(warm, repeat)
                chosen = warm()
                rows.append((request.kind, baseline, cold_s, warm_s, chosen.person_id if chosen else None))
        engine.dispose()
    print(f"\n{'request':<8} {'reload every time (baseline)':>29} {'cold cache':>11} {'warm cache':>11} "
          f"{'warm vs baseline':>17}")
    for kind, baseline, cold_s, warm_s, _ in rows:
        print(f"{kind:<8} {baseline:>27.3f} s {cold_s:>9.3f} s {warm_s:>9.3f} s {baseline / warm_s:>16.1f}x")


if __name__ == "__main__":
    main()
