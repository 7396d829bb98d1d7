"""Benchmark of intro rounds: quality against the exact optimum, speed at scale, and silos broken.

Run ``python -m bench.matching`` (n = 200, 1,000, 2,000 against networkx's exact
matching; whole rounds for 10,000 and 100,000 people) or ``--quick`` (200 and 500;
a whole round for 5,000). Every figure is measured in this run:

1. For each small n, the round's first-pass candidate graph is built as ``make_round``
   builds it (same seed, same blocks, before the refining passes). The engine's
   matching solver on it is compared with networkx's exact ``max_weight_matching`` on
   the same graph and weights (and rustworkx's port of the same algorithm is timed
   too). This measures the solver, not the pruning: ``python -m bench.quality``
   compares whole rounds with the exact optimum over every allowed pair.
2. For each large n, a whole round (``make_round``) runs in a fresh process; its time
   and the process's peak resident memory are reported, next to the memory the
   organisation and its graph took before the round.
3. For every n, the round is compared with random pairing that only avoids repeats
   (what paid pairing apps do): share of pairs across functions and across regions,
   and new second-degree contacts per intro (people who were not within two hops of
   a person and now are, counted exactly on a sample of up to 2,000 intros).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date

import networkx as nx
import numpy as np
import rustworkx as rx
import scipy.sparse as sp

from matching.maxweight import relaxation_bound, relaxed_matching
from matching.pairing import PAIR_BONUS, block_candidates, matching_weight, split_blocks
from matching.people import History, Person
from matching.roster import Roster, build_roster
from matching.rounds import RoundConfig, make_round
from matching.synthetic import synthetic_org

DAY = date(2026, 11, 23)
SEED = 1


def candidate_graph(roster: Roster, config: RoundConfig, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first-pass candidate graph of a round, built as ``make_round`` builds it."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(roster.n)
    us, vs, ws = [], [], []
    for members in split_blocks(order, config.block_size):
        a, b, score = block_candidates(roster, members, config.weights, config.min_overlap_hours,
                                       config.max_level_gap, config.candidates_per_person,
                                       config.exploration_per_person, rng)
        no = np.zeros(len(a), dtype=bool)
        us.append(np.minimum(members[a], members[b]))
        vs.append(np.maximum(members[a], members[b]))
        ws.append(matching_weight(score, no, no, config.priority_bonus))
    return np.concatenate(us), np.concatenate(vs), np.concatenate(ws)


def quality_row(n: int) -> dict[str, float]:
    """Engine vs networkx exact (and rustworkx exact) on the same candidate graph."""
    people, graph = synthetic_org(n, seed=SEED)
    config = RoundConfig()
    roster = build_roster(people, sorted(people), graph, set(), config.hub_share)
    a, b, w = candidate_graph(roster, config, SEED)
    weight = {(int(x), int(y)): float(v) for x, y, v in zip(a, b, w, strict=True)}

    start = time.perf_counter()
    ours = relaxed_matching(roster.n, a, b, w)
    t_ours = time.perf_counter() - start

    g = nx.Graph()
    g.add_weighted_edges_from(weight_edge for weight_edge in zip(a.tolist(), b.tolist(), w.tolist(), strict=True))
    start = time.perf_counter()
    exact = nx.max_weight_matching(g)
    t_nx = time.perf_counter() - start

    rg = rx.PyGraph()
    rg.add_nodes_from(range(roster.n))
    rg.add_edges_from(list(zip(a.tolist(), b.tolist(), np.rint(w * 10_000).astype(np.int64).tolist(), strict=True)))
    start = time.perf_counter()
    rx.max_weight_matching(rg, weight_fn=int)
    t_rx = time.perf_counter() - start

    def total(pairs: object, shift: float = 0.0) -> float:
        return sum(weight[(min(x, y), max(x, y))] - shift for x, y in pairs)  # type: ignore[attr-defined]

    return {"n": n, "edges": len(a), "share": total(ours) / total(exact),
            "score_share": total(ours, PAIR_BONUS) / total(exact, PAIR_BONUS),
            "bound_share": total(ours) / relaxation_bound(roster.n, a, b, w),
            "pairs": len(ours), "exact_pairs": len(exact), "t_ours": t_ours, "t_nx": t_nx, "t_rx": t_rx}


def random_pairs(participants: list[int], seed: int) -> list[tuple[int, int]]:
    """Random pairing that only avoids repeats (there is no history here, so: random)."""
    order = np.random.default_rng(seed).permutation(participants)
    return [(int(order[k]), int(order[k + 1])) for k in range(0, len(order) - 1, 2)]


def silo_figures(people: dict[int, Person], graph: nx.Graph, pairs: list[tuple[int, int]],
                 sample: int = 2000) -> dict[str, float]:
    """Cross-function and cross-region shares, and exact new second-degree contacts per intro."""
    cross_f = float(np.mean([people[x].function != people[y].function for x, y in pairs]))
    cross_r = float(np.mean([people[x].region != people[y].region for x, y in pairs]))
    nodes = list(graph.nodes)
    pos = {v: k for k, v in enumerate(nodes)}
    adj = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr").astype(np.float32)
    picked = np.random.default_rng(0).permutation(len(pairs))[:sample]
    xs = np.array([pos[pairs[k][0]] for k in picked])
    ys = np.array([pos[pairs[k][1]] for k in picked])
    function = np.array([people[v].function if v in people else "" for v in nodes])
    new = new_elsewhere = 0.0
    for me, other in ((xs, ys), (ys, xs)):
        rows = adj[me]
        closed = rows + rows @ adj + sp.csr_array((np.ones(len(me)), (np.arange(len(me)), me)), shape=rows.shape)
        closed.data[:] = 1.0
        fresh = (adj[other] - adj[other].multiply(closed)).tocoo()
        fresh.eliminate_zeros()
        new += float(fresh.nnz)
        new_elsewhere += float((function[fresh.col] != function[me[fresh.row]]).sum())
    return {"cross_function": cross_f, "cross_region": cross_r, "new_second_degree": new / len(picked),
            "new_elsewhere": new_elsewhere / len(picked)}


def round_figures(n: int, ties: float) -> dict[str, float]:
    """A whole round for n people in this process: time, peak memory, silo figures."""
    people, graph = synthetic_org(n, seed=SEED, ties_per_person=ties)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = make_round(people, people, graph, History(), DAY, seed=SEED)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pairs = [(g.members[0], g.members[1]) for g in result.groups]
    roster = build_roster(people, sorted(people), graph, set())
    a, b, w = candidate_graph(roster, RoundConfig(), SEED)
    found = relaxed_matching(roster.n, a, b, w)
    weight = dict(zip(zip(a.tolist(), b.tolist(), strict=True), w.tolist(), strict=True))
    bound_share = sum(weight[p] for p in found) / relaxation_bound(roster.n, a, b, w)
    ours = silo_figures(people, graph, pairs)
    rand = silo_figures(people, graph, random_pairs(sorted(people), SEED))
    return {"n": n, "ties": graph.number_of_edges(), "seconds": elapsed, "cpu_seconds": cpu,
            "rss_before_mb": rss_before,
            "rss_peak_mb": rss_peak, "left_out": len(result.left_out), "bound_share": bound_share,
            "ours": ours, "random": rand}  # type: ignore[dict-item]


def round_in_fresh_process(n: int, ties: float) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-m", "bench.matching", "--one-round", str(n), "--ties", str(ties)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only")
    parser.add_argument("--one-round", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--ties", type=float, default=20.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_round:
        print(json.dumps(round_figures(args.one_round, args.ties)))
        return

    small = [200, 500] if args.quick else [200, 1000, 2000]
    large = [5000] if args.quick else [10_000, 100_000]
    print("1. Matching on the round's candidate graph: engine vs exact maximum-weight matching")
    print(f"{'n':>7} {'edges':>7} {'engine/exact':>13} {'(scores only)':>14} {'engine/bound':>13}"
          f" {'engine s':>9} {'networkx s':>11} {'speed-up':>9} {'rustworkx s':>12}")
    for n in small:
        q = quality_row(n)
        print(f"{n:>7,} {q['edges']:>7,} {q['share']:>12.3%} {q['score_share']:>14.3%} {q['bound_share']:>12.3%}"
              f" {q['t_ours']:>9.3f} {q['t_nx']:>11.2f} {q['t_nx'] / q['t_ours']:>8.0f}x {q['t_rx']:>12.3f}",
              flush=True)

    print("\n2. A whole round (make_round), each size in a fresh process")
    print(f"{'n':>7} {'ties':>10} {'seconds':>8} {'CPU s':>6} {'peak RSS MB':>12} {'org+graph MB':>13}"
          f" {'left out':>9} {'engine/bound':>13}")
    rows = []
    for n in large:
        r = round_in_fresh_process(n, args.ties)
        rows.append(r)
        print(f"{n:>7,} {r['ties']:>10,} {r['seconds']:>8.1f} {r['cpu_seconds']:>6.1f} {r['rss_peak_mb']:>12,.0f}"
              f" {r['rss_before_mb']:>13,.0f} {r['left_out']:>9} {r['bound_share']:>12.3%}", flush=True)

    print("\n3. Against random pairing that only avoids repeats (what paid apps do)")
    print(f"{'n':>7} {'':>8} {'cross-function':>15} {'cross-region':>13} {'new 2nd-degree/intro':>21}"
          f" {'of which in other functions':>28}")
    for n in small:
        people, graph = synthetic_org(n, seed=SEED)
        result = make_round(people, people, graph, History(), DAY, seed=SEED)
        rows.append({"n": n, "ours": silo_figures(people, graph, [g.members[:2] for g in result.groups]),
                     "random": silo_figures(people, graph, random_pairs(sorted(people), SEED))})
    for r in sorted(rows, key=lambda r: r["n"]):
        for label in ("ours", "random"):
            f = r[label]
            name = "engine" if label == "ours" else "random"
            print(f"{r['n']:>7,} {name:>8} {f['cross_function']:>15.1%} {f['cross_region']:>13.1%}"
                  f" {f['new_second_degree']:>21.1f} {f['new_elsewhere']:>28.1f}")


if __name__ == "__main__":
    main()
