"""The delivery plan: intros spread under Slack's rate limit, within working days where the limit allows."""

import numpy as np
import pytest

from matching.errors import InvalidConfigError
from matching.send_plan import plan_sends

HOUR = 3600.0


def zones_of_a_round(seed, intros, offsets=(-8, -5, 0, 1, 2, 5.5, 8, 10)):
    """Each intro's 09:00 and 17:00 (seconds since a UTC midnight) for members in one of ``offsets``."""
    rng = np.random.default_rng(seed)
    offset = rng.choice(offsets, size=intros)
    earliest = (9 - offset) * HOUR
    return earliest, earliest + 8 * HOUR


def test_sends_are_never_closer_than_the_gap_nor_before_their_time():
    earliest, latest = zones_of_a_round(1, 5_000)

    plan = plan_sends(earliest, latest, gap=1.2)

    assert np.all(plan.at >= earliest)
    assert np.min(np.diff(np.sort(plan.at))) >= 1.2 - 1e-9


def test_a_round_the_limit_can_carry_arrives_within_everyones_working_day():
    earliest, latest = zones_of_a_round(2, 3_000)  # 3,000 x 1.2 s = 1 hour of sending in 8-hour days

    plan = plan_sends(earliest, latest, gap=1.2)

    assert plan.late == 0 and np.all(plan.at <= latest)


def test_when_the_limit_cannot_carry_the_round_the_zones_whose_day_ends_first_go_first():
    earliest = np.zeros(4)
    latest = np.array([8, 2, 8, 1]) * HOUR

    plan = plan_sends(earliest, latest, gap=HOUR)

    assert plan.at.tolist() == [2 * HOUR, HOUR, 3 * HOUR, 0.0]
    assert plan.late == 0 and plan.last == 3 * HOUR


def test_an_overfull_round_says_how_many_are_late_and_when_the_last_goes():
    earliest, latest = zones_of_a_round(3, 50_000, offsets=(0, 1, 2))  # 17 hours of sending in 10 hours of days

    plan = plan_sends(earliest, latest, gap=1.2)

    assert 20_000 < plan.late < 50_000
    assert plan.last >= earliest.min() + 49_999 * 1.2 - 1e-3  # sending without a pause from the first
    assert plan.last == pytest.approx(np.max(plan.at))


def test_nothing_to_send_is_an_empty_plan_and_a_bad_gap_is_refused():
    assert plan_sends([], [], gap=1.2).late == 0
    with pytest.raises(InvalidConfigError):
        plan_sends([0.0], [1.0], gap=0)
    with pytest.raises(InvalidConfigError):
        plan_sends([0.0], [], gap=1.2)
