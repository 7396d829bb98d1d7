"""Benchmark of the network metrics: team reach, org-wide second-degree reach, silos, sponsors.

Run ``python -m bench.reach`` (100,000 people, 2,000,000 ties) or ``--quick``
(10,000 people, 200,000 ties). Every figure is measured in this run, ours against a
plain networkx baseline on the same graph. The org-wide second-degree baseline
(one breadth-first search to depth 2 per person) is timed on a sample of people and
scaled up to everyone; the table says so.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import networkx as nx
import numpy as np

from matching.mentors import rank_sponsors
from matching.people import Person
from matching.reach import second_degree_reach_all, team_reach, team_reach_history
from matching.silos import silo_report

FUNCTIONS = ("Engineering", "Sales", "Operations", "Customer Success", "Marketing", "Product", "Finance", "Data")
REGIONS = ("EMEA", "Americas", "APAC", "LATAM")
TODAY = date(2026, 11, 23)


def fallback_org(n: int, seed: int, ties_per_person: float) -> tuple[dict[int, Person], nx.Graph]:
    """A quick synthetic organisation: teams of 8, ties mostly inside team, function and region."""
    rng = np.random.default_rng(seed)
    func = np.sort(rng.integers(0, len(FUNCTIONS), n))
    reg = rng.integers(0, len(REGIONS), n)
    order = np.lexsort((reg, func))
    func, reg = func[order], reg[order]
    team = np.arange(n) // 8
    level = rng.choice([1, 2, 3, 4, 5, 6, 7], size=n, p=[0.25, 0.25, 0.2, 0.12, 0.1, 0.05, 0.03])
    people = {
        i: Person(
            i,
            FUNCTIONS[func[i]],
            REGIONS[reg[i]],
            int(level[i]),
            team=f"t{team[i]}",
            manager_id=None if i % 8 == 0 else i - i % 8,
        )
        for i in range(n)
    }
    m = int(n * ties_per_person / 2)
    wanted, m = m, int(m * 1.3)  # draw extra, then keep the first ``wanted`` distinct ties
    u = rng.integers(0, n, m)
    kind = rng.random(m)
    v = rng.integers(0, n, m)
    near = kind < 0.3  # same team
    v[near] = np.minimum(team[u[near]] * 8 + rng.integers(0, 8, int(near.sum())), n - 1)
    same_func = (kind >= 0.3) & (kind < 0.75)
    lo = np.searchsorted(func, func[u[same_func]], side="left")
    hi = np.searchsorted(func, func[u[same_func]], side="right")
    v[same_func] = lo + (rng.random(int(same_func.sum())) * (hi - lo)).astype(np.int64)
    keep = u != v
    u, v = u[keep], v[keep]
    _, first = np.unique(np.minimum(u, v) * n + np.maximum(u, v), return_index=True)
    first = np.sort(first)[:wanted]
    u, v = u[first], v[first]
    days = rng.integers(0, 3 * 365, u.size)
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(
        (int(a), int(b), {"weight": 1.0, "since": TODAY - timedelta(days=int(d))})
        for a, b, d in zip(u, v, days, strict=True)
    )
    return people, graph


def build_org(n: int, ties: int, seed: int) -> tuple[dict[int, Person], nx.Graph, str]:
    try:
        from matching.synthetic import synthetic_org  # the intro-round engine's generator, when landed
    except ImportError:
        return (*fallback_org(n, seed, 2 * ties / n), "bench.reach.fallback_org")
    return (*synthetic_org(n, seed=seed, ties_per_person=2 * ties / n), "matching.synthetic.synthetic_org")


def a_team(people: dict[int, Person], size: int) -> list[int]:
    """Whole teams of one function, in id order, until ``size`` people."""
    function = Counter(p.function for p in people.values()).most_common(1)[0][0]
    by_team: dict[str, list[int]] = {}
    for p in sorted(people.values(), key=lambda p: p.id):
        if p.function == function:
            by_team.setdefault(str(p.team), []).append(p.id)
    members: list[int] = []
    for ids in by_team.values():
        members.extend(ids)
        if len(members) >= size:
            break
    return members[:size]


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds (median of the repeats). CPU time is what this
    process used: on a shared machine it is steadier than the wall clock."""

    wall: float
    cpu: float

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)

    def scaled(self, factor: float) -> Timing:
        return Timing(self.wall * factor, self.cpu * factor)


