"""Answering an invitation: the message changes in place, the counts follow, places and the waiting list."""

from datetime import UTC, datetime

from freezegun import freeze_time

from tests.events.conftest import CNO, click, create_event, dm, statuses, text_of

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _buttons(message):
    return {e["action_id"]: e.get("style") for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]}


@freeze_time(NOW)
def test_an_answer_updates_the_persons_message_in_place(running_app, org, slack, services):
    org.add("U1")
    event_id = create_event(running_app)
    running_app.deliver()
    reply = click(running_app, "rsvp_going", event_id, "U1")
    assert reply.status == 200
    assert statuses(services, event_id) == {"U1": "going"}
    running_app.deliver()
    [message] = dm(slack, "U1")  # the same message, changed: no new one
    assert "You're going" in text_of(message)
    assert _buttons(message)["rsvp_going"] == "primary"
    assert len(slack.calls_to("chat.update")) == 1

    click(running_app, "rsvp_maybe", event_id, "U1")
    running_app.deliver()
    [message] = dm(slack, "U1")
    assert "You said maybe" in text_of(message)
    assert _buttons(message) == {"rsvp_going": None, "rsvp_maybe": "primary", "rsvp_declined": None}


@freeze_time(NOW)
def test_the_cnos_list_counts_the_answers(running_app, org):
    for user in ("U1", "U2", "U3", "U4"):
        org.add(user)
    event_id = create_event(running_app, title="Mixer", capacity="10")
    click(running_app, "rsvp_going", event_id, "U1")
    click(running_app, "rsvp_going", event_id, "U2")
    click(running_app, "rsvp_declined", event_id, "U3")
    reply = running_app.slack.command("/cno-event", "list", user_id=CNO)
    assert reply.json["response_type"] == "ephemeral"
    listing = str(reply.json["blocks"])
    assert "2 going of 10" in listing and "1 can't come" in listing and "1 no answer yet" in listing
    actions = [e["action_id"] for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["event_edit", "event_tables", "event_cancel"]


@freeze_time(NOW)
def test_going_beyond_capacity_joins_the_waiting_list_and_moves_up_when_someone_drops_out(
    running_app, org, slack, services
):
    for user in ("U1", "U2", "U3", "U4"):
        org.add(user)
    event_id = create_event(running_app, capacity="2")
    running_app.deliver()
    for user in ("U1", "U2", "U3", "U4"):
        click(running_app, "rsvp_going", event_id, user)
    assert statuses(services, event_id) == {"U1": "going", "U2": "going", "U3": "waitlisted", "U4": "waitlisted"}
    running_app.deliver()
    assert "waiting list" in text_of(dm(slack, "U3")[0])

    click(running_app, "rsvp_declined", event_id, "U1")  # a place frees: the first in the queue moves up
    assert statuses(services, event_id) == {"U1": "declined", "U2": "going", "U3": "going", "U4": "waitlisted"}
    running_app.deliver()
    invitation, promoted = dm(slack, "U3")
    assert "You're going" in text_of(invitation)  # the invitation changed in place…
    assert "A place opened up" in text_of(promoted)  # …and a new DM says so
    assert len(dm(slack, "U4")) == 1  # still waiting, nothing new

    click(running_app, "rsvp_going", event_id, "U1")  # changing one's mind again: back of the queue
    assert statuses(services, event_id)["U1"] == "waitlisted"
    click(running_app, "rsvp_maybe", event_id, "U2")
    assert statuses(services, event_id) == {"U1": "waitlisted", "U2": "maybe", "U3": "going", "U4": "going"}


@freeze_time(NOW)
def test_a_waiting_list_member_who_gives_up_leaves_the_queue(running_app, org, services):
    for user in ("U1", "U2", "U3"):
        org.add(user)
    event_id = create_event(running_app, capacity="1")
    for user in ("U1", "U2", "U3"):
        click(running_app, "rsvp_going", event_id, user)
    click(running_app, "rsvp_declined", event_id, "U2")
    click(running_app, "rsvp_declined", event_id, "U1")
    assert statuses(services, event_id) == {"U1": "declined", "U2": "declined", "U3": "going"}


@freeze_time(NOW)
def test_someone_not_invited_cannot_answer(running_app, org, slack, services):
    org.add("U1", function="Sales")
    org.add("U2", function="IT")
    event_id = create_event(running_app, functions=("Sales",))
    click(running_app, "rsvp_going", event_id, "U2")
    assert statuses(services, event_id) == {"U1": "none"}
    assert "isn't addressed to you" in slack.wait_for_response()[0]["text"]


@freeze_time(NOW)
def test_a_click_on_the_invitation_changes_it_at_once_even_behind_a_long_broadcast(running_app, org, slack, services):
    org.add("U1")
    event_id = create_event(running_app, title="First")
    running_app.deliver()
    [invitation] = dm(slack, "U1")
    org.bulk(30)
    create_event(running_app, title="Second")  # 31 invitations now queued ahead of any update
    reply = running_app.slack.action("rsvp_going", value=str(event_id), user_id="U1", channel_id="DU1",
                                     message_ts=invitation["ts"], action={"action_ts": "77.1"})
    assert reply.status == 200
    [replaced] = [r for r in slack.responses if r.get("replace_original")]
    assert "You're going" in str(replaced["blocks"])
    assert statuses(services, event_id) == {"U1": "going"}
    running_app.deliver()
    assert slack.calls_to("chat.update") == []  # nothing left to redo through the outbox


@freeze_time(NOW)
def test_the_cnos_list_names_each_event_s_number_for_the_tables_command(running_app, org):
    org.add("U1")
    event_id = create_event(running_app)
    listing = running_app.slack.command("/cno-event", "list", user_id=CNO).json
    assert listing["text"] == "1 event"
    assert f"*Cross-team lunch* (event {event_id})" in str(listing["blocks"])
