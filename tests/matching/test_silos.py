from datetime import date

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.errors import MatchingError
from matching.people import Person
from matching.silos import (
    ORG_WIDE,
    brokers,
    cross_share,
    ei_index,
    group_modularity,
    silo_report,
    tie_density,
)
from tests.matching.small_org import small_graph, small_people


def test_density_by_function_matches_the_hand_count():
    matrix = tie_density(small_graph(), small_people(), "function")
    assert matrix.groups == ("HR", "IT", "Legal", "Sales")
    assert matrix.sizes == (1, 2, 2, 3)
    assert matrix.counts == (
        (0, 1, 0, 0),
        (1, 1, 1, 1),
        (0, 1, 1, 1),
        (0, 1, 1, 2),
    )
    assert matrix.between("Sales", "Sales") == pytest.approx(2 / 3)
    assert matrix.between("Sales", "IT") == pytest.approx(1 / 6)
    assert matrix.between("IT", "Legal") == pytest.approx(1 / 4)
    assert matrix.between("HR", "IT") == pytest.approx(1 / 2)
    assert matrix.between("HR", "HR") == 0.0  # one person: no pair possible


def test_density_by_region_counts_people_without_ties_in_the_sizes():
    people = small_people()
    people[9] = Person(9, "HR", "APAC", 1)
    matrix = tie_density(small_graph(), people, "region")
    assert matrix.groups == ("AMER", "APAC", "EMEA")
    assert matrix.sizes == (2, 3, 4)
    # APAC: 5 and 7 tied, 9 alone: one tie out of three possible pairs.
    assert matrix.between("APAC", "APAC") == pytest.approx(1 / 3)


def test_ei_index_by_function_matches_the_hand_count():
    assert ei_index(small_graph(), small_people(), "function") == pytest.approx(
        {"HR": 1.0, "IT": 0.5, "Legal": 1 / 3, "Sales": 0.0, ORG_WIDE: 0.0}
    )


def test_ei_index_earlier_shows_the_silos_before_the_new_ties():
    # By 2026-02-01 only 1-2, 2-3 (Sales), 4-5 (IT), 6-7 (Legal) and 4-8 (IT-HR) existed.
    before = ei_index(small_graph(), small_people(), "function", as_of=date(2026, 2, 1))
    assert before == pytest.approx({"HR": 1.0, "IT": 0.0, "Legal": -1.0, "Sales": -1.0, ORG_WIDE: -0.6})


def test_grouping_can_be_any_function_of_a_person():
    by_seniority = ei_index(small_graph(), small_people(), lambda p: "senior" if p.level >= 4 else "junior")
    assert set(by_seniority) == {"junior", "senior", ORG_WIDE}


def test_an_unknown_attribute_is_refused_with_its_name():
    with pytest.raises(MatchingError, match="'department'"):
        tie_density(small_graph(), small_people(), "department")


def test_modularity_equals_networkx_on_the_small_organisation():
    people = small_people()
    functions = {}
    for p in people.values():
        functions.setdefault(p.function, set()).add(p.id)
    expected = nx.community.modularity(small_graph(), functions.values(), weight=None)
    assert group_modularity(small_graph(), people, "function") == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from("ABC"), min_size=2, max_size=20).flatmap(
        lambda labels: st.tuples(
            st.just(labels),
            st.lists(
                st.tuples(st.integers(0, len(labels) - 1), st.integers(0, len(labels) - 1)),
                min_size=1,
                max_size=50,
            ),
        )
    )
)
def test_modularity_equals_networkx_on_random_organisations(case):
    labels, edges = case
    people = {i: Person(i, label, "R", 1) for i, label in enumerate(labels)}
    graph = nx.Graph()
    graph.add_nodes_from(people)
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    if graph.number_of_edges() == 0:
        assert group_modularity(graph, people, "function") == 0.0
        return
    communities = [{i for i, label in enumerate(labels) if label == c} for c in sorted(set(labels))]
    expected = nx.community.modularity(graph, communities, weight=None)
    assert group_modularity(graph, people, "function") == pytest.approx(expected)


def test_the_person_linking_two_groups_alone_is_the_top_broker():
    found = brokers(small_graph(), small_people(), "function", top=3)
    # 4 is the only link from IT to Sales (2-4) and to HR (4-8); 2 and 3 hold one link each.
    assert [(b.person_id, b.group, b.score) for b in found] == [(4, "IT", 2.0), (2, "Sales", 1.0), (3, "Sales", 1.0)]
    assert found[0].sole_links == ("HR", "Sales")
    assert (found[0].groups_reached, found[0].external_ties) == (2, 2)


def test_broker_shares_count_the_ties_each_person_carries():
    people = {i: Person(i, "A" if i <= 3 else "B", "R", 1) for i in range(1, 6)}
    graph = nx.Graph([(1, 4), (1, 5), (2, 4), (1, 2)])
    found = brokers(graph, people, "function")
    assert [b.person_id for b in found] == [1, 4, 2, 5]
    assert found[0].score == pytest.approx(2 / 3)
    assert [(p.other_group, p.ties_carried, p.ties_between) for p in found[0].pairs] == [("B", 2, 3)]
    assert found[2].pairs == ()  # 2 holds a third of the ties: not "most" of them
    assert found[0].sole_links == ()


def test_nobody_is_a_broker_in_an_organisation_of_closed_silos():
    people = {i: Person(i, "A" if i < 2 else "B", "R", 1) for i in range(4)}
    assert brokers(nx.Graph([(0, 1), (2, 3)]), people, "function") == []


def test_metrics_of_an_empty_graph_are_empty():
    people = small_people()
    assert group_modularity(nx.Graph(), people, "function") == 0.0
    assert brokers(nx.Graph(), people, "function") == []
    assert ei_index(nx.Graph(), people, "region")[ORG_WIDE] == 0.0


def test_cross_share_counts_each_pair_of_a_trio():
    people = small_people()
    # 1-2: same function and region. Trio 4, 5, 7: 4-7 and 5-7 cross functions, 4-5 and 4-7 cross regions.
    assert cross_share([(1, 2), (4, 5, 7)], people) == (0.5, 0.5)
    assert cross_share([], people) == (0.0, 0.0)


def test_the_silo_report_gives_the_same_figures_as_each_metric_alone():
    graph, people, when = small_graph(), small_people(), date(2026, 5, 15)
    report = silo_report(graph, people, "region", top=4, as_of=when)
    assert report.density == tie_density(graph, people, "region", as_of=when)
    assert report.ei == ei_index(graph, people, "region", as_of=when)
    assert report.modularity == group_modularity(graph, people, "region", as_of=when)
    assert report.brokers == brokers(graph, people, "region", top=4, as_of=when)
