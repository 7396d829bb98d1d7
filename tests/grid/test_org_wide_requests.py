"""An org-wide install answers slash commands, App Home and buttons in every workspace of its organisation,
and refuses requests from anywhere else."""

from __future__ import annotations

from datetime import UTC, date, datetime

from freezegun import freeze_time

from bot.app import build_app
from bot.web import WebApp
from tests.conftest import SIGNING_SECRET
from tests.grid.conftest import ENTERPRISE, WORKSPACES
from tests.programs.conftest import dms_to
from tests.support.app_server import AppServer
from tests.support.slack_client import SignedSlack

TODAY = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
PEOPLE = {"T0EMEA": "ana@acme.test", "T0AMER": "ben@acme.test", "T0APAC": "cy@acme.test"}


def test_slash_commands_app_home_and_buttons_are_answered_in_each_workspace(running_app, rounds_on, org, slack):
    for email in PEOPLE.values():
        org.add(email)
    for team, email in PEOPLE.items():
        user = org.slack_ids[email]
        there = running_app.slack.from_workspace(team, ENTERPRISE)
        reply = there.command("/networking", "help", user_id=user)
        assert reply.status == 200 and "/networking pause" in reply.json["text"]
        with freeze_time(TODAY):
            there.event({"type": "app_home_opened", "user": user, "tab": "home"})
            home = slack.views[-1]
            assert (home["method"], home["user_id"]) == ("publish", user) and "You're in" in str(home["view"])
            clicked = there.action("networking_pause_2w", value="2w", user_id=user, channel_id="")  # team: null
        assert clicked.status == 200
        assert org.person(email).paused_until == date(2026, 12, 11)
        assert "paused until 2026-12-11" in str(slack.views[-1]["view"])


def test_requests_from_another_organisation_or_a_standalone_workspace_are_refused(running_app, org, slack):
    org.add("ana@acme.test")
    app = running_app.slack
    for outsider in (app.from_workspace("T0RIVAL", "E0RIVAL"), app.from_workspace("T0SOLO")):
        reply = outsider.command("/networking", "help", user_id="U001")
        assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
        assert "installed in another Slack workspace (or Enterprise Grid organisation)" in reply.json["text"]
        outsider.event({"type": "app_home_opened", "user": "U001", "tab": "home"})
    assert slack.views == []
    inside = app.from_workspace("T0APAC", ENTERPRISE).command("/networking", "help", user_id="U001")
    assert "/networking pause" in inside.json["text"]


def test_a_workspace_level_install_in_a_grid_answers_only_its_own_workspace(services, org, slack):
    slack.enterprise(ENTERPRISE, WORKSPACES, org_wide=False, installed_team="T0EMEA")
    org.add("ana@acme.test")
    with AppServer(WebApp(services, build_app(services, process_before_response=True))) as server:
        own = SignedSlack(server.url, SIGNING_SECRET, slack.url, team_id="T0EMEA")
        sibling = own.from_workspace("T0AMER")
        assert "/networking pause" in own.command("/networking", "help", user_id="U001").json["text"]
        refused = sibling.command("/networking", "help", user_id="U001").json
        assert "installed in another Slack workspace" in refused["text"]


def test_joining_another_workspace_of_the_organisation_is_not_joining_the_company(
        running_app, cno, slack, slack_env):
    slack.add_user("U07", "u07@acme.test", "Dev Ops", title="DevOps Engineer", teams=["T0EMEA"])
    assert cno("sync-slack").code == 0
    slack.add_user("U09", "u09@acme.test", "Nia New", title="Analyst", teams=["T0EMEA"])
    slack.add_user("U07", "u07@acme.test", "Dev Ops", title="DevOps Engineer", teams=["T0EMEA", "T0AMER"])
    for team, user in (("T0AMER", "U07"), ("T0EMEA", "U09"), ("T0AMER", "U09")):
        running_app.slack.from_workspace(team, ENTERPRISE).event({"type": "team_join", "user": slack.users[user]})
    running_app.deliver()
    assert dms_to(slack, "U07") == []  # in Slack already, in another workspace: not welcomed as a new hire
    assert len(dms_to(slack, "U09")) == 1  # new: welcomed once, though two workspaces said so
