"""Nudges, reminders and invitations for a large event: slices, each its own transaction, resumed without repeats."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from bot import ticks
from bot.jobs import run_due
from bot.use_cases.events import after, inviting, met, nudges
from bot.use_cases.events.inviting import queue_due_invitations
from tests.events.conftest import click, create_event, outbox_keys
from tests.support.sweeps import Killed, dies_on_call, slices_timed

CREATED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
NUDGE = START - timedelta(hours=48)
DAY_BEFORE = START - timedelta(hours=24)


def nudged(services, event_id) -> Counter:
    return Counter(key.split(":")[3] for key in outbox_keys(services, f"event:{event_id}:nudge:%"))


@pytest.fixture
def big_event(running_app, org, services):
    """11 invited, 4 of whom said they are going: 7 nudges and 4 reminders are due."""
    ids = org.bulk(11)
    with freeze_time(CREATED):
        event_id = create_event(running_app, day="2026-12-03", at="14:00", tz="Europe/Paris")
        queue_due_invitations(services, CREATED)
        for sid in ids[:4]:
            click(running_app, "rsvp_going", event_id, sid)
    return event_id


def test_a_crash_in_the_middle_of_the_nudges_then_a_new_tick_nudges_everyone_else_once(
        services, big_event, monkeypatch):
    monkeypatch.setattr(nudges, "SLICE", 3)
    with monkeypatch.context() as dying:
        dying.setattr(nudges, "enqueue_many", dies_on_call(nudges.enqueue_many, 2))  # in the second slice
        with pytest.raises(Killed):
            nudges.send_due_nudges(services, NUDGE)
    assert sum(nudged(services, big_event).values()) == 3  # the first slice was kept, the second rolled back

    assert nudges.send_due_nudges(services, NUDGE + timedelta(minutes=1)) == 4  # only those left
    assert nudges.send_due_nudges(services, NUDGE + timedelta(minutes=2)) == 0
    counts = nudged(services, big_event)
    assert len(counts) == 7 and set(counts.values()) == {1}


def test_a_sweep_out_of_time_stops_after_a_slice_and_the_next_tick_carries_on(services, big_event, monkeypatch):
    monkeypatch.setattr(nudges, "SLICE", 2)
    assert nudges.send_due_nudges(services, DAY_BEFORE, budget=0) == 2  # one slice of reminders, then out of time
    assert nudges.send_due_nudges(services, DAY_BEFORE + timedelta(minutes=1), budget=0) == 2
    assert nudges.send_due_nudges(services, DAY_BEFORE + timedelta(minutes=2), budget=0) == 2  # then the nudges
    reminded = Counter(k.split(":")[4] for k in outbox_keys(services, f"event:{big_event}:%") if ":day:" in k)
    assert len(reminded) == 4 and set(reminded.values()) == {1}


def test_each_slice_of_the_nudges_is_timed_in_the_metrics(services, big_event, monkeypatch):
    monkeypatch.setattr(nudges, "SLICE", 3)
    before = slices_timed("event_nudges")
    nudges.send_due_nudges(services, NUDGE)
    assert slices_timed("event_nudges") - before == 1 + 3  # no reminder due yet (one look), then nudges by 3, 3 and 1


def test_invitations_out_of_time_stop_after_a_pass_and_the_next_tick_invites_the_rest_once(
        running_app, org, services, monkeypatch):
    org.bulk(11)
    with freeze_time(CREATED):
        event_id = create_event(running_app, day="2026-12-03", at="14:00", tz="Europe/Paris", queue=False)
    monkeypatch.setattr(inviting, "CHUNK", 4)
    assert [queue_due_invitations(services, CREATED, budget=0) for _ in range(4)] == [4, 4, 3, 0]
    invited = Counter(k.split(":")[3] for k in outbox_keys(services, f"event:{event_id}:invite:%"))
    assert len(invited) == 11 and set(invited.values()) == {1}


def test_who_did_you_meet_goes_to_those_going_in_slices_and_a_crash_asks_nobody_twice(
        services, big_event, monkeypatch):
    monkeypatch.setattr(after, "SLICE", 3)
    ended = START + timedelta(minutes=90)
    with monkeypatch.context() as dying:
        dying.setattr(met, "enqueue_many", dies_on_call(met.enqueue_many, 2))  # in the second slice
        with pytest.raises(Killed):
            after.follow_up_ended_events(services, ended)
    asked = Counter(k.split(":")[3] for k in outbox_keys(services, f"event:{big_event}:met:%"))
    assert sum(asked.values()) == 3  # the event is over, the first slice was kept, the second rolled back

    assert after.follow_up_ended_events(services, ended + timedelta(minutes=1)) == 0  # no event ends again
    after.follow_up_ended_events(services, ended + timedelta(minutes=2))
    asked = Counter(k.split(":")[3] for k in outbox_keys(services, f"event:{big_event}:met:%"))
    assert len(asked) == 4 and set(asked.values()) == {1}  # the four going, once each


def test_the_sweeps_of_one_tick_share_its_time_so_a_tick_out_of_time_does_one_slice_and_the_next_goes_on(
        services, big_event, monkeypatch):
    monkeypatch.setattr(nudges, "SLICE", 3)
    monkeypatch.setattr(ticks, "TICK_SECONDS", 0)  # the sweeps before have used the tick up
    done = []
    for minute in range(4):
        with freeze_time(NUDGE + timedelta(minutes=minute)):
            run_due(services, NUDGE + timedelta(minutes=minute))
        done.append(sum(nudged(services, big_event).values()))
    assert done == [3, 6, 7, 7]
