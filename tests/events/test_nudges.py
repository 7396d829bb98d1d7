"""Before the event: reminders to those going a day and an hour before, one nudge to those who haven't answered."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

from bot.jobs import run_due
from tests.events.conftest import click, create_event, outbox_keys

CREATED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
START = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)  # Thursday 3 Dec, 14:00 in Paris


def _kinds(services, event_id):
    """Which nudges went to whom: {"day": {...person ids}, "hour": {...}, "nudge": {...}}."""
    found: dict[str, set[int]] = {"day": set(), "hour": set(), "nudge": set()}
    for key in outbox_keys(services, f"event:{event_id}:%"):
        parts = key.split(":")
        if parts[2] == "nudge":
            found["nudge"].add(int(parts[3]))
        elif parts[2].startswith("s") and parts[3] in ("day", "hour"):
            found[parts[3]].add(int(parts[4]))
    return found


def _sweep_at(services, when):
    with freeze_time(when):
        run_due(services, when)


def test_reminders_go_a_day_and_an_hour_before_only_to_those_going(running_app, org, services, slack):
    going = org.add("U1", timezone="America/New_York")
    maybe = org.add("U2")
    declined = org.add("U3")
    silent = org.add("U4")
    with freeze_time(CREATED):
        event_id = create_event(running_app, day="2026-12-03", at="14:00", tz="Europe/Paris")
        click(running_app, "rsvp_going", event_id, "U1")
        click(running_app, "rsvp_maybe", event_id, "U2")
        click(running_app, "rsvp_declined", event_id, "U3")

    _sweep_at(services, START - timedelta(hours=49))
    assert _kinds(services, event_id) == {"day": set(), "hour": set(), "nudge": set()}
    _sweep_at(services, START - timedelta(hours=48))
    assert _kinds(services, event_id)["nudge"] == {silent}  # the one who never answered, gently
    _sweep_at(services, START - timedelta(hours=24, minutes=1))
    assert _kinds(services, event_id)["day"] == set()
    for minutes in (0, 1, 30):  # the sweep runs every minute: still one reminder
        _sweep_at(services, START - timedelta(hours=24) + timedelta(minutes=minutes))
    assert _kinds(services, event_id) == {"day": {going}, "hour": set(), "nudge": {silent}}
    _sweep_at(services, START - timedelta(hours=1, minutes=1))
    assert _kinds(services, event_id)["hour"] == set()
    for minutes in (0, 1):
        _sweep_at(services, START - timedelta(hours=1) + timedelta(minutes=minutes))
    _sweep_at(services, START + timedelta(minutes=5))
    assert _kinds(services, event_id) == {"day": {going}, "hour": {going}, "nudge": {silent}}
    assert maybe not in _kinds(services, event_id)["nudge"] and declined not in _kinds(services, event_id)["nudge"]

    with freeze_time(START):
        running_app.deliver()
    texts = [m["text"] for m in slack.messages["DU1"]]
    assert "Reminder: Cross-team lunch is tomorrow, Thursday 3 Dec, 08:00 (America/New_York)" in texts
    assert "Reminder: Cross-team lunch is today, Thursday 3 Dec, 08:00 (America/New_York)" in texts


def test_someone_who_says_yes_after_the_day_before_gets_only_the_hour_reminder(running_app, org, services):
    late = org.add("U1")
    with freeze_time(CREATED):
        event_id = create_event(running_app, day="2026-12-03", at="14:00", tz="Europe/Paris")
    with freeze_time(START - timedelta(hours=10)):
        click(running_app, "rsvp_going", event_id, "U1")
    for hours in (24, 10, 9, 1):
        _sweep_at(services, START - timedelta(hours=hours))
    assert _kinds(services, event_id)["day"] == set()
    assert _kinds(services, event_id)["hour"] == {late}


def test_people_invited_less_than_two_days_before_are_not_nudged(running_app, org, services):
    org.add("U1")
    with freeze_time(START - timedelta(hours=30)):
        event_id = create_event(running_app, day="2026-12-03", at="14:00", tz="Europe/Paris")
    for hours in (29, 24, 1):
        _sweep_at(services, START - timedelta(hours=hours))
    assert _kinds(services, event_id) == {"day": set(), "hour": set(), "nudge": set()}


def _reminder_text(running_app, org, services, slack, **fields):
    org.add("U1")
    with freeze_time(CREATED):
        event_id = create_event(running_app, day="2026-12-03", at="14:00", tz="Europe/Paris", **fields)
        click(running_app, "rsvp_going", event_id, "U1")
    _sweep_at(services, START - timedelta(hours=24))
    with freeze_time(START - timedelta(hours=24)):
        running_app.deliver()
    [reminder] = [m for m in slack.messages["DU1"] if m["text"].startswith("Reminder")]
    return str(reminder["blocks"])


def test_a_reminder_mentions_the_waiting_list_only_when_places_are_limited(running_app, org, services, slack):
    text = _reminder_text(running_app, org, services, slack)
    assert "waiting list" not in text
    assert "Can't make it after all? Answer on the invitation" in text


def test_a_reminder_for_an_event_with_limited_places_asks_to_free_the_place(running_app, org, services, slack):
    assert "someone on the waiting list can take your place" in _reminder_text(running_app, org, services, slack,
                                                                                capacity="10")
