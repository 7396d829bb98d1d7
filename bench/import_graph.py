"""Benchmark of the CSV imports and of loading the interaction graph, with peak memory.

Run ``python -m bench.import_graph`` (100,000 people, 1,000,000 interactions, a
graph of 100,000 people and 2,000,000 ties) or ``--quick`` (10,000 people,
100,000 interactions, 200,000 ties). ``--postgres URL`` runs the same on a
PostgreSQL database too (it is emptied). Every step runs in a fresh subprocess,
so its peak memory is its own: the extra resident memory (ru_maxrss) the step
needed: its peak resident memory (VmHWM, reset when the step starts) minus its
resident memory just before.

Baselines, measured in the same run: a naive row-by-row ORM import (look the
person up, add, flush) of a 5,000-row sample, scaled up to the whole file; and a
naive graph load building the graph from every ``Interaction`` object.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session

from storage.csv_import import import_interactions, import_people
from storage.db import make_engine
from storage.graph import load_graph
from storage.migrate import upgrade
from storage.models import Interaction, Person

FUNCTIONS = ("Engineering", "Sales", "Operations", "Customer Success", "Marketing", "Product", "Finance", "Data")
REGIONS = ("EMEA", "AMER", "APAC", "LATAM")
ZONES = ("Europe/Paris", "America/New_York", "Asia/Singapore", "America/Sao_Paulo")
KINDS = ("meeting", "lunch", "intro", "event", "mentoring")
SKILLS = ("python", "sql", "negotiation", "design", "finance", "hiring", "cloud", "writing")
START = date(2024, 1, 1)
SAMPLE = 5_000
PEOPLE_HEADER = "email,name,function,region,level,manager_email,slack_id,timezone,skills,interests,team,title\n"


def email(i: int) -> str:
    return f"person{i:06d}@bench.example"


# --- data --------------------------------------------------------------------------
def write_people(path: Path, n: int, seed: int) -> None:
    """An organisation as a tree of managers (8 reports each), grouped by function and region."""
    rng = np.random.default_rng(seed)
    func, reg, level = rng.integers(0, len(FUNCTIONS), n), rng.integers(0, len(REGIONS), n), rng.integers(1, 8, n)
    with path.open("w", encoding="utf-8") as out:
        out.write(PEOPLE_HEADER)
        for i in range(n):
            manager = email((i - 1) // 8) if i else ""
            skills = ";".join(SKILLS[(i + k) % len(SKILLS)] for k in range(3))
            out.write(
                f"{email(i)},Person {i},{FUNCTIONS[func[i]]},{REGIONS[reg[i]]},{level[i]},{manager},U{i:08d},"
                f"{ZONES[reg[i]]},{skills},chess;running,team-{i // 8},Title {level[i]}\n"
            )


def pairs(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``m`` random pairs of distinct people, mostly near each other in the tree (same team or function)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, n, m)
    near = rng.random(m) < 0.6
    b = np.where(near, np.clip(a + rng.integers(-40, 41, m), 0, n - 1), rng.integers(0, n, m))
    b[a == b] = (b[a == b] + 1) % n
    return a, b


def write_interactions(path: Path, n: int, m: int, seed: int) -> None:
    a, b = pairs(n, m, seed)
    rng = np.random.default_rng(seed + 1)
    days, kinds, weights = rng.integers(0, 1000, m), rng.integers(0, len(KINDS), m), rng.integers(1, 4, m)
    dates = [(START + timedelta(days=int(d))).isoformat() for d in range(1000)]
    with path.open("w", encoding="utf-8") as out:
        out.write("a_email,b_email,kind,occurred_on,weight\n")
        for start in range(0, m, 100_000):
            end = min(m, start + 100_000)
            out.writelines(
                f"{email(x)},{email(y)},{KINDS[k]},{dates[d]},{w}\n"
                for x, y, k, d, w in zip(a[start:end].tolist(), b[start:end].tolist(), kinds[start:end].tolist(),
                                         days[start:end].tolist(), weights[start:end].tolist(), strict=True)
            )


def sample(path: Path, rows: int, into: Path) -> None:
    with path.open(encoding="utf-8") as source, into.open("w", encoding="utf-8") as out:
        for i, line in enumerate(source):
            if i > rows:
                break
            out.write(line)


def fresh_database(url: str) -> Engine:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        Path(engine.url.database or "").unlink(missing_ok=True)
        engine = make_engine(url)
    upgrade(engine)
    return engine


def store_ties(engine: Engine, n: int, m: int, seed: int) -> None:
    """``n`` people and ``m`` ties (one interaction row each) straight into the database, for the graph benchmark."""
    with Session(engine) as session:
        for start in range(0, n, 10_000):
            rows = [{"email": email(i), "name": f"P{i}"} for i in range(start, min(n, start + 10_000))]
            session.execute(insert(Person), rows)
        session.commit()
        first = session.scalar(select(Person.id).order_by(Person.id).limit(1)) or 1
    a, b = pairs(n, m + m // 4, seed)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    _, first_seen = np.unique(lo * n + hi, return_index=True)  # distinct pairs, so m rows are m ties
    keep = np.sort(first_seen)[:m]
    lo, hi = lo[keep] + first, hi[keep] + first
    order = np.lexsort((hi, lo))  # in pair order, so the pair index grows at its end
    lo, hi = lo[order], hi[order]
    m = lo.size
    days = np.random.default_rng(seed + 2).integers(0, 1000, m)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("PRAGMA cache_size = -262144")
        for start in range(0, m, 100_000):
            rows = [
                (x, y, "meeting", (START + timedelta(days=d)).isoformat(), 1.0, "import", "")
                for x, y, d in zip(lo[start:start + 100_000].tolist(), hi[start:start + 100_000].tolist(),
                                   days[start:start + 100_000].tolist(), strict=True)
            ]
            if engine.dialect.name == "postgresql":
                columns = "a_id, b_id, kind, occurred_on, weight, source, note"
                with cursor.copy(f"COPY interactions ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    "INSERT INTO interactions (a_id, b_id, kind, occurred_on, weight, source, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        raw.commit()
    finally:
        raw.close()


# --- the steps, each run in its own process ------------------------------------------
def naive_import_people(session: Session, path: Path) -> None:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as source:
        for row in csv.DictReader(source):
            person = session.scalars(select(Person).where(Person.email == row["email"].lower())).first()
            if person is None:
                person = Person(email=row["email"].lower())
                session.add(person)
            person.name, person.function, person.region = row["name"], row["function"], row["region"]
            person.level, person.team, person.title = int(row["level"]), row["team"], row["title"]
            person.timezone, person.slack_id = row["timezone"], row["slack_id"]
            person.skills, person.interests = row["skills"].split(";"), row["interests"].split(";")
            if row["manager_email"]:
                manager = session.scalars(select(Person).where(Person.email == row["manager_email"])).first()
                person.manager_id = manager.id if manager else None
            session.flush()


def naive_import_interactions(session: Session, path: Path) -> None:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as source:
        for row in csv.DictReader(source):
            a = session.scalars(select(Person).where(Person.email == row["a_email"].lower())).one()
            b = session.scalars(select(Person).where(Person.email == row["b_email"].lower())).one()
            low, high = Interaction.ordered(a.id, b.id)
            session.add(Interaction(a_id=low, b_id=high, kind=row["kind"], weight=float(row["weight"] or 1),
                                    occurred_on=date.fromisoformat(row["occurred_on"]), source="import"))
            session.flush()


def naive_load_graph(session: Session) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(session.scalars(select(Person.id).where(Person.active.is_(True))))
    for tie in session.scalars(select(Interaction)):
        if graph.has_edge(tie.a_id, tie.b_id):
            data = graph.edges[tie.a_id, tie.b_id]
            data["weight"] += tie.weight
            data["since"] = min(data["since"], tie.occurred_on)
        elif tie.a_id in graph and tie.b_id in graph:
            graph.add_edge(tie.a_id, tie.b_id, weight=tie.weight, since=tie.occurred_on)
    return graph


def memory_kib(field: str) -> int:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak resident) of this process, from /proc."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak_memory() -> None:
    """Make the peak resident memory start again from now, so module imports do not count."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass


