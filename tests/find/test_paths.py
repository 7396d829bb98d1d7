"""The path search: never longer than three steps, never through someone who may not be passed, the best there is."""

from __future__ import annotations

import doctest
import itertools
import random

import numpy as np
import pytest

import matching.finding
import matching.paths
import matching.tie_index
from matching.paths import PathError, tie_index, tie_reliability, warm_paths


def random_org(seed: int, n: int = 9, p: float = 0.3):
    rng = random.Random(seed)
    pairs = [(a, b) for a, b in itertools.combinations(range(n), 2) if rng.random() < p]
    rel = {pair: round(rng.uniform(0.05, 1.0), 3) for pair in pairs}
    passable = np.array([rng.random() < 0.7 for _ in range(n)])
    return pairs, rel, passable


def brute_force(n, rel, passable, source, max_hops, how):
    """Every simple path of at most max_hops steps whose inner nodes are passable: the best strength per target."""
    best: dict[int, float] = {}
    neighbours = {i: [] for i in range(n)}
    for (a, b), r in rel.items():
        neighbours[a].append((b, r))
        neighbours[b].append((a, r))

    def walk(node, seen, strength, hops):
        for nxt, r in neighbours[node]:
            if nxt in seen:
                continue
            value = strength * r if how == "reliable" else min(strength, r)
            best[nxt] = max(best.get(nxt, 0.0), value)
            if hops + 1 < max_hops and passable[nxt]:
                walk(nxt, seen | {nxt}, value, hops + 1)

    walk(source, {source}, 1.0, 0)
    best.pop(source, None)
    return best


def build(n, pairs, rel):
    a = np.array([x for x, _ in pairs], dtype=np.int64)
    b = np.array([y for _, y in pairs], dtype=np.int64)
    r = np.array([rel[p] for p in pairs])
    return tie_index(n, a, b, r, np.arange(len(pairs)) + 100)


@pytest.mark.parametrize("how", ["reliable", "widest"])
@pytest.mark.parametrize("max_hops", [1, 2, 3])
def test_the_search_finds_the_best_path_within_the_hop_limit_and_never_passes_through_a_blocked_person(how, max_hops):
    for seed in range(60):
        n = 9
        pairs, rel, passable = random_org(seed, n)
        index = build(n, pairs, rel)
        source = seed % n
        found = warm_paths(index, source, range(n), passable, max_hops=max_hops, how=how)
        expected = brute_force(n, rel, passable, source, max_hops, how)
        assert set(found) == set(expected), seed
        for target, path in found.items():
            assert path.strength == pytest.approx(expected[target]), (seed, target)
            assert path.nodes[0] == source and path.nodes[-1] == target
            assert 1 <= path.steps <= max_hops
            assert len(set(path.nodes)) == len(path.nodes)
            assert all(passable[step] for step in path.nodes[1:-1]), (seed, path)
            ties = [rel[tuple(sorted(pair))] for pair in itertools.pairwise(path.nodes)]
            strength = float(np.prod(ties)) if how == "reliable" else min(ties)
            assert strength == pytest.approx(path.strength)


def test_a_path_is_never_longer_than_three_steps_even_when_a_longer_one_is_stronger():
    # 0-1-2-3-4 all strong; 0-4 weak: a four-step chain is never offered
    index = tie_index(5, np.array([0, 1, 2, 3, 0]), np.array([1, 2, 3, 4, 4]),
                      np.array([1.0, 1.0, 1.0, 1.0, 0.1]), np.array([1, 1, 1, 1, 1]))
    path = warm_paths(index, 0, [4], np.ones(5, dtype=bool))[4]
    assert path.nodes == (0, 4) and path.strength == pytest.approx(0.1)


def test_nobody_is_reached_through_a_person_who_may_not_be_passed():
    index = tie_index(3, np.array([0, 1]), np.array([1, 2]), np.array([0.9, 0.9]), np.array([1, 1]))
    passable = np.array([True, False, True])
    assert warm_paths(index, 0, [1, 2], passable).keys() == {1}


def test_the_path_remembers_its_oldest_contact():
    index = tie_index(3, np.array([0, 1]), np.array([1, 2]), np.array([0.9, 0.9]), np.array([700, 500]))
    assert warm_paths(index, 0, [2], np.ones(3, dtype=bool))[2].oldest_contact == 500


def test_equal_paths_prefer_fewer_steps_and_then_lower_positions():
    # 0-1-3 and 0-2-3 equally strong; 0-3 direct equally strong as well (1.0 everywhere)
    index = tie_index(4, np.array([0, 0, 1, 2, 0]), np.array([1, 2, 3, 3, 3]),
                      np.ones(5), np.ones(5, dtype=np.int64))
    assert warm_paths(index, 0, [3], np.ones(4, dtype=bool))[3].nodes == (0, 3)
    index = tie_index(4, np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), np.ones(4), np.ones(4, dtype=np.int64))
    assert warm_paths(index, 0, [3], np.ones(4, dtype=bool))[3].nodes == (0, 1, 3)


def test_bad_questions_are_refused_with_a_clear_error():
    index = tie_index(2, np.array([0]), np.array([1]), np.array([0.5]), np.array([1]))
    with pytest.raises(PathError, match="source 5"):
        warm_paths(index, 5, [1], np.ones(2, dtype=bool))
    with pytest.raises(PathError, match="max_hops"):
        warm_paths(index, 0, [1], np.ones(2, dtype=bool), max_hops=0)
    with pytest.raises(PathError, match="node positions"):
        tie_index(2, np.array([0]), np.array([2]), np.array([0.5]), np.array([1]))


def test_stronger_and_fresher_ties_are_more_reliable():
    r = tie_reliability(np.array([1, 3, 3]), np.array([0, 0, 730]))
    assert r[1] > r[0] > r[2]


@pytest.mark.parametrize("module", [matching.paths, matching.tie_index, matching.finding])
def test_examples_in_the_docstrings_run(module):
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0
