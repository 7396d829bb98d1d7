"""Many people answering one invitation at the same moment: places are never given twice, and answers
to an event without a cap do not wait for each other."""

import threading
from datetime import UTC, datetime
from functools import partial

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
def test_people_answering_together_never_take_more_places_than_there_are(running_app, org, slack, services,
                                                                         row_locks):
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


@pytest.fixture
def row_locks(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's (SQLite lets one writer in at a time)")
    return engine


def done_while_an_answer_is_in_progress(engine, event_id, action, wait):
    """Whether ``action`` finishes within ``wait`` seconds while another transaction holds the event's row
    as an answer in progress does (``FOR SHARE``); the row is then released and ``action`` let finish."""
    doing = threading.Thread(target=action)
    with engine.connect() as connection, connection.begin():
        connection.execute(text("SELECT id FROM events WHERE id = :id FOR SHARE"), {"id": event_id})
        doing.start()
        doing.join(timeout=wait)
        done = not doing.is_alive()
    doing.join(timeout=30)
    return done


@freeze_time(NOW)
def test_answers_to_an_event_without_a_cap_do_not_wait_for_each_other(running_app, org, services, row_locks):
    for user in ("U1", "U2"):
        org.add(user)
    event_id = create_event(running_app)
    answer = partial(click, running_app, "rsvp_going", event_id, "U1")
    assert done_while_an_answer_is_in_progress(row_locks, event_id, answer, wait=20)
    assert statuses(services, event_id) == {"U1": "going", "U2": "none"}


@freeze_time(NOW)
def test_an_answer_to_a_capped_event_waits_for_the_one_before_it(running_app, org, services, row_locks):
    for user in ("U1", "U2"):
        org.add(user)
    event_id = create_event(running_app, capacity="1")
    answer = partial(click, running_app, "rsvp_going", event_id, "U1")
    assert not done_while_an_answer_is_in_progress(row_locks, event_id, answer, wait=1.5)  # one at a time
    assert statuses(services, event_id) == {"U1": "going", "U2": "none"}


@freeze_time(NOW)
def test_a_cancellation_waits_for_answers_in_progress(running_app, org, services, row_locks):
    org.add("U1")
    event_id = create_event(running_app)
    cancel = partial(running_app.slack.action, "event_cancel", value=str(event_id), user_id=CNO, channel_id="C1")
    assert not done_while_an_answer_is_in_progress(row_locks, event_id, cancel, wait=1.5)
    assert statuses(services, event_id) == {"U1": "none"}
    with services.uow() as uow:
        assert uow.session.scalar(select(Event.status).where(Event.id == event_id)) == "cancelled"
