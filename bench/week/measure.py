"""Measuring one stage of the week: wall time, CPU time, peak memory, database rows written.

Peak memory is the process's own high-water mark (``VmHWM``), reset when the stage
starts (``/proc/self/clear_refs``), so each stage's figure is its own: the table shows
the peak and the extra the stage needed over what the process held when it started.
Rows written are PostgreSQL's own counters (``pg_stat_user_tables``: rows inserted,
updated and deleted); the connection pool is closed after each stage so every backend
reports its counts before they are read. CPU time is this process's (all its threads,
the Slack stand-in's included), not PostgreSQL's.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text


def _status_kb(name: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:  # not Linux, or not allowed: the peak is then the process's since it started
        pass


def rows_written(engine: Engine) -> int:
    """Rows inserted, updated and deleted in the database so far (PostgreSQL's statistics)."""
    if engine.dialect.name != "postgresql":
        return 0
    engine.dispose()  # backends report their counts when they end
    time.sleep(0.3)
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_clear_snapshot()"))
        return int(connection.scalar(text(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables")) or 0)


@dataclass
class Stage:
    """One measured stage, and what it is compared with (a goal, or a baseline measured in the same run)."""

    name: str
    wall: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    extra_mb: float = 0.0
    rows: int = 0
    compared: str = ""  # e.g. "goal < 120 s" or "baseline: engine alone 31.0 s"
    verdict: str = ""  # "met", "MISSED", or a ratio against the baseline
    notes: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def against_goal(self, value: float, goal: float, unit: str, what: str = "") -> None:
        """Compare ``value`` with a goal it must stay under."""
        label = f"{what} " if what else ""
        self.compared = (self.compared + "; " if self.compared else "") + f"goal {label}< {goal:g} {unit}"
        ok = value < goal
        verdict = f"{'met' if ok else 'MISSED'} ({value:,.1f} {unit})"
        self.verdict = (self.verdict + "; " if self.verdict else "") + verdict

    def against_baseline(self, label: str, baseline: float, value: float) -> None:
        """Compare ``value`` with a baseline measured in the same run (``value`` as a multiple of it)."""
        self.compared = (self.compared + "; " if self.compared else "") + f"{label} {baseline:,.1f}"
        ratio = value / baseline if baseline else float("inf")
        self.verdict = (self.verdict + "; " if self.verdict else "") + f"{ratio:,.1f}x the baseline"


class Recorder:
    """Runs stages, measures them, prints the table and writes the figures as JSON lines."""

    def __init__(self, engine: Engine, out: Path | None = None) -> None:
        self.engine = engine
        self.stages: list[Stage] = []
        self.out = out

    @contextmanager
    def stage(self, name: str) -> Iterator[Stage]:
        stage = Stage(name)
        before_rows = rows_written(self.engine)
        reset_peak()
        rss = _status_kb("VmRSS")
        wall, cpu = time.perf_counter(), time.process_time()
        print(f"… {name}", flush=True)
        try:
            yield stage
        finally:
            stage.wall = time.perf_counter() - wall
            stage.cpu = time.process_time() - cpu
            peak = _status_kb("VmHWM")
            stage.peak_mb, stage.extra_mb = peak / 1024, max(0, peak - rss) / 1024
            stage.rows = rows_written(self.engine) - before_rows
            self.stages.append(stage)
            stage.figures["load_average"] = round(os.getloadavg()[0], 1)
            print(f"  {stage.wall:,.1f} s wall, {stage.cpu:,.1f} s CPU, peak {stage.peak_mb:,.0f} MB "
                  f"(+{stage.extra_mb:,.0f}), {stage.rows:,} rows written; load average {os.getloadavg()[0]:.1f}",
                  flush=True)
            for note in stage.notes:
                print(f"    {note}", flush=True)

    def write_json(self) -> None:
        if self.out is None:
            return
        with self.out.open("w", encoding="utf-8") as out:
            for s in self.stages:
                out.write(json.dumps({"stage": s.name, "wall_s": round(s.wall, 2), "cpu_s": round(s.cpu, 2),
                                      "peak_mb": round(s.peak_mb), "extra_mb": round(s.extra_mb), "rows": s.rows,
                                      "compared": s.compared, "verdict": s.verdict, "notes": s.notes,
                                      "figures": s.figures}, default=str) + "\n")

    def table(self) -> str:
        head = (f"{'stage':<38}{'wall s':>8}{'CPU s':>8}{'peak MB':>8}{'+MB':>6}{'rows':>10}{'load':>6}"
                "  compared with -> result")
        lines = [head, "-" * len(head)]
        for s in self.stages:
            lines.append(f"{s.name:<38}{s.wall:>8,.1f}{s.cpu:>8,.1f}{s.peak_mb:>8,.0f}{s.extra_mb:>6,.0f}"
                         f"{s.rows:>10,}{s.figures.get('load_average', 0):>6.1f}  {s.compared or '-'} -> "
                         f"{s.verdict or '-'}")
        return "\n".join(lines)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0
