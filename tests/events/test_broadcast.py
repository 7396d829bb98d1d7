"""Broadcasting an event: exactly the audience, one DM each, nothing twice and nothing lost."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from freezegun import freeze_time

from bot.outbox import Crash, OutboxSender
from storage.models import Event
from tests.events.conftest import CNO, create_event, dm, keys_in_slack, outbox_keys, text_of

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@freeze_time(NOW)
def test_the_audience_filter_invites_exactly_the_people_it_names(running_app, org, services):
    chosen = {
        org.add("U1", function="Sales", region="EMEA", level=3),
        org.add("U2", function="IT", region="EMEA", level=4),
    }
    org.add("U3", function="Sales", region="APAC", level=3)  # other region
    org.add("U4", function="Legal", region="EMEA", level=3)  # other function
    org.add("U5", function="Sales", region="EMEA", level=9)  # other level
    org.add("U6", function="Sales", region="EMEA", active=False)  # has left
    org.add(None, function="Sales", region="EMEA")  # not on Slack
    org.add("U8", function="IT", region="EMEA", opted_in=False)  # opted out of networking
    event_id = create_event(running_app, functions=("Sales", "IT"), regions=("EMEA",), levels=(3, 4))
    invited = {int(k.rsplit(":", 1)[1]) for k in outbox_keys(services, f"event:{event_id}:invite:%")}
    assert invited == chosen


@freeze_time(NOW)
def test_teams_and_the_lowest_reach_narrow_the_audience(running_app, org, services):
    # A chain of ties a-b-c-d-e plus a hub h tied to everyone: e and a reach least.
    ids = {name: org.add(f"U{name.upper()}", team="Core" if name in "abc" else "Edge") for name in "abcdefgh"}
    for x, y in ("ab", "bc", "cd", "de", "hb", "hc", "hd", "fg"):
        org.tie(ids[x], ids[y], on=date(2026, 1, 1))
    event_id = create_event(running_app, teams=("Core",))
    assert {int(k.rsplit(":", 1)[1]) for k in outbox_keys(services, f"event:{event_id}:invite:%")} == {
        ids["a"], ids["b"], ids["c"]}
    # second-degree reach: f and g reach nobody beyond each other (0); they are the bottom quarter of 8.
    lowest_id = create_event(running_app, lowest=True, title="For the least connected")
    assert {int(k.rsplit(":", 1)[1]) for k in outbox_keys(services, f"event:{lowest_id}:invite:%")} == {
        ids["f"], ids["g"]}


@freeze_time(NOW)
def test_the_invitation_shows_the_time_in_the_persons_own_zone_with_rsvp_buttons(running_app, org, slack):
    org.add("U1", timezone="America/New_York")
    org.add("U2", timezone="Europe/Paris")
    event_id = create_event(running_app, day="2026-12-03", at="14:00", tz="Europe/Paris", title="Lunch & learn")
    running_app.deliver()
    [ny] = dm(slack, "U1")
    [paris] = dm(slack, "U2")
    assert "Thursday 3 Dec, 08:00 (America/New_York)" in text_of(ny)
    assert "Thursday 3 Dec, 14:00 (Europe/Paris)" in text_of(paris)
    buttons = [e for b in paris["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        ("rsvp_going", str(event_id)), ("rsvp_maybe", str(event_id)), ("rsvp_declined", str(event_id))]
    assert "Lunch &amp; learn" in text_of(paris)
    assert any("being sent to 2 people" in text_of(m) for m in dm(slack, CNO))


@freeze_time(NOW)
def test_a_broadcast_to_500_people_sends_500_messages_once_each_despite_a_crash_and_a_429(
    running_app, org, services, slack
):
    people = org.bulk(500)
    event_id = create_event(running_app)
    assert len(outbox_keys(services, f"event:{event_id}:invite:%")) == 500

    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        slack.clock.advance(seconds)

    def sender() -> OutboxSender:  # paced as `cno serve` paces it: Tier 3 allows about 50 opens a minute
        return OutboxSender(services.uow, services.slack, sleep=sleep, pace={"conversations.open": 1.2},
                            clock=slack.clock.now)  # the pace's clock is the one its sleep moves

    sender().deliver_due(limit=150)
    slack.fail("chat.postMessage", status=429, retry_after=7)  # Slack slows us down mid-broadcast
    dying = sender()
    posted: list[str] = []

    def crash_after_100(row):
        posted.append(row.key)
        if len(posted) == 100:
            raise Crash("the process dies after posting, before recording it")

    dying.after_post = crash_after_100
    with pytest.raises(Crash):
        dying.deliver_due()
    # A restarted sender takes over the half-sent message once its claim has expired.
    sender().deliver_due(now=NOW + timedelta(minutes=5))

    invites = [k for k in keys_in_slack(slack) if k.startswith(f"event:{event_id}:invite:")]
    assert len(invites) == 500 and len(set(invites)) == 500
    per_person = Counter(channel for channel, messages in slack.messages.items() for _ in messages)
    assert all(per_person[f"D{p}"] == 1 for p in people)
    assert sleeps.count(7) == 1 and all(s <= 1.2 for s in sleeps if s != 7)  # the 429, else the pace
    assert len(slack.calls_to("chat.postMessage")) == 500 + 1 + 1  # one refused with 429, and the CNO's note
    assert len(slack.calls_to("conversations.open")) == 500 + 1  # paced: none refused for the rate limit


@freeze_time(NOW)
def test_the_cno_gets_cross_silo_tables_of_the_people_going(running_app, org, slack, services):
    rows = [(f, r) for f in ("Sales", "IT", "Legal") for r in ("EMEA", "APAC")] * 2  # 12 people
    for i, (function, region) in enumerate(rows):
        org.add(f"U{i:02d}", function=function, region=region)
    event_id = create_event(running_app)
    for i in range(12):
        running_app.slack.action("rsvp_going", value=str(event_id), user_id=f"U{i:02d}", channel_id="D",
                                 action={"action_ts": f"{i}.5"})
    reply = running_app.slack.command("/cno-event", f"tables {event_id} 4", user_id=CNO)
    assert reply.status == 200
    assert "3 table(s)" in slack.wait_for_response()[-1]["text"]
    running_app.deliver()
    [plan] = [m for m in dm(slack, CNO) if "Tables for" in text_of(m)]
    sections = [b["text"]["text"] for b in plan["blocks"]][1:]
    tables = [line for chunk in sections for line in chunk.split("\n\n")]
    assert len(tables) == 3
    assert all("3 functions, 2 regions" in t for t in tables)
    assert all(t.count("<@U") == 4 for t in tables)

    bad = running_app.slack.command("/cno-event", "tables x", user_id=CNO)
    assert "/cno-event tables EVENT_ID" in bad.json["text"]
    running_app.slack.command("/cno-event", "tables 999", user_id=CNO)
    assert "There is no event 999" in slack.wait_for_response(2)[-1]["text"]


@freeze_time(NOW)
def test_teams_with_names_longer_than_an_option_value_can_be_chosen_and_invited(running_app, org, services):
    # Block Kit caps an option's value at 150 characters; team names in an HR file can be longer.
    long_a, long_b = "Platform " + "a" * 160, "Platform " + "a" * 150 + " (contractors)"
    people = {long_a: org.add("U1", team=long_a), long_b: org.add("U2", team=long_b)}  # same first 159 characters
    for i in range(101):  # over a hundred teams: the modal searches them through block_suggestion
        org.add(f"U9{i:03d}", team=f"Team {i:03d}")
    reply = running_app.slack.interactive({
        "type": "block_suggestion", "user": {"id": CNO}, "team": {"id": "T1"}, "api_app_id": "A1",
        "action_id": "event_audience_teams", "block_id": "audience_teams", "value": "platform",
        "view": {"id": "V1", "type": "modal", "callback_id": "cno_event_create"},
    })
    options = [o["value"] for o in reply.json["options"]]
    assert len(options) == 2 and len(set(options)) == 2 and all(len(v) <= 150 for v in options)
    seen = set()
    for value in options:
        event_id = create_event(running_app, teams=(value,), title=f"Lunch {len(seen)}")
        with services.uow() as uow:
            [team] = uow.session.get(Event, event_id).audience["teams"]
        invited = {int(k.rsplit(":", 1)[1]) for k in outbox_keys(services, f"event:{event_id}:invite:%")}
        assert invited == {people[team]}
        seen.add(team)
    assert seen == {long_a, long_b}
