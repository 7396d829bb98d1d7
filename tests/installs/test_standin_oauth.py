"""The stand-in's oauth.v2.access is as strict as Slack's: codes good once and for ten minutes, the app's own
credentials, the same redirect URI as the authorize step, and tokens that expire or are revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def _client(slack, token=None) -> WebClient:
    return WebClient(token=token, base_url=slack.url + "/api/")


def _exchange(slack, code, secret=None, redirect_uri=None):
    return _client(slack).oauth_v2_access(client_id=slack.client_id, client_secret=secret or slack.client_secret,
                                          code=code, redirect_uri=redirect_uri)


def _refused(call) -> str:
    with pytest.raises(SlackApiError) as refused:
        call()
    return str(refused.value.response["error"])


def test_a_code_is_good_once(slack):
    code = slack.approve("T1")
    assert _exchange(slack, code)["team"]["id"] == "T1"
    assert _refused(lambda: _exchange(slack, code)) == "code_already_used"


def test_a_code_expires_after_ten_minutes(slack):
    code = slack.approve("T1")
    with freeze_time(datetime.now(UTC) + timedelta(minutes=10, seconds=1)):
        assert _refused(lambda: _exchange(slack, code)) == "invalid_code"


def test_only_the_apps_own_secret_exchanges_a_code(slack):
    assert _refused(lambda: _exchange(slack, slack.approve("T1"), secret="guessed")) == "bad_client_secret"
    assert _refused(lambda: _exchange(slack, "code-never-issued")) == "invalid_code"


def test_the_redirect_uri_must_be_the_authorize_steps(slack):
    code = slack.approve("T1", redirect_uri="https://cno.acme.com/slack/oauth_redirect")
    assert _refused(lambda: _exchange(slack, code, redirect_uri="https://evil.test/")) == "bad_redirect_uri"


def test_with_rotation_a_token_expires_and_a_refresh_token_gets_a_new_one(slack):
    slack.token_rotation = True
    issued = _exchange(slack, slack.approve("T1"))
    assert issued["expires_in"] == 43200
    with freeze_time(datetime.now(UTC) + timedelta(hours=12, seconds=1)):
        assert _refused(lambda: _client(slack, issued["access_token"]).auth_test()) == "token_expired"
        fresh = _client(slack).oauth_v2_access(client_id=slack.client_id, client_secret=slack.client_secret,
                                               grant_type="refresh_token", refresh_token=issued["refresh_token"])
        assert _client(slack, fresh["access_token"]).auth_test()["team_id"] == "T1"


def test_the_tokens_of_an_uninstalled_app_are_revoked(slack):
    token = _exchange(slack, slack.approve("T1"))["access_token"]
    slack.uninstall("T1")
    assert _refused(lambda: _client(slack, token).auth_test()) == "token_revoked"