def run_step(step: str, url: str, path: str) -> dict[str, Any]:
    engine = make_engine(url)
    with Session(engine) as session:
        session.execute(select(Person.id).limit(1)).all()  # connect before measuring
        reset_peak_memory()
        base = memory_kib("VmRSS")
        started = time.perf_counter()
        out: dict[str, Any] = {}
        if step == "people":
            out["rows"] = import_people(session, path).created
        elif step == "interactions":
            out["rows"] = import_interactions(session, path).rows
        elif step == "naive-people":
            naive_import_people(session, Path(path))
        elif step == "naive-interactions":
            naive_import_interactions(session, Path(path))
        elif step in ("graph", "naive-graph"):
            graph = load_graph(session) if step == "graph" else naive_load_graph(session)
            out["edges"] = graph.number_of_edges()
        session.commit()
        out["seconds"] = time.perf_counter() - started
        out["peak_mb"] = (memory_kib("VmHWM") - base) / 1024
    return out


def step(name: str, url: str, path: Path | str = "") -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.import_graph", "--step", name, "--url", url, "--file", str(path)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the run -------------------------------------------------------------------------
def lines(results: list[tuple[str, dict[str, Any], dict[str, Any] | None, str]]) -> Iterator[str]:
    yield (f"{'operation':<54} {'ours (s)':>9} {'peak MB':>8} {'baseline (s)':>13} {'peak MB':>8} {'speed-up':>9}"
           "  baseline")
    yield "-" * 130
    for name, ours, base, note in results:
        base_s = f"{base['seconds']:13.1f}" if base else f"{'-':>13}"
        base_mb = f"{base['peak_mb']:8.0f}" if base and "peak_mb" in base else f"{'-':>8}"
        ratio = f"{base['seconds'] / ours['seconds']:8.1f}x" if base else f"{'-':>9}"
        yield f"{name:<54} {ours['seconds']:9.2f} {ours['peak_mb']:8.0f} {base_s} {base_mb} {ratio}  {note}"


