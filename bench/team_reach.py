"""Benchmark of `/team-reach`: the whole computation for a 200-person team, as the use case does it.

The graph is already loaded (the app keeps it in memory, see bot/network.py). Timed:
finding the team's members from the manager, its reach now and 4 and 12 weeks ago,
the suggestion, and the message text and blocks; the chart is timed on its own.
Baseline, measured in the same run on the same graph: the same figures written the
obvious way with networkx (a breadth-first search to depth 2 from every member, on a
date-filtered view of the graph, once per date).

    python -m bench.team_reach [--quick] [--seed 7]

Default: 100,000 people and 2,000,000 ties; ``--quick``: 10,000 and 200,000. Goal: < 1 s.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import sys
import time
from collections import Counter
from datetime import date, timedelta

import networkx as nx

from bench.reach import Timing, a_team, build_org, naive_team_reach, timed
from bot.charts.team import ReachPoint, team_chart
from bot.use_cases.reports.team_reach import present
from matching.people import Person
from matching.team_view import TREND_WEEKS, team_members, team_view
from message_templates import render_blocks, render_text

TODAY = date(2026, 11, 23)
TEAM_SIZE = 200
GOAL_S = 1.0


def with_manager(people: dict[int, Person], members: list[int]) -> tuple[dict[int, Person], int]:
    """The organisation with ``members`` reporting to one new manager (the last id + 1)."""
    manager = max(people) + 1
    changed = dict(people)
    changed[manager] = Person(manager, people[members[0]].function, people[members[0]].region, 7)
    for m in members:
        changed[m] = dataclasses.replace(people[m], manager_id=manager)
    return changed, manager


def ours(graph: nx.Graph, people: dict[int, Person], manager: int) -> tuple[object, dict]:
    view = team_view(graph, people, manager, TODAY)
    context = present(view)
    render_text("reach/team_text", **context)
    render_blocks("reach/team", **context)
    return view, context


def baseline(graph: nx.Graph, people: dict[int, Person], manager: int) -> dict[int, tuple[int, int]]:
    members = [p.id for p in people.values() if p.manager_id == manager]
    out = {}
    for weeks in (0, *TREND_WEEKS):
        out[weeks] = naive_team_reach(graph, members, TODAY - timedelta(weeks=weeks))
    team = set(members)
    first = {o for m in members for o in graph[m] if o not in team}
    Counter(people[p].function for p in first if p in people)
    Counter(people[p].region for p in first if p in people)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 people and 200,000 ties")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    n, ties = (10_000, 200_000) if args.quick else (100_000, 2_000_000)

    start = time.perf_counter()
    people, graph, source = build_org(n, ties, args.seed)
    people, manager = with_manager(people, a_team(people, TEAM_SIZE))
    graph.add_node(manager)
    print(f"Organisation: {len(people):,} people, {graph.number_of_edges():,} ties from {source} "
          f"(seed {args.seed}), built in {time.perf_counter() - start:.1f} s; a team of {TEAM_SIZE}")

    rows: list[tuple[str, Timing, Timing | None, str]] = []
    t_members, members = timed(lambda: team_members(people, manager), repeat=3)
    rows.append(("members lookup (manager -> direct reports)", t_members, None, f"{len(members)} people"))
    t_ours, (view, context) = timed(lambda: ours(graph, people, manager), repeat=3)
    t_base, expected = timed(lambda: baseline(graph, people, manager))
    got = {0: (view.now.first_degree, view.now.second_degree)}
    got.update({w: (r.first_degree, r.second_degree) for w, r in view.past.items()})
    assert got == expected, f"team view differs from the networkx baseline: {got} != {expected}"
    rows.append(("team-reach computation (now, 4 and 12 weeks ago)", t_ours, t_base,
                 f"1st {view.now.first_degree:,}, 2nd {view.now.second_degree:,}; goal < {GOAL_S:.0f} s"))
    points = [ReachPoint(TODAY - timedelta(weeks=w), *expected[w], len(people)) for w in (12, 4, 0)]
    t_chart, png = timed(lambda: team_chart(points, view.now.functions_reached, view.now.regions_reached,
                                            context["heading"]))
    rows.append(("chart PNG (matplotlib, Agg)", t_chart, None, f"{len(png) / 1024:,.0f} KB"))
    rows.append(("total with the chart", t_ours + t_chart, None, ""))

    print()
    print(f"{'':<52} {'ours':>17} {'baseline':>17}")
    print(f"{'step':<52} {'wall s':>8} {'cpu s':>8} {'wall s':>8} {'cpu s':>8} {'speed-up':>9}  note")
    print("-" * 125)
    for name, mine, base, note in rows:
        base_s = f"{base.wall:8.3f} {base.cpu:8.3f}" if base is not None else f"{'-':>8} {'-':>8}"
        ratio = f"{base.cpu / mine.cpu:8.1f}x" if base is not None and mine.cpu > 0 else f"{'-':>9}"
        print(f"{name:<52} {mine.wall:8.3f} {mine.cpu:8.3f} {base_s} {ratio}  {note}")
    print("speed-up = baseline CPU time / our CPU time (steadier than wall time on a shared machine)")
    load = os.getloadavg()[0]
    print(f"\nThe team-reach computation takes {t_ours.cpu:.3f} s of CPU and {t_ours.wall:.3f} s of wall time "
          f"(goal < {GOAL_S:.0f} s): {'meets' if t_ours.cpu < GOAL_S else 'MISSES'} it in CPU time, "
          f"{'meets' if t_ours.wall < GOAL_S else 'misses'} it in wall time with a load average of {load:.1f} "
          f"on {os.cpu_count()} cores.")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak memory: {peak:,.0f} MB. Python {sys.version.split()[0]}, networkx {nx.__version__}.")


if __name__ == "__main__":
    main()
