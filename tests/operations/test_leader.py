"""Exactly one replica runs the scheduler; another takes over when the leader goes."""

import time

import pytest

from bot.leader import Leadership
from storage.db import make_engine


def elections(url, n, events):
    return [
        Leadership(make_engine(url), on_elected=lambda i=i: events.append(("elected", i)),
                   on_deposed=lambda i=i: events.append(("deposed", i)), poll_seconds=0.1)
        for i in range(n)
    ]


def eventually(poll, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if poll():
            return True
        time.sleep(0.05)
    return False


def test_one_of_several_replicas_leads_and_another_takes_over_when_it_goes(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("replicas need PostgreSQL")
    url = engine.url.render_as_string(hide_password=False)
    events: list = []
    a, b = elections(url, 2, events)
    assert a.poll_once() is True
    assert b.poll_once() is False
    assert a.poll_once() is True  # still holds it
    a.stop()  # the leader goes away: its session ends and the lock with it
    assert eventually(b.poll_once), "the follower did not take over"
    assert events == [("elected", 0), ("deposed", 0), ("elected", 1)]
    b.stop()


def test_a_leader_that_loses_its_database_connection_steps_down(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("replicas need PostgreSQL")
    url = engine.url.render_as_string(hide_password=False)
    events: list = []
    (a,) = elections(url, 1, events)
    assert a.poll_once()
    a._connection.connection.dbapi_connection.close()  # the network drops the session
    assert a.poll_once() is False
    assert events == [("elected", 0), ("deposed", 0)]


def test_on_sqlite_the_single_process_is_the_leader(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    events: list = []
    (a,) = elections(engine.url.render_as_string(hide_password=False), 1, events)
    a.start()
    assert a.is_leader and events == [("elected", 0)]
    a.stop()
