"""An org-wide install on Enterprise Grid: `cno sync-slack` reads every workspace, and a round sees one organisation."""

from __future__ import annotations

from freezegun import freeze_time
from sqlalchemy import select

from bot.use_cases.lifecycle.slack_sync import sync_slack
from storage.models import Person
from tests.grid.conftest import WORKSPACES
from tests.programs.conftest import LAUNCH_MONDAY, first_program_round

EMEA, AMER, APAC = WORKSPACES
#: (Slack id, title, zone, workspaces): U07 works in two workspaces, with one user id across the organisation.
PEOPLE = [
    ("U01", "Account Executive", "Europe/London", [EMEA]), ("U02", "Software Engineer", "Europe/Berlin", [EMEA]),
    ("U03", "Sales Manager", "America/New_York", [AMER]), ("U04", "Staff Engineer", "America/Chicago", [AMER]),
    ("U05", "SDR", "Asia/Tokyo", [APAC]), ("U06", "Backend Developer", "Asia/Singapore", [APAC]),
    ("U07", "DevOps Engineer", "Europe/Madrid", [EMEA, AMER]), ("U08", "Senior Account Manager", "Asia/Tokyo", [APAC]),
]


def add_people(slack) -> None:
    for sid, title, tz, teams in PEOPLE:
        slack.add_user(sid, f"{sid.lower()}@acme.test", f"Person {sid}", title=title, tz=tz, teams=teams)


def test_a_person_in_two_workspaces_is_synced_once_and_matched_once_in_a_round(
        running_app, cno, slack, slack_env):
    add_people(slack)
    everyone = [sid for sid, *_ in PEOPLE]
    slack.add_channel("C0COFFEE", everyone, teams=tuple(WORKSPACES))  # shared with the whole organisation
    slack.add_channel("C0EMEA", ["U01", "U02", "U07"], name="emea-news", teams=(EMEA,))
    with freeze_time(LAUNCH_MONDAY):
        synced = cno("sync-slack")
    assert synced.code == 0, synced.err
    assert "Slack: 8 members" in synced.out and "8 added from Slack (no HR file)" in synced.out
    assert "Channels: 2 public channels read" in synced.out  # the shared channel once, not once per workspace
    assert sorted(c.params["team_id"] for c in slack.calls_to("users.list")) == sorted(WORKSPACES)
    assert sorted(c.params["team_id"] for c in slack.calls_to("conversations.list")) == sorted(WORKSPACES)
    with running_app.services.uow() as uow:
        people = uow.session.scalars(select(Person)).all()
        assert sorted(p.slack_id for p in people) == everyone
        assert [p.email for p in people if p.slack_id == "U07"] == ["u07@acme.test"]

    groups = first_program_round(running_app, cno, slack, members=8)
    matched = [sid for group in groups for sid in group]
    assert len(groups) >= 3 and len(matched) == len(set(matched))  # nobody twice in the round
    assert matched.count("U07") == 1  # one person, though two workspaces list them
    workspaces_of = {sid: set(teams) for sid, _, _, teams in PEOPLE}
    across = [g for g in groups if not set.intersection(*(workspaces_of[s] for s in g))]
    assert across, "no intro crossed workspaces"  # and Slack opened those group DMs for the org-wide token


def test_a_workspace_slack_asks_to_wait_does_not_hold_up_the_others(services, slack):
    add_people(slack)
    slack.fail("users.list", status=429, retry_after=30)
    waits: list[float] = []

    report = sync_slack(services, sleep=waits.append)

    teams = [c.params["team_id"] for c in slack.calls_to("users.list")]
    assert teams[0] == teams[-1] and sorted(teams[1:]) == sorted(WORKSPACES)  # the others read meanwhile
    assert waits == [30.0]
    assert (report.members, report.added) == (8, 8)


def test_only_the_workspaces_the_app_was_added_to_are_read(services, slack):
    slack.enterprise("E0ACME", WORKSPACES, granted=[EMEA, APAC])
    add_people(slack)

    report = sync_slack(services)

    assert sorted(c.params["team_id"] for c in slack.calls_to("users.list")) == sorted([EMEA, APAC])
    assert report.added == 6  # all but U03 and U04 (Americas only); U07 through EMEA


def test_an_org_wide_app_added_to_no_workspace_says_what_the_admin_must_do(cno, slack, slack_env):
    slack.enterprise("E0ACME", WORKSPACES, granted=[])
    run = cno("sync-slack")
    assert run.code == 1
    assert run.err.startswith("cno: The app is installed org-wide in Enterprise Grid organisation E0ACME but added to "
                              "no workspace yet: an org admin adds it to workspaces")
    assert slack.calls_to("users.list") == []


def test_slack_refusing_the_list_of_workspaces_is_one_line_naming_that_method(cno, slack, slack_env):
    slack.fail("auth.teams.list", error="access_denied")
    run = cno("sync-slack")
    assert (run.code, run.err) == (1, "cno: Slack refused auth.teams.list: access_denied\n")
