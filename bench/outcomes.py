"""Outcome benchmark: what six weekly rounds of intros do to a network with community structure.

Run ``python -m bench.outcomes`` (1,000, 10,000 and 100,000 people) or ``--quick``
(1,000 and 10,000). For each size an organisation with departments and a
heavy-tailed number of contacts is drawn (:func:`bench.networks.community_org`);
then six weekly rounds are simulated three ways, each round's intros fed back as
ties and into the repeat window:

- ``engine``: :func:`matching.rounds.make_round` with its defaults;
- ``random``: random pairing under the same hard rules (random pair weights on
  random allowed candidates, matched the same way);
- ``reference``: per round, a maximum-weight matching over every allowed pair, the
  weight being the exact number of new second-degree contacts the pair brings each
  other plus a cross-silo bonus (a quarter of the mean of that number): exact
  (rustworkx's blossom algorithm) up to 2,500 people; beyond, near-exact: the engine's
  solver on that pure-novelty score with 40 candidates a person (skipped at 100,000).

Reported, after six rounds and against the network before them: new second-degree
contacts per person (people within two hops now and not before; the mean, and the
mean over the quarter of people who had the lowest reach before), share of intros
across functions, rise of the E-I index and drop of the modularity of the
function x region partition. Ratios are against random pairing in the same run.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from datetime import date, timedelta

import networkx as nx
import numpy as np
import scipy.sparse as sp

from bench.networks import community_org
from matching.maxweight import exact_matching, relaxed_matching
from matching.pairing import sparsify, split_blocks
from matching.people import History, PastIntro, Person
from matching.roster import build_roster
from matching.rounds import RoundConfig, make_round
from matching.rules import allowed_pairs, ineligibility, pair_key, recent_pairs
from matching.scoring import ScoreWeights

FIRST_DAY = date(2026, 11, 23)
ROUNDS = 6
EXACT_UP_TO = 2500
REFERENCE_CANDIDATES = 40
SAMPLE = 5000


def adjacency(graph: nx.Graph, n: int) -> sp.csr_array:
    """Boolean-valued float32 adjacency of people ``0..n-1``."""
    edges = np.array(list(graph.edges()), dtype=np.int64).reshape(-1, 2)
    a = sp.csr_array((np.ones(2 * len(edges), dtype=np.float32),
                      (np.r_[edges[:, 0], edges[:, 1]], np.r_[edges[:, 1], edges[:, 0]])), shape=(n, n))
    a.sum_duplicates()
    a.data[:] = 1.0
    return a


def two_hop(adj: sp.csr_array, rows: np.ndarray) -> sp.csr_array:
    """Rows of the within-two-hops relation (self excluded), as a 0/1 matrix."""
    r = adj[rows]
    c = (r + r @ adj).tocsr()
    c.data[:] = 1.0
    c = c - sp.csr_array((np.ones(len(rows), dtype=np.float32), (np.arange(len(rows)), rows)), shape=c.shape)
    c.eliminate_zeros()
    c.data[:] = 1.0
    return c


def _forbidden(people: dict[int, Person], ids: list[int], history: History, on: date,
               config: RoundConfig) -> set[tuple[int, int]]:
    forbidden = recent_pairs(history, on, config.repeat_window_weeks)
    for pid in ids:
        forbidden.update(pair_key(pid, o) for o in people[pid].do_not_match)
    return forbidden


def random_round(people: dict[int, Person], ids: list[int], graph: nx.Graph, history: History, on: date,
                 config: RoundConfig, seed: int) -> list[tuple[int, ...]]:
    """Random pairing under the engine's hard rules."""
    rng = np.random.default_rng(seed)
    r = build_roster(people, ids, graph, _forbidden(people, ids, history, on, config))
    mate = np.full(r.n, -1)
    for pool in (np.arange(r.n), None):
        pool = rng.permutation(r.n) if pool is not None else rng.permutation(np.flatnonzero(mate < 0))
        for block in split_blocks(pool, config.block_size):
            block = block[mate[block] < 0]
            if len(block) < 2:
                continue
            ok = allowed_pairs(r, block[:, None], block[None, :], config.min_overlap_hours, config.max_level_gap)
            noise = rng.random((len(block), len(block)))
            noise = noise + noise.T
            a, b = sparsify(noise, ok, 8, 2, rng)
            for x, y in relaxed_matching(len(block), a, b, noise[a, b] + 2.0):
                mate[block[x]], mate[block[y]] = block[y], block[x]
    return [(int(r.ids[x]), int(r.ids[mate[x]])) for x in range(r.n) if mate[x] > x]


