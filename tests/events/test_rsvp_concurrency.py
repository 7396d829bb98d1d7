"""Many people answering one invitation at the same moment: places are never given twice, and answers
to an event without a cap do not wait for each other."""

import threading
from datetime import UTC, datetime

import pytest
from freezegun import freeze_time
from sqlalchemy import select, text

from storage.models import Event, Invitation
from tests.events.conftest import CNO, click, create_event, dm, statuses, text_of

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _all_at_once(running_app, event_id, users, choice="rsvp_going"):
    """Every user clicks ``choice`` at the same moment, each from their own connection; the replies."""
    start = threading.Barrier(len(users))
    replies = {}

    def one(user):
        start.wait()
        replies[user] = click(running_app, choice, event_id, user)

    threads = [threading.Thread(target=one, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return replies


@freeze_time(NOW)
def test_people_answering_together_never_take_more_places_than_there_are(running_app, org, slack, services, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("answers side by side need PostgreSQL (SQLite lets one writer in at a time)")
    users = [f"U{i:02d}" for i in range(12)]
    for user in users:
        org.add(user)
    event_id = create_event(running_app, capacity="3")
    running_app.deliver()

    replies = _all_at_once(running_app, event_id, users)

    assert sorted(replies) == users and all(reply.status == 200 for reply in replies.values())
    answered = statuses(services, event_id)
    assert sorted(answered.values()) == ["going"] * 3 + ["waitlisted"] * 9
    with services.uow() as uow:
        queue = sorted(uow.session.scalars(select(Invitation.waitlist_seq).where(
            Invitation.event_id == event_id, Invitation.status == "waitlisted")))
    assert queue == list(range(1, 10))  # one place in the queue each, none shared
    running_app.deliver()
    for user in users:
        [invitation] = dm(slack, user)  # one message each, changed in place to their answer
        expected = "You're going" if answered[user] == "going" else "waiting list"
        assert expected in text_of(invitation), user


def _hold_the_event(engine, event_id, how):
    """Another transaction holding the event's row (``FOR SHARE``: an answer in progress); returns it."""
    connection = engine.connect()
    transaction = connection.begin()
    connection.execute(text(f"SELECT id FROM events WHERE id = :id {how}"), {"id": event_id})
    return connection, transaction


@freeze_time(NOW)
def test_answers_to_an_event_without_a_cap_do_not_wait_for_each_other(running_app, org, services, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's (SQLite lets one writer in at a time)")
    for user in ("U1", "U2"):
        org.add(user)
    event_id = create_event(running_app)
    connection, transaction = _hold_the_event(engine, event_id, "FOR SHARE")  # someone else's answer, not done
    answering = threading.Thread(target=click, args=(running_app, "rsvp_going", event_id, "U1"))
    try:
        answering.start()
        answering.join(timeout=20)
        assert not answering.is_alive()
        assert statuses(services, event_id) == {"U1": "going", "U2": "none"}
    finally:
        transaction.rollback()
        connection.close()
    answering.join(timeout=30)


@freeze_time(NOW)
def test_an_answer_to_a_capped_event_waits_for_the_one_before_it(running_app, org, services, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's (SQLite lets one writer in at a time)")
    for user in ("U1", "U2"):
        org.add(user)
    event_id = create_event(running_app, capacity="1")
    connection, transaction = _hold_the_event(engine, event_id, "FOR SHARE")
    answering = threading.Thread(target=click, args=(running_app, "rsvp_going", event_id, "U1"))
    try:
        answering.start()
        answering.join(timeout=1.5)
        assert answering.is_alive()  # places are counted one answer at a time
        assert statuses(services, event_id) == {"U1": "none", "U2": "none"}
    finally:
        transaction.rollback()
        connection.close()
    answering.join(timeout=30)
    assert statuses(services, event_id) == {"U1": "going", "U2": "none"}


@freeze_time(NOW)
def test_a_cancellation_waits_for_answers_in_progress(running_app, org, services, engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's (SQLite lets one writer in at a time)")
    org.add("U1")
    event_id = create_event(running_app)
    connection, transaction = _hold_the_event(engine, event_id, "FOR SHARE")  # an answer in progress
    cancelling = threading.Thread(target=running_app.slack.action, args=("event_cancel",),
                                  kwargs={"value": str(event_id), "user_id": CNO, "channel_id": "C1"})
    try:
        cancelling.start()
        cancelling.join(timeout=1.5)
        assert cancelling.is_alive()
    finally:
        transaction.rollback()
        connection.close()
    cancelling.join(timeout=30)
    assert statuses(services, event_id) == {"U1": "none"}
    with services.uow() as uow:
        assert uow.session.scalar(select(Event.status).where(Event.id == event_id)) == "cancelled"
