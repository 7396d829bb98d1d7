"""The follow-up sweep at scale: slices of intros, each its own transaction, resumed without asking twice."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from freezegun import freeze_time

from bot.metrics import SWEEP_SLICES, exposition
from bot.use_cases.rounds import follow_ups
from bot.use_cases.rounds.making import run_scheduled_round
from storage.queries import intros as intro_queries
from tests.rounds.conftest import MONDAY_9

FOLLOW_UP = MONDAY_9 + timedelta(days=4, minutes=1)


class Killed(Exception):
    """The process died in the middle of a slice."""


def round_delivered(running_app, org, people):
    org.add_many(people)
    run_scheduled_round(running_app.services, MONDAY_9)
    with freeze_time(MONDAY_9):
        running_app.deliver()


def questions_posted(slack):
    """How many "Did you meet?" DMs each person got."""
    return Counter(p["channel"] for p in slack.posted() if str(p.get("channel", "")).startswith("D"))


def test_a_crash_in_the_middle_of_the_sweep_then_a_new_tick_asks_everyone_exactly_once(
        running_app, rounds_on, org, slack, monkeypatch):
    round_delivered(running_app, org, 12)  # 6 intros, in slices of 2
    monkeypatch.setattr(follow_ups, "SLICE", 2)
    real_mark, marked = intro_queries.mark_followed_up, []

    def dies_in_the_third_slice(session, intro_ids, now):
        marked.append(intro_ids)
        if len(marked) == 3:
            raise Killed("the replica died while writing the third slice")
        real_mark(session, intro_ids, now)

    monkeypatch.setattr(follow_ups, "mark_followed_up", dies_in_the_third_slice)
    with freeze_time(FOLLOW_UP), pytest.raises(Killed):
        follow_ups.ask_in_slices(running_app.services, FOLLOW_UP)
    assert len(org.outbox("intro:")) - 6 == 8  # two slices (4 intros, 8 questions) were kept, the third rolled back

    monkeypatch.setattr(follow_ups, "mark_followed_up", real_mark)
    with freeze_time(FOLLOW_UP + timedelta(minutes=1)):
        asked = follow_ups.ask_in_slices(running_app.services, FOLLOW_UP + timedelta(minutes=1))
        running_app.deliver()

    assert asked == 4  # only the two intros the crash lost
    assert questions_posted(slack) == Counter({f"D{sid}": 1 for sid in org.slack_ids.values()})


def test_a_sweep_out_of_time_stops_after_a_slice_and_the_next_tick_carries_on_without_repeating(
        running_app, rounds_on, org, slack, monkeypatch):
    round_delivered(running_app, org, 10)  # 5 intros, in slices of 2
    monkeypatch.setattr(follow_ups, "SLICE", 2)

    with freeze_time(FOLLOW_UP):
        first = follow_ups.ask_in_slices(running_app.services, FOLLOW_UP, budget=0)
    with freeze_time(FOLLOW_UP + timedelta(minutes=1)):
        rest = follow_ups.ask_in_slices(running_app.services, FOLLOW_UP + timedelta(minutes=1))
        again = follow_ups.ask_in_slices(running_app.services, FOLLOW_UP + timedelta(minutes=2))
        running_app.deliver()

    assert (first, rest, again) == (4, 6, 0)
    assert questions_posted(slack) == Counter({f"D{sid}": 1 for sid in org.slack_ids.values()})


def test_each_slice_of_the_sweep_is_timed_in_the_metrics(running_app, rounds_on, org, slack, monkeypatch):
    round_delivered(running_app, org, 10)
    monkeypatch.setattr(follow_ups, "SLICE", 2)

    def slices_timed():
        return next((s.value for s in SWEEP_SLICES.collect()[0].samples
                     if s.name.endswith("_count") and s.labels["sweep"] == "follow_ups"), 0)

    before = slices_timed()
    with freeze_time(FOLLOW_UP):
        follow_ups.ask_in_slices(running_app.services, FOLLOW_UP)

    assert slices_timed() - before == 3  # 5 intros: slices of 2, 2 and 1
    assert 'cno_sweep_slice_seconds_count{sweep="follow_ups"}' in exposition(running_app.services.uow).decode()
