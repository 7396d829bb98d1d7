from datetime import date

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.errors import MatchingError
from matching.people import Person
from matching.reach import (
    Reach,
    lowest_reach,
    reach_suggestion,
    second_degree_reach_all,
    team_reach,
    team_reach_history,
)
from tests.matching.small_org import small_graph, small_people

SALES = [1, 2, 3]


def test_team_reach_counts_people_one_and_two_ties_away_outside_the_team():
    reach = team_reach(small_graph(), SALES, small_people())
    assert (reach.team_size, reach.first_degree, reach.second_degree, reach.org_size) == (3, 2, 3, 8)
    assert reach.first_degree_share == pytest.approx(2 / 8)
    assert reach.second_degree_share == pytest.approx(3 / 8)
    assert reach.functions_reached == {"IT": 1, "Legal": 1}
    assert reach.regions_reached == {"AMER": 1, "EMEA": 1}
    assert reach.function_shares() == {"IT": 0.5, "Legal": 0.5}


def test_ties_formed_after_the_date_do_not_count_in_earlier_reach():
    graph, people = small_graph(), small_people()
    in_april = team_reach(graph, SALES, people, as_of=date(2026, 4, 1))
    assert (in_april.first_degree, in_april.second_degree) == (1, 2)
    assert in_april.functions_reached == {"IT": 1}
    last_year = team_reach(graph, SALES, people, as_of=date(2025, 12, 31))
    assert (last_year.first_degree, last_year.second_degree) == (0, 0)


def test_a_tie_dated_on_the_day_itself_counts():
    reach = team_reach(small_graph(), SALES, small_people(), as_of=date(2026, 3, 1))
    assert reach.first_degree == 1


def test_people_who_left_the_organisation_are_not_counted_as_reached():
    people = small_people()
    del people[6]
    reach = team_reach(small_graph(), SALES, people)
    assert (reach.first_degree, reach.second_degree) == (1, 2)


def test_a_team_without_ties_reaches_nobody():
    reach = team_reach(nx.Graph(), [1, 2], small_people())
    assert (reach.first_degree, reach.second_degree, reach.first_degree_share) == (0, 0, 0.0)
    assert reach.function_shares() == {}


def test_suggestion_names_the_region_the_team_has_no_ties_to():
    reach = team_reach(small_graph(), SALES, small_people())
    suggestion = reach_suggestion(reach, small_people())
    assert suggestion is not None and "APAC" in suggestion


def test_suggestion_names_a_missing_function_when_every_region_is_reached():
    people = small_people()
    reach = Reach(
        3,
        3,
        0,
        8,
        {"IT": 2, "Legal": 1},
        {"EMEA": 1, "AMER": 1, "APAC": 1},
        team_functions=frozenset({"Sales"}),
    )
    suggestion = reach_suggestion(reach, people)
    assert suggestion is not None and "HR" in suggestion and "APAC" not in suggestion


def test_suggestion_points_to_a_function_far_below_its_share_of_the_organisation():
    people = {i: Person(i, "A" if i < 50 else "B", "EMEA", 3) for i in range(100)}
    people[100] = Person(100, "C", "EMEA", 3)
    reach = Reach(1, 21, 0, 101, {"A": 20, "B": 1}, {"EMEA": 21}, team_functions=frozenset({"C"}))
    assert reach_suggestion(reach, people) == (
        "B is 50% of the organisation but only 5% of your team's contacts: "
        "an intro round there would balance your network."
    )


def test_no_suggestion_when_the_team_reaches_everywhere_in_proportion():
    people = {i: Person(i, f, "EMEA", 3) for i, f in enumerate(["A", "A", "B", "B"])}
    reach = Reach(1, 3, 0, 4, {"A": 1, "B": 2}, {"EMEA": 3})
    assert reach_suggestion(reach, people) is None


