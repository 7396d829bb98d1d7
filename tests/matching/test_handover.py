from datetime import date

import networkx as nx
import pytest

from matching.errors import MatchingError
from matching.handover import at_risk_ties, groups_bridged_alone, team_of
from matching.people import Person
from tests.matching.small_org import small_graph, small_people


def test_a_contact_no_teammate_knows_is_at_risk_and_one_a_teammate_knows_is_not():
    graph, people = small_graph(), small_people()
    graph.add_edge(4, 1, weight=1.0, since=date(2026, 1, 1))
    assert [t.contact for t in at_risk_ties(graph, 3, people)] == [6]
    assert [t.contact for t in at_risk_ties(graph, 2, people)] == []


def test_teammates_themselves_are_never_listed_as_at_risk():
    ties = at_risk_ties(small_graph(), 2, small_people())
    assert [t.contact for t in ties] == [4]
    assert not {t.contact for t in ties} & team_of(2, small_people())


def test_strong_recent_cross_silo_ties_rank_before_weak_old_ones_in_the_same_function():
    people = {
        1: Person(1, "Sales", "EMEA", 3, team="s"),
        2: Person(2, "Sales", "EMEA", 3, team="s"),
        10: Person(10, "Sales", "EMEA", 3),  # same function and region, old, weak
        11: Person(11, "Legal", "AMER", 3),  # other function and region, recent, strong
        12: Person(12, "Legal", "EMEA", 3),  # other function, old
    }
    graph = nx.Graph()
    graph.add_edge(1, 2, weight=1.0, since=date(2020, 1, 1))
    graph.add_edge(1, 10, weight=1.0, since=date(2022, 1, 1), last=date(2022, 1, 1))
    graph.add_edge(1, 11, weight=5.0, since=date(2022, 1, 1), last=date(2026, 5, 1))
    graph.add_edge(1, 12, weight=1.0, since=date(2022, 1, 1), last=date(2022, 1, 1))
    ties = at_risk_ties(graph, 1, people, today=date(2026, 6, 1))
    assert [t.contact for t in ties] == [11, 12, 10]
    assert ties[0].reasons[:2] == ("a strong tie", "in touch recently")
    assert "in AMER, another region" in ties[0].reasons


def test_contacts_who_already_left_are_not_listed():
    graph, people = small_graph(), small_people()
    del people[4]
    assert at_risk_ties(graph, 2, people) == []


def test_a_leaver_not_in_the_organisation_is_an_error_naming_them():
    with pytest.raises(MatchingError, match="42"):
        at_risk_ties(small_graph(), 42, small_people())


def test_the_only_tie_between_two_functions_makes_its_holder_their_bridge():
    assert groups_bridged_alone(small_graph(), 2, small_people()) == [("IT", "Sales")]
    assert groups_bridged_alone(small_graph(), 2, small_people(), key="region") == [("AMER", "EMEA")]


def test_groups_still_connected_through_someone_else_are_not_bridged_alone():
    graph, people = small_graph(), small_people()
    graph.add_edge(1, 5)  # Sales meets IT without person 2
    assert groups_bridged_alone(graph, 2, people) == []


def test_a_broker_between_two_other_groups_is_found():
    people = {
        1: Person(1, "HR", "EMEA", 3),
        2: Person(2, "Legal", "EMEA", 3),
        3: Person(3, "IT", "EMEA", 3),
        4: Person(4, "HR", "EMEA", 3),
    }
    graph = nx.Graph([(1, 2), (1, 3), (1, 4)])
    assert groups_bridged_alone(graph, 1, people) == [("HR", "IT"), ("HR", "Legal"), ("IT", "Legal")]


def test_someone_without_ties_bridges_nothing():
    people = small_people()
    assert groups_bridged_alone(nx.Graph(), 2, people) == []
    assert at_risk_ties(nx.Graph(), 2, people) == []
