"""Hostile or broken requests get a 4xx (or a harmless 2xx), never a crash or a 5xx."""

import json
import urllib.request

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def test_an_unsigned_request_gets_401(running_app):
    request = urllib.request.Request(running_app.url + "/slack/events", data=b"command=%2Fnetworking", method="POST")
    try:
        urllib.request.urlopen(request)
        raise AssertionError("expected 401")
    except urllib.error.HTTPError as error:
        assert error.code == 401


def test_a_signature_for_another_body_gets_401(running_app):
    good = running_app.slack.signer.generate_signature(timestamp="1", body="x")
    reply = running_app.slack.form({"command": "/networking", "text": "help"}, signature=good)
    assert reply.status == 401


def test_malformed_json_and_form_bodies_get_a_4xx_or_harmless_answer(running_app):
    for body, ctype in [("{not json", "application/json"), ("payload=%7Bbroken", "application/x-www-form-urlencoded"),
                        ("payload=" + json.dumps({"type": "block_actions"}), "application/x-www-form-urlencoded"),
                        ("\x00\x01\x02", "application/octet-stream")]:
        reply = running_app.slack.post(body, ctype)
        assert 200 <= reply.status < 500, (body, reply)


def test_an_oversized_body_is_refused_with_413(running_app):
    reply = running_app.slack.post("text=" + "a" * 1_100_000, "application/x-www-form-urlencoded")
    assert reply.status == 413


def test_unknown_action_and_callback_ids_are_answered_without_error(running_app):
    assert running_app.slack.action("no_such_action", value="1").status < 500
    assert running_app.slack.submit_view("no_such_view", {}).status < 500


def test_an_unknown_slash_command_is_answered_without_error(running_app):
    assert running_app.slack.command("/not-ours", "x").status < 500


def test_get_on_the_slack_path_and_unknown_paths_are_4xx(running_app):
    for path in ("/slack/events", "/nope"):
        try:
            urllib.request.urlopen(running_app.url + path)
            raise AssertionError("expected an HTTP error")
        except urllib.error.HTTPError as error:
            assert 400 <= error.code < 500


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
payloads = st.fixed_dictionaries(
    {"type": st.sampled_from(["block_actions", "view_submission", "event_callback", "shortcut", "x"])},
    optional={"actions": json_values, "view": json_values, "user": json_values, "event": json_values,
              "team": json_values},
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(
    payloads.map(lambda p: ("payload=" + urllib.parse.quote(json.dumps(p)), "application/x-www-form-urlencoded")),
    payloads.map(lambda p: (json.dumps(p), "application/json")),
    st.dictionaries(st.sampled_from(["command", "text", "user_id", "trigger_id", "team_id", "channel_id"]),
                    st.text(max_size=30), max_size=6).map(
        lambda d: (urllib.parse.urlencode(d), "application/x-www-form-urlencoded")),
    st.text(max_size=200).map(lambda t: (t, "application/x-www-form-urlencoded")),
))
def test_any_signed_body_gets_a_2xx_or_4xx(running_app, body):
    text, ctype = body
    reply = running_app.slack.post(text, ctype)
    assert 200 <= reply.status < 500


def test_a_slash_command_from_another_workspace_is_refused_with_an_explanation(running_app):
    other = running_app.slack.__class__(running_app.url, running_app.slack.signer.signing_secret,
                                        running_app.slack.slack_url, team_id="T-OTHER")
    reply = other.command("/networking", "help")
    assert reply.status == 200
    assert reply.json["response_type"] == "ephemeral" and "another Slack workspace" in reply.json["text"]
    assert "/networking pause" in running_app.slack.command("/networking", "help").json["text"]


def test_a_signed_slash_command_without_its_user_or_workspace_gets_400(running_app):
    for missing in ("user_id", "team_id"):
        fields = {"command": "/networking", "text": "status", "user_id": "U1", "team_id": running_app.slack.team_id,
                  "trigger_id": "t1", "channel_id": "C1"}
        del fields[missing]
        reply = running_app.slack.form(fields)
        assert reply.status == 400, (missing, reply)
