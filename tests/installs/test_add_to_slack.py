""""Add to Slack": the OAuth install end to end against the stand-in, reinstall, uninstall, token rotation."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from freezegun import freeze_time
from sqlalchemy import select, text

from storage.models import Person, SlackInstallation
from storage.sealing import Sealer
from tests.installs.conftest import OAuthApp

NOT_INSTALLED = "CNO is not installed in this Slack workspace any more"


def _installed_keys(app: OAuthApp) -> list[str]:
    with app.services.uow() as uow:
        return list(uow.session.scalars(select(SlackInstallation.key).order_by(SlackInstallation.key)))


def _open_home(app: OAuthApp, team_id: str = "T1", user: str = "U1") -> None:
    reply = app.slack(team_id).event({"type": "app_home_opened", "user": user, "tab": "home"})
    assert reply.status == 200


def test_add_to_slack_installs_the_app_and_it_then_acts_in_that_workspace_with_its_own_token(oauth_app):
    state = oauth_app.start_install()
    install_page = oauth_app.get("/slack/install")
    assert "https://slack.com/oauth/v2/authorize?" in install_page.text
    assert f"client_id={oauth_app.standin.client_id}" in install_page.text
    assert "chat%3Awrite" in install_page.text or "chat:write" in install_page.text

    code = oauth_app.standin.approve("T1", "Acme")
    done = oauth_app.redirect_back(code, state)

    assert done.status == 200, done.text
    assert _installed_keys(oauth_app) == ["T1"]
    [issued] = [token for token in oauth_app.standin.tokens]
    _open_home(oauth_app)
    assert oauth_app.tokens_used("views.publish") == [issued]


def test_tokens_are_sealed_in_the_database(oauth_app):
    oauth_app.install("T1")
    [issued] = list(oauth_app.standin.tokens)
    with oauth_app.services.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM slack_installations")).all()
    assert len(rows) == 1
    assert issued not in " ".join(str(value) for value in rows[0])


def test_a_state_the_app_did_not_hand_out_is_refused_and_the_code_never_exchanged(oauth_app):
    oauth_app.start_install()
    code = oauth_app.standin.approve("T1")

    forged = oauth_app.redirect_back(code, "forged-state")
    mismatched = oauth_app.redirect_back(code, oauth_app.start_install(), cookie_state="other-browser")

    assert forged.status >= 400 and mismatched.status >= 400
    assert oauth_app.standin.calls_to("oauth.v2.access") == []
    assert _installed_keys(oauth_app) == []


def test_a_state_is_good_once(oauth_app):
    state = oauth_app.start_install()
    assert oauth_app.redirect_back(oauth_app.standin.approve("T1"), state).status == 200
    again = oauth_app.redirect_back(oauth_app.standin.approve("T1"), state)
    assert again.status >= 400
    assert len(oauth_app.standin.calls_to("oauth.v2.access")) == 1


def test_a_reinstall_replaces_the_tokens_and_keeps_the_data(oauth_app):
    oauth_app.install("T1")
    with oauth_app.installations.services_for("T1").uow() as uow:
        uow.session.add(Person(email="zoe@acme.test", slack_id="U1", name="Zoe Park", function="Sales"))
        uow.commit()
    first = list(oauth_app.standin.tokens)

    assert oauth_app.install("T1").status == 200

    second = [token for token in oauth_app.standin.tokens if token not in first]
    assert len(second) == 1
    assert _installed_keys(oauth_app) == ["T1"]
    _open_home(oauth_app, user="U1")
    assert oauth_app.tokens_used("views.publish") == second
    with oauth_app.installations.services_for("T1").uow() as uow:
        assert uow.session.scalars(select(Person.name)).all() == ["Zoe Park"]


def _uninstalled_then_asked(app: OAuthApp, event: dict[str, object]) -> None:
    app.install("T1")
    app.install("T2", "Globex")
    assert app.slack("T1").event(event).status == 200
    app.standin.uninstall("T1")
    assert _installed_keys(app) == ["T2"]
    calls_before = len(app.standin.calls)

    reply = app.slack("T1").command("/networking", "help")

    assert reply.status == 200
    [answer] = app.standin.wait_for_response()
    assert NOT_INSTALLED in answer["text"]
    assert len(app.standin.calls) == calls_before  # nothing was asked of Slack for a workspace without the app
    _open_home(app, "T2")
    assert len(app.tokens_used("views.publish")) == 1


def test_app_uninstalled_forgets_that_installations_tokens(oauth_app):
    _uninstalled_then_asked(oauth_app, {"type": "app_uninstalled"})


def test_tokens_revoked_forgets_that_installations_tokens(oauth_app):
    _uninstalled_then_asked(oauth_app, {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTT1"]}})


def test_an_expired_token_is_refreshed_before_slack_would_refuse_it(oauth_app):
    oauth_app.standin.token_rotation = True
    oauth_app.install("T1")
    [first] = list(oauth_app.standin.tokens)
    with freeze_time(datetime.now(UTC) + timedelta(hours=13)):
        assert oauth_app.standin.token_refusal(first) == "token_expired"
        _open_home(oauth_app)
        background = oauth_app.installations.services_for("T1").slack.auth_test()

    [published] = oauth_app.tokens_used("views.publish")
    assert published != first and oauth_app.standin.token_refusal(published) is None
    assert background["team_id"] == "T1"
    assert [c.params.get("grant_type") for c in oauth_app.standin.calls_to("oauth.v2.access")] == [
        None, "refresh_token"]


def test_tokens_sealed_with_another_key_are_answered_as_not_installed_until_installed_again(oauth_app):
    oauth_app.install("T1")
    with oauth_app.services.engine.begin() as connection:
        connection.execute(text("UPDATE slack_installations SET sealed = :sealed"),
                           {"sealed": Sealer(Fernet.generate_key().decode()).seal({"bot_token": "xoxb-old"})})

    oauth_app.slack("T1").command("/networking", "help")
    [answer] = oauth_app.standin.wait_for_response()
    assert NOT_INSTALLED in answer["text"]

    oauth_app.install("T1")
    _open_home(oauth_app)
    assert len(oauth_app.tokens_used("views.publish")) == 1


def test_doctor_checks_the_token_of_the_installation_it_is_told_to(oauth_cli, cno):
    oauth_app = oauth_cli
    oauth_app.install("T1")
    oauth_app.install("T2", "Globex")

    told = cno("--installation", "T2", "doctor").out
    untold = cno("doctor")

    assert '"Add to Slack" (SLACK_CLIENT_ID): checking installation T2' in told
    assert "the token works: bot UBOTT2 in Globex (T2)" in told
    assert untold.code == 1 and "no installation to check" in untold.out


def test_an_org_wide_install_is_keyed_by_its_enterprise_and_serves_each_of_its_workspaces(oauth_app):
    oauth_app.install(None, "Org", enterprise_id="E1", is_enterprise_install=True)
    assert _installed_keys(oauth_app) == ["E1"]

    for team in ("T7", "T8"):
        reply = oauth_app.slack(team).form({
            "team_id": team, "enterprise_id": "E1", "is_enterprise_install": "true", "channel_id": "C1",
            "user_id": "U1", "command": "/networking", "text": "help", "api_app_id": "A1",
            "response_url": f"{oauth_app.standin.url}/respond/{team}", "trigger_id": f"trigger-{team}"})
        assert reply.status == 200 and NOT_INSTALLED not in reply.text + json.dumps(oauth_app.standin.responses)
        assert "/networking" in reply.text + json.dumps(oauth_app.standin.responses)  # the help itself
    assert oauth_app.installations.services_for("E1").engine is not oauth_app.services.engine


REDIRECT = "https://cno.acme.com/slack/oauth_redirect"


@pytest.mark.parametrize("oauth_app", [{"slack_redirect_uri": REDIRECT}], indirect=True)
def test_with_slack_redirect_uri_the_install_asks_slack_for_it_and_exchanges_the_code_with_it(oauth_app):
    state = oauth_app.start_install()
    assert f"redirect_uri={REDIRECT}" in oauth_app.get("/slack/install").text

    done = oauth_app.redirect_back(oauth_app.standin.approve("T1", redirect_uri=REDIRECT), state)

    assert done.status == 200 and _installed_keys(oauth_app) == ["T1"]
    [exchange] = oauth_app.standin.calls_to("oauth.v2.access")
    assert exchange.params["redirect_uri"] == REDIRECT