#: Beyond ``EXACT_UP_TO`` people, the reference is the engine's solver on a pure-novelty score:
#: new second-degree contacts, uncapped, plus a cross-function bonus of a quarter of a typical
#: pair; 40 candidates a person and two refining passes. At 1,000 people it gave 188.1 new
#: contacts per person (lowest quarter 226.2) where the exact reference gave 188.7 (226.3).
REFERENCE_CONFIG = RoundConfig(
    candidates_per_person=REFERENCE_CANDIDATES, refine_passes=2,
    weights=ScoreWeights(function=0.25, region=0.0, level=0.0, team=0.0, no_tie=0.0, second_degree=1.0,
                         second_degree_cap=1000.0, low_reach=0.0, bridging=0.0, interests=0.0,
                         complementary=0.0, preference=0.0, hub_pair=0.0),
)


def reference_round(people: dict[int, Person], ids: list[int], graph: nx.Graph, history: History, on: date,
                    config: RoundConfig) -> list[tuple[int, ...]]:
    """Maximum-weight matching on exact new second-degree contacts plus a cross-silo bonus.

    Exact over every allowed pair up to ``EXACT_UP_TO`` people; beyond, near-exact
    (:data:`REFERENCE_CONFIG`).
    """
    if len(ids) > EXACT_UP_TO:
        return engine_round(people, ids, graph, history, on, REFERENCE_CONFIG, seed=0)
    r = build_roster(people, ids, graph, _forbidden(people, ids, history, on, config))
    rows = r.node_row
    a_rows = r.adjacency[rows]
    c2 = r.two_hop(rows)  # n x N, each person included in their own row
    degree = np.asarray(a_rows.sum(axis=1)).ravel()
    within = c2[:, rows].toarray()  # j within two hops of i (or i itself)
    known = (c2 @ a_rows.T).toarray()  # contacts of j already within two hops of i (or i)
    gain = degree[None, :] - known + (1.0 - within)  # new to i: j's contacts, and j
    gain = gain + gain.T
    every = np.arange(r.n)
    ok = allowed_pairs(r, every[:, None], every[None, :], config.min_overlap_hours, config.max_level_gap)
    bonus = 0.25 * float(gain[ok].mean()) if ok.any() else 0.0
    weight = gain + bonus * (r.group[:, None] != r.group[None, :])
    i, j = np.nonzero(np.triu(ok, 1))
    found = exact_matching(r.n, i, j, np.maximum(weight[i, j], 0.0) + 1.0)
    return [(int(r.ids[x]), int(r.ids[y])) for x, y in found]


def engine_round(people: dict[int, Person], ids: list[int], graph: nx.Graph, history: History, on: date,
                 config: RoundConfig, seed: int) -> list[tuple[int, ...]]:
    return [g.members for g in make_round(people, ids, graph, history, on, config, seed).groups]


def partition_figures(adj: sp.csr_array, group: np.ndarray) -> tuple[float, float]:
    """E-I index and modularity of a partition."""
    coo = sp.triu(adj, k=1).tocoo()
    same = group[coo.row] == group[coo.col]
    internal, external = float(same.sum()), float((~same).sum())
    m = internal + external
    degree = np.asarray(adj.sum(axis=1)).ravel()
    by_group = np.bincount(group, weights=degree)
    modularity = internal / m - float(((by_group / (2 * m)) ** 2).sum())
    return (external - internal) / m, modularity


def simulate(method: str, people: dict[int, Person], graph0: nx.Graph, config: RoundConfig,
             seed: int) -> tuple[nx.Graph, list[tuple[int, ...]], float]:
    graph = graph0.copy()
    ids = sorted(p for p in people if ineligibility(people[p], FIRST_DAY) is None)
    history = History()
    intros: list[tuple[int, ...]] = []
    seconds = 0.0
    for week in range(ROUNDS):
        on = FIRST_DAY + timedelta(weeks=week)
        start = time.perf_counter()
        if method == "engine":
            groups = engine_round(people, ids, graph, history, on, config, seed + week)
        elif method == "random":
            groups = random_round(people, ids, graph, history, on, config, seed + week)
        else:
            groups = reference_round(people, ids, graph, history, on, config)
        seconds += time.perf_counter() - start
        intros += groups
        history = History(history.intros + tuple(PastIntro(g, on) for g in groups))
        graph.add_edges_from((g[x], g[y]) for g in groups for x in range(len(g)) for y in range(x + 1, len(g)))
    return graph, intros, seconds / ROUNDS


