import doctest
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

import matching.deadlines
from matching.deadlines import add_working_days

NEW_YORK = ZoneInfo("America/New_York")


def test_the_examples_in_the_docstring_run():
    assert doctest.testmod(matching.deadlines).failed == 0


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-11-23T10:00", 3, "2026-11-26T10:00"),  # Monday → Thursday
        ("2026-11-26T10:00", 3, "2026-12-01T10:00"),  # Thursday → Tuesday, over the weekend
        ("2026-11-27T17:00", 1, "2026-11-30T17:00"),  # Friday → Monday
        ("2026-11-29T12:00", 1, "2026-12-01T00:00"),  # Sunday: Monday is the first whole day
    ],
)
def test_working_days_skip_saturday_and_sunday(start, days, expected):
    got = add_working_days(datetime.fromisoformat(start).replace(tzinfo=NEW_YORK), days, NEW_YORK)
    assert got.replace(tzinfo=None).isoformat(timespec="minutes") == expected


def test_the_local_time_is_kept_across_a_daylight_saving_change():
    # New York leaves summer time on Sunday 1 November 2026.
    start = datetime(2026, 10, 30, 13, 0, tzinfo=UTC)  # Friday 09:00 EDT
    got = add_working_days(start, 1, NEW_YORK)
    assert (got.hour, got.astimezone(UTC).hour) == (9, 14)


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError, match="naive"):
        add_working_days(datetime(2026, 11, 23), 1, NEW_YORK)
