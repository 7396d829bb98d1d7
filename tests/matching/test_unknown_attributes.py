"""Unknown is unknown: a function, region or level nobody knows fires no rule, neither bonus nor penalty."""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
import pytest

from matching.people import History, Person
from matching.roster import build_roster, describe_organisation
from matching.rounds import make_round
from matching.rules import allowed_pairs, pair_violation
from matching.scoring import ScoreWeights, score_breakdown, score_pairs

DAY = date(2026, 12, 14)


def _p(pid: int, function: str | None = "Eng", region: str | None = "EMEA", level: int | None = 3,
       **kw: object) -> Person:
    return Person(pid, function, region, level, **kw)  # type: ignore[arg-type]  # None: as some callers send


@pytest.mark.parametrize("unknown", ["", None])
def test_two_people_of_unknown_function_are_neither_the_same_nor_different(unknown: str | None) -> None:
    people = {1: _p(1, unknown, prefers_other_function=True), 2: _p(2, unknown), 3: _p(3, "Sales")}
    same_unknown = score_breakdown(people, nx.Graph(), 1, 2)
    one_unknown = score_breakdown(people, nx.Graph(), 1, 3)
    assert same_unknown["function"] == 0.0  # no "cross-function" bonus on ""
    assert one_unknown["function"] == 0.0
    assert same_unknown["preference"] == 0.0  # nor the penalty for meeting one's own function


def test_known_functions_still_score_as_before() -> None:
    people = {1: _p(1, "Eng", prefers_other_function=True), 2: _p(2, "Eng"), 3: _p(3, "Sales")}
    assert score_breakdown(people, nx.Graph(), 1, 3)["function"] == 1.0
    assert score_breakdown(people, nx.Graph(), 1, 2)["preference"] < 0.0


def test_unknown_region_earns_no_region_bonus_and_no_bridging() -> None:
    people = {1: _p(1, "Eng", ""), 2: _p(2, "Sales", "APAC"), 3: _p(3, "Sales", "AMER"), 4: _p(4, "Eng", "EMEA")}
    parts = score_breakdown(people, nx.Graph([(3, 4)]), 1, 2)
    assert parts["region"] == 0.0
    assert parts["bridging"] == 0.0  # the unknown group bridges no silo
    assert score_breakdown(people, nx.Graph([(3, 4)]), 2, 4)["region"] == 0.6


def test_unknown_level_earns_no_level_part_and_breaks_no_level_gap() -> None:
    people = {1: _p(1, level=None), 2: _p(2, level=5), 3: _p(3, level=12)}
    assert score_breakdown(people, nx.Graph(), 1, 2)["level"] == 0.0
    assert score_breakdown(people, nx.Graph(), 2, 3)["level"] == 0.0  # a gap of 7 is beyond the curve anyway
    r = build_roster(people, [1, 2, 3], nx.Graph(), set())
    allowed = allowed_pairs(r, np.array([0, 0, 1]), np.array([1, 2, 2]), 0.0, 4)
    assert allowed.tolist() == [True, True, False]  # only the known gap of 7 is too large
    assert pair_violation(people[1], people[3], set(), 0.0, max_level_gap=4) is None
    assert pair_violation(people[2], people[3], set(), 0.0, max_level_gap=4) == "level_gap"


def test_the_fast_score_and_the_breakdown_agree_with_unknown_values() -> None:
    people = {1: _p(1, "", "", None), 2: _p(2, "Eng", "", 2), 3: _p(3, "", "APAC", 4, prefers_other_region=True),
              4: _p(4, "Sales", "APAC", None), 5: _p(5, "Eng", "EMEA", 3)}
    graph = nx.Graph([(1, 5), (2, 4)])
    r = build_roster(people, [1, 2, 3, 4, 5], graph, set())
    i, j = np.triu_indices(5, 1)
    fast = score_pairs(r, i, j, *r.graph_terms(i, j), ScoreWeights())
    slow = [score_breakdown(people, graph, int(a) + 1, int(b) + 1)["total"] for a, b in zip(i, j, strict=True)]
    assert np.allclose(fast, slow, atol=1e-4)


def test_reasons_never_say_across_functions_or_regions_for_unknown_values() -> None:
    people = {k: _p(k, "" if k % 2 else "Sales", "" if k % 3 else "EMEA") for k in range(1, 13)}
    result = make_round(people, people, nx.Graph(), History(), DAY)
    assert result.groups
    for group in result.groups:
        functions = {people[m].function for m in group.members}
        regions = {people[m].region for m in group.members}
        text = " ".join(group.reasons)
        if "" in functions:
            assert "different functions" not in text
        if "" in regions:
            assert "different regions" not in text


def test_a_shared_organisation_gives_the_same_round_as_building_it_each_time() -> None:
    people = {k: _p(k, ["Eng", "Sales", ""][k % 3], ["EMEA", "APAC"][k % 2], k % 5 or None) for k in range(1, 41)}
    graph = nx.Graph([(k, k + 1) for k in range(1, 40)] + [(k, k + 7) for k in range(1, 30)])
    organisation = describe_organisation(people, graph)
    for part in (range(1, 21), range(15, 41)):
        alone = make_round(people, part, graph, History(), DAY, seed=3)
        shared = make_round(people, part, graph, History(), DAY, seed=3, organisation=organisation)
        assert shared == alone
