"""The near-exact matching: valid pairs whatever path it takes, and close to the exact optimum."""

from __future__ import annotations

import numpy as np
import pytest

from matching import maxweight
from matching.maxweight import exact_matching, relaxed_matching


def _random_graph(seed: int, size: int = 120, degree: int = 6) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = np.repeat(np.arange(size), degree)
    b = rng.integers(0, size, size=len(a))
    keep = a != b
    lo, hi = np.minimum(a, b)[keep], np.maximum(a, b)[keep]
    key = np.unique(lo * size + hi)
    hub = rng.random(size) < 0.1  # popular people make the relaxation's odd cycles
    w = rng.random(len(key)) + 2.0 * (hub[key // size] | hub[key % size])
    return key // size, key % size, w


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("limit", [0, 200])
def test_cutting_the_relaxation_s_cycles_gives_a_valid_matching_close_to_the_optimum(
    seed: int, limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(maxweight, "REPAIR_LIMIT", limit)
    a, b, w = _random_graph(seed)
    edges = dict(zip(zip(a.tolist(), b.tolist(), strict=True), w.tolist(), strict=True))
    found = relaxed_matching(120, a, b, w)
    people = [p for pair in found for p in pair]
    assert len(people) == len(set(people))
    assert all(pair in edges for pair in found)
    best = sum(edges[p] for p in exact_matching(120, a, b, w, max_cardinality=False))
    assert sum(edges[p] for p in found) >= 0.97 * best