def bench(url: str, label: str, people: int, ties: int, graph_ties: int, work: Path, seed: int) -> list[str]:
    people_csv, ties_csv = work / "people.csv", work / "interactions.csv"
    small_people, small_ties, tenth = work / "people-sample.csv", work / "ties-sample.csv", work / "ties-tenth.csv"
    sample(people_csv, SAMPLE, small_people)
    sample(ties_csv, SAMPLE, small_ties)
    sample(ties_csv, ties // 10, tenth)
    results = []

    fresh_database(url).dispose()
    ours_people = step("people", url, people_csv)
    again_people = step("people", url, people_csv)
    ours_ties = step("interactions", url, ties_csv)
    again_ties = step("interactions", url, ties_csv)
    fresh_database(url).dispose()
    step("people", url, people_csv)
    ours_tenth = step("interactions", url, tenth)
    naive_ties = step("naive-interactions", url, small_ties)
    fresh_database(url).dispose()
    naive_people = step("naive-people", url, small_people)

    scale = people / SAMPLE
    naive = f"row-by-row ORM, {SAMPLE:,} rows x{scale:.0f}"
    results.append((f"{label}: import {people:,} people", ours_people, {"seconds": naive_people["seconds"] * scale},
                    naive))
    results.append((f"{label}: same file again (all unchanged)", again_people, None, ""))
    scale = ties / SAMPLE
    naive = f"row-by-row ORM, {SAMPLE:,} rows x{scale:.0f}"
    results.append((f"{label}: import {ties // 10:,} interactions", ours_tenth, None, "peak memory: compare below"))
    results.append((f"{label}: import {ties:,} interactions", ours_ties, {"seconds": naive_ties["seconds"] * scale},
                    naive))
    results.append((f"{label}: same file again (all unchanged)", again_ties, None, ""))

    engine = fresh_database(url)
    store_ties(engine, people, graph_ties, seed)
    engine.dispose()
    graph = step("graph", url)
    naive = step("naive-graph", url)
    results.append((f"{label}: load_graph {people:,} people / {graph['edges']:,} ties", graph, naive,
                    "every Interaction as an ORM object"))
    return list(lines(results))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 people, 100,000 interactions, 200,000 ties")
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL database (it is emptied)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(run_step(args.step, args.url, args.file)))
        return
    people, ties, graph_ties = (10_000, 100_000, 200_000) if args.quick else (100_000, 1_000_000, 2_000_000)
    with tempfile.TemporaryDirectory(prefix="cno-bench-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        write_people(work / "people.csv", people, args.seed)
        write_interactions(work / "interactions.csv", people, ties, args.seed)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.0f} MB" for p in sorted(work.iterdir()))
        print(f"generated {sizes} in {time.perf_counter() - started:.0f} s")
        out = bench(f"sqlite:///{work / 'bench.db'}", "SQLite", people, ties, graph_ties, work, args.seed)
        if args.postgres:
            out += bench(args.postgres, "PostgreSQL", people, ties, graph_ties, work, args.seed)[2:]
    print()
    print("\n".join(out))
    print("\npeak MB: the step's peak resident memory (VmHWM) minus its resident memory just before it.")


if __name__ == "__main__":
    main()
