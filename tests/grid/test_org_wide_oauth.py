"""An Enterprise Grid organisation installs the app org-wide by "Add to Slack": one installation, keyed by the
organisation, answers in each of its workspaces with its own token, reads each of them with that token, and
refuses workspaces of any other organisation."""

from __future__ import annotations

import json
import time

from freezegun import freeze_time
from sqlalchemy import func, select

from storage.models import Person, SlackInstallation
from tests.grid.conftest import ENTERPRISE, WORKSPACES
from tests.installs.conftest import OAuthApp
from tests.programs.conftest import LAUNCH_MONDAY

EMEA, AMER, APAC = WORKSPACES
NOT_INSTALLED = "CNO is not installed in this Slack workspace"


def _install_org_wide(app: OAuthApp) -> str:
    """An org admin goes through /slack/install and /slack/oauth_redirect for the whole organisation: its token."""
    done = app.install(None, "Acme", enterprise_id=ENTERPRISE, is_enterprise_install=True)
    assert done.status == 200, done.text
    with app.services.uow() as uow:
        [row] = uow.session.scalars(select(SlackInstallation)).all()
        assert (row.key, row.team_id, row.is_enterprise_install) == (ENTERPRISE, None, True)
    [token] = [token for token, issued in app.standin.tokens.items() if issued.grant.key == ENTERPRISE]
    return token


def test_an_org_wide_add_to_slack_answers_in_each_workspace_of_the_organisation_and_refuses_another(oauth_app):
    token = _install_org_wide(oauth_app)
    slack = oauth_app.standin
    signed = oauth_app.slack(EMEA)

    for team, user in ((EMEA, "U0ANA"), (APAC, "U0CY")):
        there = signed.from_workspace(team, ENTERPRISE)
        reply = there.command("/networking", "help", user_id=user)
        assert reply.status == 200 and "/networking pause" in reply.json["text"], reply.text
        opened = there.event({"type": "app_home_opened", "user": user, "tab": "home"})
        assert opened.status == 200
        assert (slack.views[-1]["method"], slack.views[-1]["user_id"]) == ("publish", user)
    assert oauth_app.tokens_used("views.publish") == [token, token]  # the organisation's token in both

    calls_before = len(slack.calls)
    for n, outsider in enumerate((signed.from_workspace("T0RIVAL", "E0RIVAL"), signed.from_workspace("T0SOLO")), 1):
        refused = outsider.command("/networking", "help", user_id="U0ANA")
        assert refused.status == 200 and "/networking pause" not in refused.text
        assert NOT_INSTALLED in slack.wait_for_response(n)[-1]["text"]  # Bolt answers on the response_url
        assert outsider.event({"type": "app_home_opened", "user": "U0ANA", "tab": "home"}).status == 200
    assert len(slack.views) == 2  # nothing published for the other organisation or the standalone workspace
    assert len(slack.calls) == calls_before  # nor anything asked of Slack with the organisation's token
    assert oauth_app.installations.keys() == [ENTERPRISE]


def test_a_request_that_does_not_flag_the_org_install_is_still_served_by_the_organisations_installation(
        oauth_app):
    """Bolt finds the organisation's token for a workspace of it either way; its data must be the same."""
    token = _install_org_wide(oauth_app)
    body = {"token": "legacy", "team_id": AMER, "enterprise_id": ENTERPRISE, "api_app_id": "A1",
            "type": "event_callback", "event_id": "Ev0UNFLAGGED", "event_time": int(time.time()),
            "event": {"type": "app_home_opened", "user": "U0BEN", "tab": "home"},
            "authorizations": [{"enterprise_id": ENTERPRISE, "team_id": AMER, "user_id": "UBOT", "is_bot": True,
                                "is_enterprise_install": False}]}

    assert oauth_app.slack(AMER).post(json.dumps(body), "application/json").status == 200

    assert oauth_app.tokens_used("views.publish") == [token]
    assert not [key for key in oauth_app.installations._by_key if key != ENTERPRISE]  # no installation of AMER


def test_sync_reads_every_workspace_of_the_organisation_with_that_installations_own_token(oauth_cli, cno):
    token = _install_org_wide(oauth_cli)
    slack = oauth_cli.standin
    for sid, teams in (("U0ANA", [EMEA]), ("U0BEN", [AMER]), ("U0CY", [APAC]), ("U0DEV", [EMEA, APAC])):
        slack.add_user(sid, f"{sid.lower()}@acme.test", f"Person {sid}", teams=teams)

    doctor = cno("--installation", ENTERPRISE, "doctor")
    with freeze_time(LAUNCH_MONDAY):
        synced = cno("--installation", ENTERPRISE, "sync-slack")

    assert (f"the token works: bot UBOT{ENTERPRISE} in Acme ({ENTERPRISE}), installed org-wide: every workspace "
            f"of Enterprise Grid organisation {ENTERPRISE} the app is added to") in doctor.out
    assert synced.code == 0, synced.err
    assert "Slack: 4 members" in synced.out and "4 added from Slack" in synced.out  # U0DEV once
    for method in ("auth.teams.list", "users.list", "conversations.list"):
        assert set(oauth_cli.tokens_used(method)) == {token}, method
    assert sorted(c.params["team_id"] for c in slack.calls_to("users.list")) == sorted(WORKSPACES)
    with oauth_cli.installations.services_for(ENTERPRISE).uow() as uow:
        assert sorted(uow.session.scalars(select(Person.slack_id))) == ["U0ANA", "U0BEN", "U0CY", "U0DEV"]
    with oauth_cli.services.uow() as uow:  # the default schema holds the installation and nobody's people
        assert uow.session.scalar(select(func.count()).select_from(Person)) == 0