def outcome(people: dict[int, Person], graph0: nx.Graph, graph: nx.Graph, intros: list[tuple[int, ...]],
            sample: np.ndarray, low: np.ndarray) -> dict[str, float]:
    n = len(people)
    before, after = adjacency(graph0, n), adjacency(graph, n)
    c0, c1 = two_hop(before, sample), two_hop(after, sample)
    new = np.asarray((c1 - c1.multiply(c0)).sum(axis=1)).ravel()
    names = sorted({(p.function, p.region) for p in people.values()})
    index = {k: v for v, k in enumerate(names)}
    group = np.array([index[(people[k].function, people[k].region)] for k in range(n)])
    ei0, q0 = partition_figures(before, group)
    ei1, q1 = partition_figures(after, group)
    pairs = [(g[x], g[y]) for g in intros for x in range(len(g)) for y in range(x + 1, len(g))]
    cross = float(np.mean([people[a].function != people[b].function for a, b in pairs])) if pairs else 0.0
    return {"new": float(new.mean()), "low": float(new[low].mean()), "cross": cross,
            "ei": ei1 - ei0, "modularity": q0 - q1}


def run_size(n: int, with_reference: bool, seed: int = 1) -> dict[str, dict[str, float]]:
    people, graph0 = community_org(n, seed=seed)
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.permutation(n)[: min(n, SAMPLE)])
    reach0 = np.diff(two_hop(adjacency(graph0, n), sample).indptr)
    low = reach0 <= np.quantile(reach0, 0.25)
    out = {}
    methods = ["random", "engine"] + (["reference"] if with_reference else [])
    for method in methods:
        graph, intros, seconds = simulate(method, people, graph0, RoundConfig(), seed)
        out[method] = outcome(people, graph0, graph, intros, sample, low) | {"seconds": seconds}
    return out


#: Engine variants for ``--parts``: the measured effect of each part of the score and of refining.
PARTS = {
    "engine": {},
    "no low_reach": {"low_reach": 0.0},
    "no second_degree": {"second_degree": 0.0},
    "neither novelty part": {"second_degree": 0.0, "low_reach": 0.0},
    "no hub_pair": {"hub_pair": 0.0},
    "no bridging": {"bridging": 0.0},
    "no refining": {"refine_passes": 0},
}


def parts_table(n: int, seed: int = 1) -> None:
    """Six rounds with each part of the score (or the refining) switched off in turn."""
    people, graph0 = community_org(n, seed=seed)
    sample = np.arange(n)
    reach0 = np.diff(two_hop(adjacency(graph0, n), sample).indptr)
    low = reach0 <= np.quantile(reach0, 0.25)
    graph, intros, _ = simulate("random", people, graph0, RoundConfig(), seed)
    base = outcome(people, graph0, graph, intros, sample, low)
    print(f"Effect of each part, {n:,} people, six rounds (ratios against random pairing in this run)")
    print(f"{'variant':>22} {'new 2nd/person':>15} {'x random':>9} {'lowest quarter':>15} {'x random':>9}"
          f" {'cross-function':>15} {'E-I rise':>9}")
    for name, change in PARTS.items():
        change = dict(change)
        passes = change.pop("refine_passes", RoundConfig().refine_passes)
        config = RoundConfig(refine_passes=passes, weights=replace(ScoreWeights(), **change))
        graph, intros, _ = simulate("engine", people, graph0, config, seed)
        f = outcome(people, graph0, graph, intros, sample, low)
        print(f"{name:>22} {f['new']:>15.1f} {f['new'] / base['new']:>8.2f}x {f['low']:>15.1f}"
              f" {f['low'] / base['low']:>8.2f}x {f['cross']:>15.1%} {f['ei']:>9.3f}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 people only")
    parser.add_argument("--sizes", type=int, nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--parts", action="store_true", help="effect of each part of the score, 1,000 people")
    args = parser.parse_args(argv)
    if args.parts:
        parts_table(1000)
        return
    sizes = args.sizes or ([1000, 10_000] if args.quick else [1000, 10_000, 100_000])
    print(f"Six weekly rounds on community-structured organisations ({ROUNDS} rounds, intros fed back as ties)")
    print(f"{'n':>7} {'method':>10} {'new 2nd/person':>15} {'x random':>9} {'lowest quarter':>15} {'x random':>9}"
          f" {'cross-function':>15} {'E-I rise':>9} {'mod. drop':>10} {'s/round':>8}")
    for n in sizes:
        rows = run_size(n, with_reference=n <= 20_000)
        base = rows["random"]
        for method, f in rows.items():
            print(f"{n:>7,} {method:>10} {f['new']:>15.1f} {f['new'] / base['new']:>8.2f}x {f['low']:>15.1f}"
                  f" {f['low'] / base['low']:>8.2f}x {f['cross']:>15.1%} {f['ei']:>9.3f} {f['modularity']:>10.3f}"
                  f" {f['seconds']:>8.1f}", flush=True)
        if "reference" in rows:
            e, ref = rows["engine"], rows["reference"]
            print(f"{'':>7} {'engine/ref':>10} {e['new'] / ref['new']:>15.2f} {'':>9} {e['low'] / ref['low']:>15.2f}",
                  flush=True)


if __name__ == "__main__":
    main()
