"""The CNO changes or cancels an event: every invitation already sent changes in place, those going are told."""

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time
from sqlalchemy import select

from bot.jobs import run_due
from storage.models import Event
from tests.events.conftest import CNO, click, create_event, dm, form_state, outbox_keys, statuses, text_of

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _has_buttons(message):
    return any(b["type"] == "actions" for b in message["blocks"])


@freeze_time(NOW)
def test_a_cancel_updates_every_message_and_tells_those_going(running_app, org, slack, services):
    users = ["U1", "U2", "U3", "U4", "U5"]
    for user in users:
        org.add(user)
    event_id = create_event(running_app, capacity="1")
    running_app.deliver()
    click(running_app, "rsvp_going", event_id, "U1")
    click(running_app, "rsvp_going", event_id, "U2")  # waiting list
    click(running_app, "rsvp_maybe", event_id, "U3")
    running_app.deliver()

    reply = running_app.slack.action("event_cancel", value=str(event_id), user_id=CNO, channel_id="C1")
    assert reply.status == 200
    running_app.deliver()
    for user in users:
        invitation = dm(slack, user)[0]
        assert "This event is cancelled" in text_of(invitation) and not _has_buttons(invitation)
    assert [len(dm(slack, u)) for u in users] == [2, 2, 1, 1, 1]  # a notice to the one going and the one waiting
    assert "is cancelled" in text_of(dm(slack, "U1")[1])
    [listing] = [r for r in slack.responses if r.get("replace_original")]
    assert "_cancelled_" in str(listing["blocks"])
    with services.uow() as uow:
        assert uow.session.scalar(select(Event.status)) == "cancelled"

    click(running_app, "rsvp_going", event_id, "U4")  # too late
    assert statuses(services, event_id)["U4"] == "none"
    assert "cancelled" in slack.responses[-1]["text"]


@freeze_time(NOW)
def test_invitations_not_sent_yet_when_the_event_is_cancelled_are_never_sent(running_app, org, slack):
    for user in ("U1", "U2", "U3"):
        org.add(user)
    event_id = create_event(running_app)
    running_app.sender.deliver_due(limit=2)  # the CNO's note (queued at submission), then U1's invitation
    running_app.slack.action("event_cancel", value=str(event_id), user_id=CNO, channel_id="C1")
    running_app.deliver()
    got_invited = [u for u in ("U1", "U2", "U3") if dm(slack, u)]
    assert got_invited == ["U1"]
    assert "cancelled" in text_of(dm(slack, "U1")[0])


@freeze_time(NOW)
def test_only_the_cno_can_cancel(running_app, org, services):
    org.add("U1")
    event_id = create_event(running_app)
    running_app.slack.action("event_cancel", value=str(event_id), user_id="U1", channel_id="C1")
    with services.uow() as uow:
        assert uow.session.scalar(select(Event.status)) == "scheduled"


@freeze_time(NOW)
def test_an_edit_updates_every_message_in_place_and_tells_those_going(running_app, org, slack, services):
    for user in ("U1", "U2", "U3"):
        org.add(user)
    event_id = create_event(running_app, day="2026-12-03", at="14:00", capacity="1")
    running_app.deliver()
    click(running_app, "rsvp_going", event_id, "U1")
    click(running_app, "rsvp_going", event_id, "U2")  # waiting list

    running_app.slack.action("event_edit", value=str(event_id), user_id=CNO, channel_id="C1")
    [opened] = [v for v in slack.views if v["method"] == "open"]
    assert opened["view"]["callback_id"] == "cno_event_edit"
    assert opened["view"]["private_metadata"] == str(event_id)
    initial = {b["block_id"]: b["element"] for b in opened["view"]["blocks"] if b["type"] == "input"}
    assert initial["date"]["initial_date"] == "2026-12-03" and initial["time"]["initial_time"] == "14:00"

    changed = form_state(day="2026-12-04", at="12:30", place="Roof terrace", capacity="2")
    reply = running_app.slack.submit_view("cno_event_edit", changed, user_id=CNO, private_metadata=str(event_id))
    assert reply.status == 200 and "errors" not in reply.text
    assert statuses(services, event_id) == {"U1": "going", "U2": "going", "U3": "none"}  # more places: U2 moves up
    running_app.deliver()
    for user in ("U1", "U2", "U3"):
        assert "Friday 4 Dec, 12:30 (Europe/Paris)" in text_of(dm(slack, user)[0])
        assert "Roof terrace" in text_of(dm(slack, user)[0])
    assert any("has changed (time, place)" in text_of(m) for m in dm(slack, "U1"))
    assert not any("has changed" in text_of(m) for m in dm(slack, "U3"))
    assert any("is saved" in text_of(m) for m in dm(slack, CNO))


def test_a_moved_event_is_reminded_again_at_its_new_time(running_app, org, services):
    org.add("U1")
    with freeze_time(NOW):
        event_id = create_event(running_app, day="2026-12-03", at="14:00")
        click(running_app, "rsvp_going", event_id, "U1")
    first = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)
    with freeze_time(first - timedelta(hours=24)):
        run_due(services, first - timedelta(hours=24))
        running_app.slack.submit_view("cno_event_edit", form_state(day="2026-12-10", at="14:00"), user_id=CNO,
                                      private_metadata=str(event_id))
    later = datetime(2026, 12, 10, 13, 0, tzinfo=UTC)
    with freeze_time(later - timedelta(hours=24)):
        run_due(services, later - timedelta(hours=24))
    day_keys = [k for k in outbox_keys(services, f"event:{event_id}:s%") if ":day:" in k]
    assert len(day_keys) == 2


@freeze_time(NOW)
def test_a_past_event_cannot_be_edited(running_app, org, services):
    org.add("U1")
    event_id = create_event(running_app, day="2026-11-26", at="10:00")
    with freeze_time(datetime(2026, 11, 27, tzinfo=UTC)):
        reply = running_app.slack.submit_view("cno_event_edit", form_state(day="2026-12-01"), user_id=CNO,
                                              private_metadata=str(event_id))
    assert reply.json["response_action"] == "errors"
    assert "can't be changed" in reply.json["errors"]["title"]


@freeze_time(NOW)
def test_someone_who_is_not_the_cno_can_neither_edit_an_event_nor_seat_its_tables(running_app, org, slack, services):
    org.add("U1")
    event_id = create_event(running_app)
    before = len(slack.responses)
    running_app.slack.action("event_edit", value=str(event_id), user_id="U1", channel_id="C1")
    running_app.slack.action("event_tables", value=str(event_id), user_id="U1", channel_id="C1")
    replies = slack.wait_for_response(before + 2)[before:]
    assert len(replies) == 2 and all("Only the Chief Networking Officer" in r["text"] for r in replies)
    assert slack.views == []
    assert outbox_keys(services, f"event:{event_id}:tables:%") == []
