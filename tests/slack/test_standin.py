"""The stand-in refuses what the real Slack refuses, in Slack's own words: what every other test relies on."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def refused(call) -> dict:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response.data


def test_block_kit_limits_are_refused_as_invalid_blocks(services, slack):
    client = services.slack
    too_long = refused(lambda: client.chat_postMessage(channel="C1", text="x", blocks=[section("x" * 3001)]))
    assert too_long["error"] == "invalid_blocks"
    assert "must be less than 3001 characters [json-pointer:/blocks/0/text/text]" in too_long["errors"]
    header = {"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}
    assert refused(lambda: client.chat_postMessage(channel="C1", text="x", blocks=[header]))["error"] == \
        "invalid_blocks"
    assert refused(lambda: client.chat_postMessage(channel="C1", text="x", blocks=[section("x")] * 51))["error"] == \
        "invalid_blocks"
    context = {"type": "context", "elements": [{"type": "mrkdwn", "text": "x"}] * 11}
    assert refused(lambda: client.chat_postMessage(channel="C1", text="x", blocks=[context]))["error"] == \
        "invalid_blocks"
    button = {"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "x" * 76},
              "confirm": {"title": {"type": "plain_text", "text": "t"}, "text": {"type": "mrkdwn", "text": "x" * 301},
                          "confirm": {"type": "plain_text", "text": "y"}, "deny": {"type": "plain_text", "text": "n"}}}
    problems = refused(lambda: client.chat_postMessage(
        channel="C1", text="x", blocks=[{"type": "actions", "elements": [button]}]))["errors"]
    assert any("/elements/0/text/text" in p for p in problems)
    assert any("/elements/0/confirm/text/text" in p for p in problems)
    assert refused(lambda: client.chat_postMessage(channel="C1", text="x" * 40_001))["error"] == "msg_too_long"
    assert len(slack.take_rejections()) == 6


def test_a_modal_is_refused_for_a_long_title_or_initial_options_not_among_its_options(services, slack):
    slack.issue_trigger("t1")
    option = {"text": {"type": "plain_text", "text": "Sales"}, "value": "Sales"}
    renamed = {"text": {"type": "plain_text", "text": "Old"}, "value": "Old"}
    view = {"type": "modal", "title": {"type": "plain_text", "text": "x" * 25}, "submit": {"type": "plain_text",
            "text": "Save"}, "private_metadata": "m" * 3001, "blocks": [{
                "type": "input", "label": {"type": "plain_text", "text": "L"},
                "element": {"type": "multi_static_select", "action_id": "a", "options": [option],
                            "initial_options": [renamed]}}]}
    answer = refused(lambda: services.slack.views_open(trigger_id="t1", view=view))
    messages = "\n".join(answer["response_metadata"]["messages"])
    assert answer["error"] == "invalid_arguments"
    assert "/view/title/text" in messages and "/view/private_metadata" in messages
    assert "must match one of the provided options [json-pointer:/view/blocks/0/element/initial_options/0]" in messages
    slack.take_rejections()


def test_a_trigger_id_opens_one_view_within_3_seconds_of_its_request(services, slack):
    view = {"type": "modal", "title": {"type": "plain_text", "text": "T"}, "blocks": [section("x")]}
    slack.issue_trigger("t1")
    slack.issue_trigger("t2")
    assert services.slack.views_open(trigger_id="t1", view=view)["ok"]
    assert refused(lambda: services.slack.views_open(trigger_id="t1", view=view))["error"] == "exchanged_trigger_id"
    slack.clock.advance(3)
    assert refused(lambda: services.slack.views_open(trigger_id="t2", view=view))["error"] == "expired_trigger_id"
    assert refused(lambda: services.slack.views_open(trigger_id="never", view=view))["error"] == "invalid_trigger_id"
    slack.take_rejections()


def test_a_method_without_its_scope_says_which_is_needed_and_which_are_provided(services, slack):
    slack.scopes = frozenset({"chat:write"})
    answer = refused(lambda: services.slack.users_list())
    assert (answer["error"], answer["needed"]) == ("missing_scope", "users:read")
    assert answer["provided"] == "chat:write"
    slack.add_channel("C9", "private")
    assert refused(lambda: services.slack.conversations_history(channel="C9"))["needed"] == "groups:history"
    slack.take_rejections()


def test_custom_profile_fields_come_from_users_profile_get_only(services, slack):
    slack.add_user("U1", "ana@acme.test", "Ana", fields={"Xf1": {"value": "Sales"}})
    [member] = services.slack.users_list()["members"]
    assert "fields" not in member["profile"] and member["profile"]["email"] == "ana@acme.test"
    assert services.slack.users_profile_get(user="U1")["profile"]["fields"] == {"Xf1": {"value": "Sales"}}


def test_conversations_open_takes_at_most_8_people(services, slack):
    assert services.slack.conversations_open(users=[f"U{i}" for i in range(8)])["ok"]
    answer = refused(lambda: services.slack.conversations_open(users=[f"U{i}" for i in range(9)]))
    assert answer["error"] == "too_many_users"
    slack.take_rejections()


def test_a_tier_2_method_answers_429_with_retry_after_past_20_calls_a_minute(services, slack):
    for _ in range(20):
        services.slack.users_list()
    with pytest.raises(SlackApiError) as caught:
        services.slack.users_list()
    assert caught.value.response.status_code == 429
    assert 1 <= int(caught.value.response.headers["Retry-After"]) <= 60
    slack.clock.advance(60)
    assert services.slack.users_list()["ok"]


def test_the_bot_cannot_post_in_a_channel_it_is_not_in(services, slack):
    slack.add_channel("C9", "public", bot_member=False)
    assert refused(lambda: services.slack.chat_postMessage(channel="C9", text="hi"))["error"] == "not_in_channel"
    assert refused(lambda: services.slack.chat_postMessage(channel="D0OTHERS", text="hi"))["error"] == \
        "channel_not_found"
    slack.take_rejections()
