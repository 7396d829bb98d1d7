"""An intro round as people experience it: who meets whom, why, and who is left out and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import networkx as nx
import numpy as np
import pytest

from matching.errors import MatchingError, UnknownPersonError
from matching.people import History, PastIntro, Person
from matching.roster import build_roster
from matching.rounds import RoundConfig, make_round
from matching.rules import ineligibility, pair_violation, recent_pairs
from matching.scoring import ScoreWeights, score_pairs

DAY = date(2026, 11, 23)


def _person(pid: int, function: str = "Engineering", region: str = "EMEA", **kw) -> Person:
    return Person(pid, function, region, kw.pop("level", 3), **kw)


def _members(result) -> list[tuple[int, ...]]:
    return [g.members for g in result.groups]


def test_an_odd_count_makes_one_trio_instead_of_leaving_someone_out() -> None:
    people = {i: _person(i, function=f) for i, f in enumerate(["Eng", "Sales", "Ops", "Legal", "Data"], 1)}
    result = make_round(people, people, nx.Graph(), History(), DAY)
    assert result.left_out == ()
    assert sorted(len(g.members) for g in result.groups) == [2, 3]


def test_paused_and_not_opted_in_people_are_left_out_with_plain_reasons() -> None:
    people = {1: _person(1), 2: _person(2, "Sales"), 3: _person(3, opted_in=False),
              4: _person(4, paused_until=DAY + timedelta(days=14)), 5: _person(5, paused_until=DAY)}
    result = make_round(people, [1, 2, 3, 4, 5], nx.Graph(), History(), DAY)
    left = {x.person_id: x for x in result.left_out}
    assert left[3].code == "not_opted_in" and "opted in" in left[3].reason
    assert left[4].code == "paused" and (DAY + timedelta(days=14)).isoformat() in left[4].reason
    assert 5 not in left  # a pause that ends today is over


def test_someone_whose_working_day_meets_nobody_elses_is_left_out_for_the_time_zone() -> None:
    people = {1: _person(1), 2: _person(2, "Sales"),
              3: _person(3, "Ops", "APAC", utc_offset_hours=12.0, work_start_hour=9.0, work_end_hour=12.0)}
    result = make_round(people, people, nx.Graph(), History(), DAY)
    assert _members(result) == [(1, 2)]
    assert [(x.person_id, x.code) for x in result.left_out] == [(3, "timezone")]
    assert "2 hours" in result.left_out[0].reason


def test_a_manager_and_their_report_alone_are_left_out_for_want_of_a_valid_partner() -> None:
    people = {1: _person(1, level=5), 2: _person(2, manager_id=1)}
    result = make_round(people, people, nx.Graph(), History(), DAY)
    assert result.groups == ()
    assert {x.code for x in result.left_out} == {"no_valid_partner"}


def test_pairs_never_repeat_within_the_window_but_may_after_it() -> None:
    people = {1: _person(1), 2: _person(2, "Sales"), 3: _person(3, "Eng2", manager_id=1)}
    recent = History(intros=(PastIntro((1, 2), DAY - timedelta(weeks=25)),))
    assert make_round(people, [1, 2], nx.Graph(), recent, DAY).groups == ()
    old = History(intros=(PastIntro((1, 2), DAY - timedelta(weeks=27)),))
    assert _members(make_round(people, [1, 2], nx.Graph(), old, DAY)) == [(1, 2)]


def test_a_do_not_match_list_is_respected_in_both_directions() -> None:
    people = {1: _person(1, do_not_match=frozenset({2})), 2: _person(2, "Sales"), 3: _person(3, "Ops")}
    result = make_round(people, [1, 2], nx.Graph(), History(), DAY)
    assert result.groups == ()
    assert _members(make_round(people, [2, 3], nx.Graph(), History(), DAY)) == [(2, 3)]


def test_someone_left_out_last_round_gets_priority_even_over_a_better_pair() -> None:
    # 1-2 is the better pair (other function and region), but 3 was left out last time.
    people = {1: _person(1), 2: _person(2, "Sales", "Americas", utc_offset_hours=-3.0),
              3: _person(3, team="t", do_not_match=frozenset({2}))}
    plain = make_round(people, people, nx.Graph(), History(), DAY)
    assert _members(plain) == [(1, 2)]
    result = make_round(people, people, nx.Graph(), History(left_out_last_round=frozenset({3})), DAY)
    assert _members(result) == [(1, 3)]


def test_nobody_is_left_out_two_rounds_in_a_row_when_a_partner_exists(org_300) -> None:
    people, graph = org_300
    participants = sorted(people)[:-1]  # an odd count: someone is always in the trio or left out
    history = History()
    config = RoundConfig(max_level_gap=1)  # tighter rules leave more people out
    before: set[int] = set()
    for week in range(4):
        on = DAY + timedelta(weeks=week)
        result = make_round(people, participants, graph, history, on, config, seed=week)
        now = {x.person_id for x in result.left_out}
        for x in result.left_out:
            if x.person_id in before:
                assert x.code in ("timezone", "no_valid_partner"), x
        before = now
        history = History(history.intros + tuple(PastIntro(g.members, on) for g in result.groups),
                          frozenset(now))


def test_intros_cross_functions_and_regions_far_more_than_chance(org_300) -> None:
    people, graph = org_300
    result = make_round(people, people, graph, History(), DAY)
    pairs = [g.members for g in result.groups]
    cross_function = np.mean([people[a].function != people[b].function for a, b, *_ in pairs])
    cross_region = np.mean([people[a].region != people[b].region for a, b, *_ in pairs])
    assert cross_function > 0.95
    assert cross_region > 0.8
    assert not any(graph.has_edge(a, b) for a, b, *_ in pairs)


def test_very_well_connected_people_are_not_paired_with_each_other(org_300) -> None:
    people, graph = org_300
    degree = dict(graph.degree())
    top = set(sorted(degree, key=lambda p: (-degree[p], p))[: len(people) // 10])
    result = make_round(people, people, graph, History(), DAY)
    assert sum(len(top & set(g.members)) >= 2 for g in result.groups) <= 1


def test_very_well_connected_people_are_spread_across_silos_not_sent_into_one(org_300) -> None:
    people, graph = org_300
    degree = dict(graph.degree())
    top = set(sorted(degree, key=lambda p: (-degree[p], p))[: len(people) // 10])
    result = make_round(people, people, graph, History(), DAY)
    partners = [m for g in result.groups for hub in g.members if hub in top for m in g.members if m != hub]
    silos = Counter((people[m].function, people[m].region) for m in partners)
    assert len(silos) >= 10
    assert max(silos.values()) <= 0.2 * len(partners)


def test_reasons_are_plain_sentences_and_never_private(org_300) -> None:
    people, graph = org_300
    result = make_round(people, people, graph, History(), DAY)
    for g in result.groups:
        assert 1 <= len(g.reasons) <= 6
        for sentence in g.reasons:
            assert sentence[0].isupper() and sentence.endswith(".")
            for private in ("level", "prefer", "match me", "left out", "priority", "manager", "score"):
                assert private not in sentence.lower()


def test_the_same_seed_gives_the_same_round_and_another_seed_another(org_300) -> None:
    people, graph = org_300
    a = make_round(people, people, graph, History(), DAY, seed=1)
    assert a == make_round(people, people, graph, History(), DAY, seed=1)
    assert a != make_round(people, people, graph, History(), DAY, seed=2)


def test_group_scores_are_the_pair_scores(org_300) -> None:
    people, graph = org_300
    result = make_round(people, people, graph, History(), DAY)
    ids = sorted(people)
    roster = build_roster(people, ids, graph, set())
    pairs = np.array([g.members for g in result.groups if len(g.members) == 2])
    i, j = np.searchsorted(ids, pairs[:, 0]), np.searchsorted(ids, pairs[:, 1])
    expected = score_pairs(roster, i, j, *roster.graph_terms(i, j), ScoreWeights())
    got = [g.score for g in result.groups if len(g.members) == 2]
    assert np.allclose(got, expected, atol=1e-3)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_total_score_is_close_to_the_exact_optimum_over_all_allowed_pairs(seed: int) -> None:
    from matching.synthetic import synthetic_org

    people, graph = synthetic_org(60, seed=seed)
    ids = sorted(people)
    participants = [p for p in ids if ineligibility(people[p], DAY) is None]
    roster = build_roster(people, participants, graph, set())
    full = nx.Graph()
    for x in range(len(participants)):
        for y in range(x + 1, len(participants)):
            a, b = people[participants[x]], people[participants[y]]
            if pair_violation(a, b, recent_pairs(History(), DAY, 26), 2.0, 4) is None:
                terms = roster.graph_terms(np.array([x]), np.array([y]))
                s = float(score_pairs(roster, np.array([x]), np.array([y]), *terms, ScoreWeights())[0])
                full.add_edge(x, y, weight=s)
    optimum = sum(full[a][b]["weight"] for a, b in nx.max_weight_matching(full, maxcardinality=True))
    result = make_round(people, participants, graph, History(), DAY, seed=seed)
    total = sum(g.score for g in result.groups if len(g.members) == 2)
    trio = [g for g in result.groups if len(g.members) == 3]
    assert total + sum(g.score for g in trio) >= 0.98 * optimum
    exhaustive = replace(RoundConfig(), candidates_per_person=60)
    result = make_round(people, participants, graph, History(), DAY, exhaustive, seed=seed)
    assert sum(g.score for g in result.groups) >= 0.995 * optimum


def test_an_unknown_participant_is_an_error_that_names_them() -> None:
    with pytest.raises(UnknownPersonError, match="42"):
        make_round({1: _person(1)}, [1, 42], nx.Graph(), History(), DAY)
    assert issubclass(UnknownPersonError, MatchingError)


def test_a_negative_repeat_window_is_a_configuration_error() -> None:
    with pytest.raises(MatchingError, match="repeat_window_weeks"):
        RoundConfig(repeat_window_weeks=-1)


def test_people_kept_apart_by_the_level_gap_and_working_hours_are_told_so_not_that_the_count_was_odd() -> None:
    people = {i: _person(i, f, level=1) for i, f in enumerate(["Eng", "Sales", "Ops", "Legal"], 1)}
    people[5] = _person(5, "Data", level=8)
    people[6] = _person(6, "HR", "APAC", level=8, utc_offset_hours=12.0, work_start_hour=9.0, work_end_hour=12.0)
    result = make_round(people, people, nx.Graph(), History(), DAY)
    left = {x.person_id: x for x in result.left_out}
    assert set(left) == {5, 6}
    assert left[5].code == "no_valid_partner"
    assert "more than 4 levels apart" in left[5].reason and "2 hours" in left[5].reason
    assert left[6].code == "timezone"
    assert not any("odd number" in x.reason for x in result.left_out)
    alone = make_round(people, [1, 2, 3, 4, 5], nx.Graph(), History(), DAY).left_out
    assert [(x.person_id, x.code) for x in alone] == [(5, "level_gap")]
    assert "more than 4 levels apart from you" in alone[0].reason


def test_someone_whose_only_free_partners_were_met_recently_is_told_so() -> None:
    people = {i: _person(i, f) for i, f in enumerate(["Eng", "Sales", "Ops", "Legal"], 1)}
    history = History(intros=(PastIntro((1, 2), DAY - timedelta(weeks=2)), PastIntro((1, 3), DAY - timedelta(weeks=3)),
                              PastIntro((1, 4), DAY - timedelta(weeks=4))))
    result = make_round(people, people, nx.Graph(), history, DAY)
    [x] = result.left_out
    assert (x.person_id, x.code) == (1, "repeat")
    assert "met recently" in x.reason


def test_someone_else_s_do_not_match_list_is_never_named_to_the_person_left_out() -> None:
    people = {1: _person(1), 2: _person(2, "Sales", do_not_match=frozenset({1})), 3: _person(3, "Ops", level=8)}
    result = make_round(people, people, nx.Graph(), History(), DAY)
    left = {x.person_id: x for x in result.left_out}
    assert left[1].code == "no_valid_partner"
    assert "list" not in left[1].reason and "more than 4 levels" in left[1].reason


def test_the_last_person_when_no_trio_fits_is_told_the_count_was_odd() -> None:
    people = {1: _person(1), 2: _person(2, "Sales"), 3: _person(3, "Ops")}
    history = History(intros=(PastIntro((1, 2), DAY - timedelta(weeks=1)),))
    [x] = make_round(people, people, nx.Graph(), history, DAY).left_out
    assert x.person_id in (1, 2) and x.code == "odd_count" and "odd number" in x.reason
