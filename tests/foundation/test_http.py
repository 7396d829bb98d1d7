import json

from sqlalchemy import text


def test_healthz_answers_200_with_json_when_the_database_is_reachable(running_app):
    import urllib.request

    with urllib.request.urlopen(running_app.url + "/healthz") as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True, "database": "ok"}


def test_networking_help_is_ephemeral(running_app):
    reply = running_app.slack.command("/networking", "help")
    assert reply.status == 200
    assert reply.json["response_type"] == "ephemeral"
    assert "/networking pause" in reply.json["text"]


def test_a_request_with_a_bad_signature_gets_401(running_app):
    reply = running_app.slack.form({"command": "/networking", "text": "help"}, signature="v0=deadbeef")
    assert reply.status == 401


def test_a_stale_request_gets_401(running_app):
    import time

    reply = running_app.slack.command("/networking", "help", timestamp=int(time.time()) - 6 * 60)
    assert reply.status == 401


def test_the_database_fixture_starts_empty(engine):
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM people")).scalar() == 0