def test_second_degree_reach_of_everyone_matches_the_hand_count():
    assert second_degree_reach_all(small_graph()) == {1: 2, 2: 3, 3: 3, 4: 3, 5: 3, 6: 2, 7: 2, 8: 2}


def test_second_degree_reach_of_everyone_respects_the_date():
    before = second_degree_reach_all(small_graph(), as_of=date(2025, 12, 31))
    # Only 4-5, 6-7 and 4-8 existed: 5 and 8 are two ties apart through 4.
    assert before == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1, 6: 0, 7: 0, 8: 1}


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=25).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60),
        )
    )
)
def test_second_degree_reach_of_everyone_agrees_with_breadth_first_search(case):
    n, edges = case
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    expected = {
        v: sum(1 for d in nx.single_source_shortest_path_length(graph, v, cutoff=2).values() if d == 2) for v in graph
    }
    assert second_degree_reach_all(graph) == expected


@settings(max_examples=60, deadline=None)
@given(st.sets(st.integers(1, 8), min_size=1))
def test_team_reach_agrees_with_breadth_first_search(team):
    graph, people = small_graph(), small_people()
    distance = nx.multi_source_dijkstra_path_length(graph, team, cutoff=2, weight=None)
    reach = team_reach(graph, team, people)
    assert reach.first_degree == sum(1 for d in distance.values() if d == 1)
    assert reach.second_degree == sum(1 for d in distance.values() if d == 2)


def test_lowest_reach_takes_the_bottom_quarter_and_everyone_tied_with_it():
    reach = second_degree_reach_all(small_graph())
    assert lowest_reach(range(1, 9), reach) == {1, 6, 7, 8}
    assert lowest_reach(range(1, 9), {i: i for i in range(1, 9)}) == {1, 2}


def test_lowest_reach_counts_people_missing_from_the_reach_as_zero():
    assert lowest_reach([1, 2, 3, 4], {1: 5, 2: 6, 3: 7}) == {4}


def test_lowest_reach_of_nobody_is_nobody():
    assert lowest_reach([], {}) == set()


def test_lowest_reach_refuses_a_share_outside_zero_to_one():
    with pytest.raises(MatchingError, match="share"):
        lowest_reach([1], {1: 1}, share=1.5)


def test_people_without_ties_at_the_end_and_self_ties_do_not_disturb_the_counts():
    graph = small_graph()
    graph.add_edge(3, 3, since=date(2020, 1, 1))
    graph.add_nodes_from([100, 101])
    expected = {1: 2, 2: 3, 3: 3, 4: 3, 5: 3, 6: 2, 7: 2, 8: 2, 100: 0, 101: 0}
    assert second_degree_reach_all(graph) == expected
    assert second_degree_reach_all(graph, as_of=date(2030, 1, 1)) == expected


def test_reach_history_gives_now_and_earlier_dates_in_one_call():
    when = [None, date(2026, 4, 1), date(2025, 12, 31)]
    history = team_reach_history(small_graph(), SALES, small_people(), when)
    assert [(r.first_degree, r.second_degree) for r in history.values()] == [(2, 3), (1, 2), (0, 0)]
    assert history[None] == team_reach(small_graph(), SALES, small_people())


DAYS = [date(2026, 1, d) for d in range(1, 8)]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11), st.sampled_from(DAYS)), max_size=40),
    st.sets(st.integers(0, 11), min_size=1, max_size=4),
)
def test_reach_history_agrees_with_reach_on_each_date(ties, team):
    people = {i: Person(i, "IT" if i % 2 else "HR", "EMEA" if i % 3 else "APAC", 3) for i in range(10)}
    graph = nx.Graph()  # 10 and 11 are in the graph but no longer in the organisation
    for a, b, since in ties:
        if a != b and not graph.has_edge(a, b):
            graph.add_edge(a, b, since=since)
    dates = [None, *DAYS]
    history = team_reach_history(graph, team, people, dates)
    assert history == {d: team_reach(graph, team, people, as_of=d) for d in dates}
