"""Groups of 2 to 6 from the engine's pairs: nobody alone, nobody twice, nobody lost (property tests)."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

import matching.groups_of as groups_of_module
from matching.errors import MatchingError
from matching.groups_of import cross_repair, group_sizes, groups_of, partition_by, same_value_pairs, seat_groups

sizes = st.integers(min_value=2, max_value=6)


def test_the_examples_in_the_docstrings_hold():
    assert doctest.testmod(groups_of_module).failed == 0


@given(st.integers(min_value=0, max_value=500), sizes)
def test_group_sizes_leave_nobody_alone_and_spread_the_remainder(n, size):
    split = group_sizes(n, size)
    assert sum(split) == (n if n >= 2 else 0)
    assert all(s >= 2 for s in split)
    assert all(s <= max(size, 3) for s in split)
    assert not split or max(split) - min(split) <= 1


@given(st.integers(min_value=0, max_value=300), sizes)
def test_groups_of_keep_everyone_exactly_once(n_pairs, size):
    units = [(2 * k, 2 * k + 1) for k in range(n_pairs)]
    groups = groups_of(units, size)
    members = [pid for g in groups for pid in g]
    assert sorted(members) == list(range(2 * n_pairs))
    assert all(len(g) >= 2 for g in groups)
    assert [len(g) for g in groups] == group_sizes(2 * n_pairs, size)


def test_groups_of_four_with_a_remainder_make_threes_not_a_lonely_person():
    units = [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12), (13, 14)]
    assert [len(g) for g in groups_of(units, 4)] == [4, 4, 3, 3]


def test_a_size_outside_two_to_six_is_refused():
    with pytest.raises(MatchingError, match="between 2 and 6"):
        group_sizes(10, 7)
    with pytest.raises(MatchingError, match="between 2 and 6"):
        groups_of([(1, 2)], 1)


@given(st.lists(st.sampled_from(["a", "b", "c", ""]), min_size=2, max_size=60).filter(lambda v: len(v) % 2 == 0))
def test_cross_repair_never_makes_more_same_value_pairs_and_keeps_everyone(values):
    value_of = dict(enumerate(values))
    pairs = [(2 * k, 2 * k + 1) for k in range(len(values) // 2)]
    repaired = cross_repair(pairs, value_of)
    assert sorted(p for pair in repaired for p in pair) == list(range(len(values)))
    assert same_value_pairs(repaired, value_of) <= same_value_pairs(pairs, value_of)


def test_cross_repair_crosses_two_same_function_pairs():
    value_of = {1: "Sales", 2: "Sales", 3: "IT", 4: "IT"}
    assert same_value_pairs(cross_repair([(1, 2), (3, 4)], value_of), value_of) == 0


def test_unknown_values_are_their_own_part_and_never_count_as_the_same():
    assert partition_by([1, 2, 3], {1: "", 2: None, 3: "x"}) == {"": [1, 2], "x": [3]}
    assert same_value_pairs([(1, 2)], {1: "", 2: ""}) == 0


@given(st.integers(min_value=0, max_value=8), st.integers(min_value=0, max_value=30), sizes)
def test_seat_groups_put_one_first_seat_person_with_others_and_lose_nobody(n_first, n_others, size):
    first = list(range(n_first))
    others = list(range(100, 100 + n_others))
    groups, left = seat_groups(first, others, size, lambda f, o: float((f * 7 + o) % 5))
    for g in groups:
        assert g[0] in first and all(o in others for o in g[1:]) and 2 <= len(g) <= size
    assert sorted([p for g in groups for p in g] + left) == sorted(first + others)
