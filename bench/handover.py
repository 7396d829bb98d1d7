"""Benchmark of the joining-and-leaving analysis: at-risk ties, groups bridged alone, onboarding picks.

Run ``python -m bench.handover`` (100,000 people, about 2,000,000 ties) or ``--quick``
(10,000 people). Each figure is ours against a plain networkx baseline measured in
the same run on the same graph and the same people (leavers and newcomers drawn at
random), and the answers are checked equal:

* at-risk ties: the baseline finds the team with the same rule, tests every contact
  against every teammate with ``has_edge`` and measures reach with
  ``nx.single_source_shortest_path_length(cutoff=2)``;
* groups bridged alone: the baseline lists every pair of groups anyone connects, with
  and without the leaver (on a copy of the graph without them), and takes the difference;
* onboarding: the baseline ranks every candidate of a kind by exact two-step reach
  (ours measures reach only for the 50 best connected by number of ties).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Mapping
from itertools import combinations
from typing import Any

import networkx as nx

from matching.handover import at_risk_ties, groups_bridged_alone, team_of
from matching.onboarding import onboarding_plan, two_step_reach
from matching.people import Person
from matching.synthetic import synthetic_org


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def baseline_at_risk(graph: nx.Graph, leaver: int, people: Mapping[int, Person]) -> list[int]:
    team = team_of(leaver, people)
    contacts = [c for c in graph[leaver] if c in people and c not in team]
    at_risk = [c for c in contacts if not any(graph.has_edge(c, t) for t in team)]
    sub = graph.subgraph([p for p in people if p != leaver])
    for c in at_risk:
        len(nx.single_source_shortest_path_length(sub, c, cutoff=2))
    return sorted(at_risk)


def _connected_pairs(graph: nx.Graph, people: Mapping[int, Person]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for p in people.values():
        reached = {p.function} | {people[c].function for c in graph[p.id] if c in people}
        pairs.update(tuple(sorted(x)) for x in combinations(reached, 2))
    return pairs


def baseline_bridged(graph: nx.Graph, leaver: int, people: Mapping[int, Person]) -> list[tuple[str, str]]:
    without = graph.copy()
    without.remove_node(leaver)
    rest = {k: v for k, v in people.items() if k != leaver}
    return sorted(_connected_pairs(graph, people) - _connected_pairs(without, rest))


def baseline_onboarding(newcomer: int, people: Mapping[int, Person], graph: nx.Graph) -> int:
    """Only the week-4 kind (another function and region), ranked by exact reach over every candidate."""
    me = people[newcomer]
    pool = [p.id for p in people.values() if p.function != me.function and p.region != me.region
            and p.manager_id != me.manager_id and p.id != me.manager_id]
    return max(pool, key=lambda c: (len(nx.single_source_shortest_path_length(graph, c, cutoff=2)), -c))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 people instead of 100,000")
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--samples", type=int, default=5, help="leavers and newcomers drawn")
    args = parser.parse_args()
    n = args.people or (10_000 if args.quick else 100_000)
    start = time.perf_counter()
    people, graph = synthetic_org(n, seed=7)
    built = time.perf_counter() - start
    print(f"organisation: {n:,} people, {graph.number_of_edges():,} ties (built in {built:.1f} s)")
    rng = random.Random(7)
    sample = rng.sample(sorted(people), args.samples)
    rows = []

    ours = base = 0.0
    for leaver in sample:
        t_ours, ties = timed(lambda leaver=leaver: at_risk_ties(graph, leaver, people), 1)
        t_base, expected = timed(lambda leaver=leaver: baseline_at_risk(graph, leaver, people), 1)
        assert sorted(t.contact for t in ties) == expected
        ours, base = ours + t_ours, base + t_base
    rows.append(("at_risk_ties, per leaver", ours / len(sample), base / len(sample)))

    ours = base = 0.0
    for leaver in sample[:2]:
        t_ours, pairs = timed(lambda leaver=leaver: groups_bridged_alone(graph, leaver, people), 1)
        t_base, expected = timed(lambda leaver=leaver: baseline_bridged(graph, leaver, people), 1)
        assert pairs == expected, (pairs, expected)
        ours, base = ours + t_ours, base + t_base
    rows.append(("groups_bridged_alone, per leaver", ours / 2, base / 2))

    # The worst case: a pair of groups only the leaver connects, so no early exit (one full pass).
    lone = max(people) + 1
    leaver = sample[0]
    people[lone] = Person(lone, "Only-through-the-leaver", people[leaver].region, 3)
    graph.add_edge(leaver, lone, weight=1.0)
    t_ours, pairs = timed(lambda: groups_bridged_alone(graph, leaver, people), 1)
    t_base, expected = timed(lambda: baseline_bridged(graph, leaver, people), 1)
    assert pairs == expected and pairs, (pairs, expected)
    rows.append(("groups_bridged_alone, a pair only they link", t_ours, t_base))
    graph.remove_node(lone)
    del people[lone]

    ours = base = 0.0
    for newcomer in sample[:2]:
        t_ours, _ = timed(lambda newcomer=newcomer: onboarding_plan(newcomer, people, graph), 1)
        t_base, _ = timed(lambda newcomer=newcomer: baseline_onboarding(newcomer, people, graph), 1)
        ours, base = ours + t_ours, base + t_base
    rows.append(("onboarding_plan (4 weeks) vs 1 week exact", ours / 2, base / 2))

    print(f"{'what':<46}{'ours (s)':>10}{'baseline (s)':>14}{'ratio':>10}")
    for what, t_ours, t_base in rows:
        print(f"{what:<46}{t_ours:>10.3f}{t_base:>14.3f}{t_base / t_ours if t_ours else float('inf'):>9.0f}x")
    reach = [two_step_reach(graph, p, people) for p in sample]
    print(f"two-step reach of the sampled people: median {statistics.median(reach):,}")


if __name__ == "__main__":
    main()