def timed(fn: Callable[[], object], repeat: int = 1) -> tuple[Timing, object]:
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(statistics.median(walls), statistics.median(cpus)), result


# --- Baselines: plain networkx, written the obvious way -----------------------------------------


def naive_team_reach(graph: nx.Graph, members: list[int], as_of: date | None) -> tuple[int, int]:
    if as_of is not None:
        full = graph
        graph = nx.subgraph_view(full, filter_edge=lambda a, b: full[a][b]["since"] <= as_of)
    team = set(members)
    distance: dict[int, int] = {}
    for m in members:
        for other, d in nx.single_source_shortest_path_length(graph, m, cutoff=2).items():
            if other not in team:
                distance[other] = min(d, distance.get(other, 3))
    return sum(d == 1 for d in distance.values()), sum(d == 2 for d in distance.values())


def naive_second_degree(graph: nx.Graph, nodes: list[int]) -> dict[int, int]:
    return {
        v: sum(1 for d in nx.single_source_shortest_path_length(graph, v, cutoff=2).values() if d == 2) for v in nodes
    }


def naive_silos(graph: nx.Graph, people: dict[int, Person], key: str) -> tuple[dict, dict, float]:
    counts: Counter[tuple[str, str]] = Counter()
    for a, b in graph.edges():
        ga, gb = sorted((getattr(people[a], key), getattr(people[b], key)))
        counts[ga, gb] += 1
    internal = Counter({g: c for (g, h), c in counts.items() if g == h})
    external: Counter[str] = Counter()
    for (g, h), c in counts.items():
        if g != h:
            external[g] += c
            external[h] += c
    groups: dict[str, set[int]] = {}
    for p in people.values():
        groups.setdefault(getattr(p, key), set()).add(p.id)
    ei = {g: (external[g] - internal[g]) / max(external[g] + internal[g], 1) for g in groups}
    return counts, ei, nx.community.modularity(graph, groups.values(), weight=None)


