"""Quality benchmark: a round's total score against the exact optimum over every allowed pair.

Run ``python -m bench.quality`` (n = 500, 1,000, 2,000 and 3,000) or ``--quick``
(500 and 1,000). For each n, on ``synthetic_org(n, seed=1)`` with everyone taking
part, every pair that breaks no hard rule is scored exactly as the engine scores it,
and rustworkx's blossom algorithm finds the maximum-weight matching among those of
maximum cardinality over all of them: the true optimum of the round's problem, not of
the engine's candidates. The engine's round (:func:`matching.rounds.make_round`, its
defaults) is compared with it, and so is the engine without the refining passes
(``refine_passes=0, candidates_per_person=6``: each person's 6 best and 2 random
partners in a random block of 1,000, as on main before issue 16), which shows what the
pruning costs. Both
matchings pair everyone, so the totals compare like for like.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from datetime import date

import numpy as np
import rustworkx as rx

from matching.people import History
from matching.roster import build_roster
from matching.rounds import RoundConfig, make_round
from matching.rules import allowed_pairs
from matching.scoring import score_pairs
from matching.synthetic import synthetic_org

DAY = date(2026, 11, 23)
SEED = 1


def quality_row(n: int) -> dict[str, float]:
    """Exact optimum over all allowed pairs, and the engine's share of it, with and without refining."""
    people, graph = synthetic_org(n, seed=SEED)
    ids = sorted(people)
    config = RoundConfig()
    r = build_roster(people, ids, graph, set(), config.hub_share)
    every = np.arange(r.n)
    i, j = every[:, None], every[None, :]
    ok = allowed_pairs(r, i, j, config.min_overlap_hours, config.max_level_gap)
    known, tie = r.block_graph_terms(every)
    score = score_pairs(r, i, j, known, known.T, tie, config.weights).astype(float)
    a, b = np.nonzero(np.triu(ok, 1))
    g = rx.PyGraph()
    g.add_nodes_from(range(r.n))
    g.add_edges_from(list(zip(a.tolist(), b.tolist(), np.rint(score[a, b] * 10_000).astype(np.int64).tolist(),
                              strict=True)))
    start = time.perf_counter()
    exact = rx.max_weight_matching(g, max_cardinality=True, weight_fn=int)
    t_exact = time.perf_counter() - start
    optimum = sum(score[x, y] for x, y in exact)
    out: dict[str, float] = {"n": n, "pairs": len(a), "t_exact": t_exact, "exact_pairs": len(exact)}
    for label, cfg in (("engine", config), ("unrefined", replace(config, refine_passes=0, candidates_per_person=6))):
        start = time.perf_counter()
        result = make_round(people, ids, graph, History(), DAY, cfg, seed=SEED)
        out[f"t_{label}"] = time.perf_counter() - start
        pairs = [g.members for g in result.groups if len(g.members) == 2]
        total = sum(score[x, y] for x, y in pairs)  # ids are 0..n-1, so they index the matrix
        out[label] = total / optimum
        out[f"{label}_pairs"] = len(pairs)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 and 1,000 people only")
    parser.add_argument("--sizes", type=int, nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = args.sizes or ([500, 1000] if args.quick else [500, 1000, 2000, 3000])
    print("Round total score against the exact optimum over every allowed pair (same score, same hard rules)")
    print(f"{'n':>6} {'allowed pairs':>14} {'exact s':>8} {'engine/exact':>13} {'engine s':>9}"
          f" {'unrefined/exact':>16} {'unrefined s':>12} {'pairs (exact/engine/unref.)':>28}")
    for n in sizes:
        q = quality_row(n)
        print(f"{n:>6,} {q['pairs']:>14,} {q['t_exact']:>8.1f} {q['engine']:>12.3%} {q['t_engine']:>9.2f}"
              f" {q['unrefined']:>15.3%} {q['t_unrefined']:>12.2f}"
              f" {q['exact_pairs']:>12}/{q['engine_pairs']}/{q['unrefined_pairs']}", flush=True)


if __name__ == "__main__":
    main()
