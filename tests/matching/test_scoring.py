"""What makes an intro score higher, part by part."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from matching.errors import MatchingError
from matching.people import Person
from matching.roster import build_roster
from matching.scoring import ScoreWeights, score_breakdown, score_pairs, score_parts


def _p(pid: int, function: str = "Eng", region: str = "EMEA", level: int = 3, **kw) -> Person:
    return Person(pid, function, region, level, **kw)


def _total(people: dict[int, Person], a: int, b: int, graph: nx.Graph | None = None) -> float:
    return score_breakdown(people, graph if graph is not None else nx.Graph(), a, b)["total"]


def test_a_moderate_level_gap_beats_the_same_level_and_a_large_gap() -> None:
    people = {1: _p(1, level=3), 2: _p(2, level=3), 3: _p(3, level=5), 4: _p(4, level=7)}
    assert _total(people, 1, 3) > _total(people, 1, 2)
    assert _total(people, 1, 3) > _total(people, 1, 4)


def test_people_who_already_work_together_score_lower_than_strangers() -> None:
    people = {i: _p(i) for i in range(1, 4)}
    graph = nx.Graph([(1, 2)])
    assert _total(people, 1, 3, graph) > _total(people, 1, 2, graph)


def test_more_new_second_degree_contacts_score_higher() -> None:
    people = {i: _p(i) for i in range(1, 40)}
    graph = nx.Graph()
    graph.add_edges_from((2, c) for c in range(10, 30))  # 2 knows many people
    graph.add_edges_from((3, c) for c in range(30, 33))  # 3 knows few
    assert _total(people, 1, 2, graph) > _total(people, 1, 3, graph)


def test_groups_that_rarely_work_together_earn_a_bridging_bonus() -> None:
    people = {1: _p(1, "Eng"), 2: _p(2, "Eng"), 3: _p(3, "Sales"), 4: _p(4, "Sales"), 5: _p(5, "Legal"),
              6: _p(6, "Legal")}
    graph = nx.Graph([(1, 3), (2, 4), (1, 4)])  # Eng and Sales work together; Legal with nobody
    assert score_breakdown(people, graph, 2, 5)["bridging"] > score_breakdown(people, graph, 2, 3)["bridging"]


def test_shared_interests_count_even_among_many_terms() -> None:
    many = frozenset(f"term{k}" for k in range(120))
    people = {1: _p(1, interests=many | {"climbing"}), 2: _p(2, interests=frozenset({"climbing"})),
              3: _p(3, interests=frozenset({"chess"}))}
    assert score_breakdown(people, nx.Graph(), 1, 2)["interests"] > 0
    assert score_breakdown(people, nx.Graph(), 1, 3)["interests"] == 0


def test_a_skill_the_other_wants_to_learn_counts_as_complementary() -> None:
    people = {1: _p(1, skills=frozenset({"python"})), 2: _p(2, interests=frozenset({"python"}))}
    assert score_breakdown(people, nx.Graph(), 1, 2)["complementary"] > 0


def test_someone_who_prefers_other_functions_scores_their_own_function_lower() -> None:
    people = {1: _p(1, prefers_other_function=True), 2: _p(2), 3: _p(3, "Sales", level=4), 4: _p(4, level=4)}
    assert score_breakdown(people, nx.Graph(), 1, 2)["preference"] < 0
    assert score_breakdown(people, nx.Graph(), 1, 3)["preference"] == 0


def test_two_very_well_connected_people_are_penalised_together() -> None:
    people = {i: _p(i) for i in range(1, 31)}
    graph = nx.Graph()
    graph.add_edges_from((1, c) for c in range(3, 20))
    graph.add_edges_from((2, c) for c in range(12, 30))
    assert score_breakdown(people, graph, 1, 2)["hub_pair"] < 0
    assert score_breakdown(people, graph, 1, 25)["hub_pair"] == 0


def test_the_fast_score_is_the_sum_of_the_documented_parts(org_300) -> None:
    people, graph = org_300
    roster = build_roster(people, sorted(people), graph, set())
    members = np.arange(0, 300, 2)
    known, tie = roster.block_graph_terms(members)
    i, j = members[:, None], members[None, :]
    fast = score_pairs(roster, i, j, known, known.T, tie, ScoreWeights())
    parts = score_parts(roster, i, j, known, known.T, tie, ScoreWeights())
    assert np.allclose(fast, sum(parts.values()), atol=1e-5)


def test_a_negative_weight_is_a_configuration_error() -> None:
    with pytest.raises(MatchingError, match="function"):
        ScoreWeights(function=-1.0)
