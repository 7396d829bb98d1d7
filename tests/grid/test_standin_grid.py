"""The stand-in's Enterprise Grid refuses what Slack refuses an org-wide token, in Slack's own words."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from tests.grid.conftest import ENTERPRISE, WORKSPACES


def refused(call) -> dict:
    with pytest.raises(SlackApiError) as caught:
        call()
    return caught.value.response.data


def test_an_org_wide_token_says_so_and_lists_the_workspaces_it_was_added_to(services, slack):
    slack.enterprise(ENTERPRISE, WORKSPACES, granted=["T0EMEA", "T0APAC"])
    me = services.slack.auth_test()
    assert (me["enterprise_id"], me["is_enterprise_install"]) == (ENTERPRISE, True)
    assert [t["id"] for t in services.slack.auth_teams_list()["teams"]] == ["T0EMEA", "T0APAC"]


def test_listing_people_or_channels_needs_a_workspace_the_app_was_added_to(services, slack):
    slack.enterprise(ENTERPRISE, WORKSPACES, granted=["T0EMEA", "T0APAC"])
    client = services.slack
    for call in (client.users_list, client.conversations_list):
        assert refused(lambda: call(limit=200))["error"] == "missing_argument"  # noqa: B023
        assert refused(lambda: call(limit=200, team_id="T0AMER"))["error"] == "team_access_not_granted"  # noqa: B023
    assert [r.error for r in slack.take_rejections()] == ["missing_argument", "team_access_not_granted"] * 2


def test_a_workspace_lists_only_its_members_with_their_organisation_ids(services, slack):
    slack.add_user("U1", "ana@acme.test", "Ana", teams=["T0EMEA", "T0AMER"])
    slack.add_user("U2", "ben@acme.test", "Ben", teams=["T0APAC"])
    emea = services.slack.users_list(team_id="T0EMEA")["members"]
    assert [m["id"] for m in emea] == ["U1"]
    assert emea[0]["enterprise_user"]["teams"] == ["T0EMEA", "T0AMER"]
    assert [m["id"] for m in services.slack.users_list(team_id="T0APAC")["members"]] == ["U2"]


def test_a_group_dm_across_workspaces_opens_for_the_organisation_but_not_with_outsiders(services, slack):
    slack.add_user("U1", "ana@acme.test", "Ana", teams=["T0EMEA"])
    slack.add_user("U2", "ben@acme.test", "Ben", teams=["T0APAC"])
    assert services.slack.conversations_open(users="U1,U2")["ok"]
    assert refused(lambda: services.slack.conversations_open(users="U1,W0RIVAL"))["error"] == "user_not_found"
    slack.enterprise(ENTERPRISE, WORKSPACES, org_wide=False, installed_team="T0EMEA")
    slack.add_user("U2", "ben@acme.test", "Ben", teams=["T0APAC"])
    assert refused(lambda: services.slack.conversations_open(users="U1,U2"))["error"] == "user_not_visible"


def test_rate_limit_tiers_count_per_workspace(services, slack):
    for _ in range(20):  # Tier 2: about 20 a minute
        services.slack.users_list(team_id="T0EMEA")
    assert services.slack.users_list(team_id="T0AMER")["ok"]
    with pytest.raises(SlackApiError) as caught:
        services.slack.users_list(team_id="T0EMEA")
    assert caught.value.response.status_code == 429