def naive_brokers(graph: nx.Graph, people: dict[int, Person], key: str) -> list[float]:
    carried: Counter[tuple[int, str]] = Counter()
    between: Counter[tuple[str, str]] = Counter()
    for a, b in graph.edges():
        ga, gb = getattr(people[a], key), getattr(people[b], key)
        if ga != gb:
            carried[a, gb] += 1
            carried[b, ga] += 1
            between[min(ga, gb), max(ga, gb)] += 1
    score: Counter[int] = Counter()
    for (p, g), c in carried.items():
        mine = getattr(people[p], key)
        score[p] += c / between[min(mine, g), max(mine, g)]
    return sorted(score.values(), reverse=True)[:10]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 people and 200,000 ties")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    n, ties = (10_000, 200_000) if args.quick else (100_000, 2_000_000)
    sample = 200 if args.quick else 1_000

    start = time.perf_counter()
    people, graph, source = build_org(n, ties, args.seed)
    print(
        f"Organisation: {len(people):,} people, {graph.number_of_edges():,} ties from {source} "
        f"(seed {args.seed}), built in {time.perf_counter() - start:.1f} s"
    )
    team = a_team(people, 200)
    rows: list[tuple[str, Timing, Timing | None, str]] = []
    dates = (None, TODAY - timedelta(weeks=4), TODAY - timedelta(weeks=12))
    three_baselines = Timing(0.0, 0.0)

    for label, as_of in (
        ("now", None),
        ("4 weeks ago", TODAY - timedelta(weeks=4)),
        ("12 weeks ago", TODAY - timedelta(weeks=12)),
    ):
        ours, reach = timed(lambda as_of=as_of: team_reach(graph, team, people, as_of), repeat=3)
        base, (first, second) = timed(lambda as_of=as_of: naive_team_reach(graph, team, as_of))
        three_baselines += base
        assert (reach.first_degree, reach.second_degree) == (first, second), "team reach differs from baseline"
        rows.append(
            (
                f"team_reach, 200-person team, {label}",
                ours,
                base,
                f"1st {reach.first_degree:,}, 2nd {reach.second_degree:,}; goal < 1 s",
            )
        )

    ours, history = timed(lambda: team_reach_history(graph, team, people, dates), repeat=3)
    assert history == {d: team_reach(graph, team, people, d) for d in dates}, "history differs from team_reach"
    rows.append(("team_reach_history: now, 4 and 12 weeks ago", ours, three_baselines, "what /team-reach needs"))

    ours, everyone = timed(lambda: second_degree_reach_all(graph))
    picked = sorted(people)[:: max(1, n // sample)][:sample]
    base_sample, expected = timed(lambda: naive_second_degree(graph, picked))
    assert all(everyone[v] == expected[v] for v in picked), "second-degree reach differs from baseline"
    values = np.fromiter(everyone.values(), dtype=np.int64)
    rows.append(
        (
            "second_degree_reach_all (exact)",
            ours,
            base_sample.scaled(n / len(picked)),
            f"baseline: BFS on {len(picked):,} people, scaled x{n // len(picked)}; median {int(np.median(values)):,}",
        )
    )

    for key in ("function", "region"):
        ours, report = timed(lambda key=key: silo_report(graph, people, key))
        base, ((_, naive_ei, naive_q), naive_top) = timed(
            lambda key=key: (naive_silos(graph, people, key), naive_brokers(graph, people, key))
        )
        assert abs(report.modularity - naive_q) < 1e-9, "modularity differs from networkx"
        assert all(abs(report.ei[g] - naive_ei[g]) < 1e-9 for g in naive_ei), "E-I differs from baseline"
        assert np.allclose([b.score for b in report.brokers], naive_top), "broker scores differ from baseline"
        note = f"modularity {report.modularity:.3f}, top broker score {report.brokers[0].score:.2f}"
        rows.append((f"silo_report by {key} (density, E-I, Q, brokers)", ours, base, note))

    if graph.number_of_edges() <= 300_000:
        base, _ = timed(lambda: nx.betweenness_centrality(graph, k=10, seed=1))
        rows.append(("(betweenness, 10 samples, for scale)", base, None, "not used: too slow at 100k"))

    requester = min((p for p in people.values() if p.level <= 2), key=lambda p: p.id)
    ours, _ = timed(lambda: rank_sponsors(requester, people, graph, "lead a team"), repeat=3)
    rows.append(("rank_sponsors, one request", ours, None, "no baseline"))

    print()
    print(f"{'':<50} {'ours':>17} {'baseline':>17}")
    print(f"{'operation':<50} {'wall s':>8} {'cpu s':>8} {'wall s':>8} {'cpu s':>8} {'speed-up':>9}  note")
    print("-" * 130)
    for name, ours, base, note in rows:
        base_s = f"{base.wall:8.3f} {base.cpu:8.3f}" if base is not None else f"{'-':>8} {'-':>8}"
        ratio = f"{base.cpu / ours.cpu:8.1f}x" if base is not None and ours.cpu > 0 else f"{'-':>9}"
        print(f"{name:<50} {ours.wall:8.3f} {ours.cpu:8.3f} {base_s} {ratio}  {note}")
    print("speed-up = baseline CPU time / our CPU time (steadier than wall time on a shared machine)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nPeak memory of the whole run: {peak:,.0f} MB. Python {sys.version.split()[0]}, networkx {nx.__version__}."
    )


if __name__ == "__main__":
    main()
