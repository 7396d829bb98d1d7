"""A round's log lines name the round (its period), so an operator can follow one round through the logs."""

from __future__ import annotations

import io
import logging

from bot.use_cases.rounds.making import run_scheduled_round
from tests.rounds.conftest import MONDAY_9, set_round_settings
from tests.support.json_logs import lines_from


def round_lines(stream: io.StringIO) -> list[dict[str, object]]:
    return lines_from(stream, "bot.use_cases.rounds")


def test_a_scheduled_round_names_its_period_on_every_log_line(rounds_on, org, log_lines):
    org.add_many(4)
    round_ = run_scheduled_round(rounds_on, MONDAY_9)
    assert round_ is not None and round_.period == "2026-W49"
    lines = round_lines(log_lines)
    assert any("made and released" in str(line["message"]) for line in lines)
    assert {line["round_id"] for line in lines} == {"2026-W49"}


def test_a_round_skipped_for_want_of_an_approval_names_its_period_too(rounds_on, org, log_lines):
    set_round_settings(rounds_on, approval_required=True)
    org.add_many(2)
    round_ = run_scheduled_round(rounds_on, MONDAY_9)
    assert round_ is not None and round_.status == "skipped"
    lines = round_lines(log_lines)
    assert lines and {line["round_id"] for line in lines} == {round_.period}


def test_once_the_round_is_made_later_lines_name_no_round(rounds_on, org, log_lines):
    org.add_many(2)
    run_scheduled_round(rounds_on, MONDAY_9)
    logging.getLogger("bot.use_cases.rounds.making").info("between rounds")
    assert round_lines(log_lines)[-1] == {**round_lines(log_lines)[-1], "message": "between rounds", "round_id": None}
