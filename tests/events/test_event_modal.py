"""/cno-event: who may use it, the modal, its live audience count and its validation."""

from datetime import UTC, datetime

from freezegun import freeze_time
from sqlalchemy import select

from storage.models import Event
from tests.events.conftest import CNO, create_event, form_state, modal_action


def test_someone_who_is_not_the_cno_is_refused_with_an_ephemeral_message(running_app, org, slack):
    org.add("U1")
    for text in ("", "list", "tables 1 6"):
        reply = running_app.slack.command("/cno-event", text, user_id="U1")
        assert reply.json["response_type"] == "ephemeral"
        assert "Only the Chief Networking Officer" in reply.json["text"]
    assert slack.views == []


def test_a_modal_submitted_by_someone_else_creates_nothing(running_app, org, services):
    org.add("U1")
    reply = running_app.slack.submit_view("cno_event_create", form_state(), user_id="U1")
    assert reply.json["response_action"] == "errors"
    with services.uow() as uow:
        assert uow.session.scalars(select(Event)).all() == []


@freeze_time("2026-11-25 09:00:00")
def test_the_cno_gets_the_modal_with_filters_from_the_people_in_the_database(running_app, org, slack):
    org.add("U1", function="Sales", region="EMEA", team="Deals")
    org.add("U2", function="IT", region="APAC", level=5)
    org.add("U3", function="Legal", region="AMER", active=False)
    reply = running_app.slack.command("/cno-event", "", user_id=CNO)
    assert reply.status == 200
    [opened] = slack.views
    view = opened["view"]
    assert view["callback_id"] == "cno_event_create"
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    functions = [o["value"] for o in blocks["audience_functions"]["element"]["options"]]
    assert functions == ["IT", "Sales"]  # inactive people's functions are not offered
    assert [o["value"] for o in blocks["audience_levels"]["element"]["options"]] == ["3", "5"]
    assert blocks["timezone"]["element"]["initial_value"] == "UTC"
    assert "*2 people*" in blocks["audience_count"]["text"]["text"]


@freeze_time("2026-11-25 09:00:00")
def test_changing_a_filter_redraws_the_modal_with_the_new_count(running_app, org, slack):
    org.add("U1", function="Sales", region="EMEA")
    org.add("U2", function="Sales", region="APAC")
    org.add("U3", function="IT", region="EMEA")
    state = form_state(functions=("Sales",))
    reply = modal_action(running_app, "event_audience_functions", state)
    assert reply.status == 200
    [update] = [v for v in slack.views if v["method"] == "update"]
    blocks = {b.get("block_id"): b for b in update["view"]["blocks"]}
    assert "*2 people*" in blocks["audience_count"]["text"]["text"]
    assert "Sales" in blocks["audience_count"]["text"]["text"]
    assert blocks["audience_functions"]["element"]["initial_options"][0]["value"] == "Sales"
    assert blocks["title"]["element"]["initial_value"] == "Cross-team lunch"

    modal_action(running_app, "event_audience_regions", form_state(functions=("Sales",), regions=("APAC",)))
    last = [v for v in slack.views if v["method"] == "update"][-1]
    count = [b for b in last["view"]["blocks"] if b.get("block_id") == "audience_count"][0]
    assert "*1 person*" in count["text"]["text"]


@freeze_time("2026-11-25 09:00:00")
def test_mistakes_in_the_modal_come_back_next_to_their_fields(running_app, org):
    org.add("U1")
    cases = [
        (form_state(day="2026-11-20"), "date", "future"),
        (form_state(tz="Mars/Olympus"), "timezone", "time zone"),
        (form_state(capacity="0"), "capacity", "whole number"),
        (form_state(place=""), "place", "where"),
        (form_state(day="2027-03-28", at="02:30"), "time", "does not exist"),
        (form_state(functions=("Nobody",)), "audience_functions", "Nobody is in this audience"),
    ]
    for state, field, words in cases:
        reply = running_app.slack.submit_view("cno_event_create", state, user_id=CNO)
        assert reply.json["response_action"] == "errors", field
        assert words in reply.json["errors"][field]


@freeze_time("2026-11-25 09:00:00")
def test_the_start_is_stored_in_utc_with_the_zone_it_was_given_in(running_app, org, services):
    org.add("U1")
    event_id = create_event(running_app, day="2026-12-03", at="14:00", tz="Europe/Paris", capacity="20")
    with services.uow() as uow:
        event = uow.session.get(Event, event_id)
        assert event.starts_at == datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
        assert event.timezone == "Europe/Paris"
        assert event.capacity == 20
        assert event.created_by == CNO


@freeze_time("2026-11-25 09:00:00")
def test_more_than_a_hundred_teams_are_offered_by_search(running_app, org, slack):
    for i in range(101):
        org.add(f"U{i:03d}", team=f"Team {i:03d}")
    running_app.slack.command("/cno-event", "", user_id=CNO)
    [opened] = slack.views
    [teams] = [b for b in opened["view"]["blocks"] if b.get("block_id") == "audience_teams"]
    assert teams["element"]["type"] == "multi_external_select"
    reply = running_app.slack.interactive({
        "type": "block_suggestion", "user": {"id": CNO}, "team": {"id": "T1"}, "api_app_id": "A1",
        "action_id": "event_audience_teams", "block_id": "audience_teams", "value": "team 09",
        "view": {"id": "V1", "type": "modal", "callback_id": "cno_event_create"},
    })
    assert [o["value"] for o in reply.json["options"]] == [f"Team {i:03d}" for i in range(90, 100)]
