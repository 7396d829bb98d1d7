"""The synthetic organisation looks like a real one: teams with managers, silos in the graph."""

from __future__ import annotations

from collections import Counter

from matching.synthetic import synthetic_org


def test_the_same_seed_gives_the_same_organisation() -> None:
    a_people, a_graph = synthetic_org(150, seed=4)
    b_people, b_graph = synthetic_org(150, seed=4)
    assert a_people == b_people
    assert sorted(a_graph.edges(data=True)) == sorted(b_graph.edges(data=True))


def test_teams_have_about_eight_people_and_one_manager(org_300) -> None:
    people, _ = org_300
    sizes = Counter(p.team for p in people.values())
    assert max(sizes.values()) <= 8
    assert sum(sizes.values()) / len(sizes) > 5
    for p in people.values():
        if p.manager_id is not None:
            boss = people[p.manager_id]
            assert boss.level > p.level
            assert boss.function == p.function


def test_ties_are_dense_inside_functions_and_sparse_across(org_300) -> None:
    people, graph = org_300
    same = sum(people[a].function == people[b].function for a, b in graph.edges())
    assert same / graph.number_of_edges() > 0.6
    degrees = [d for _, d in graph.degree()]
    assert 15 < sum(degrees) / len(degrees) < 25
    for _, _, data in graph.edges(data=True):
        assert data["weight"] > 0 and data["since"].year >= 2023


def test_an_empty_organisation_is_allowed() -> None:
    people, graph = synthetic_org(0, seed=1)
    assert people == {} and graph.number_of_nodes() == 0
