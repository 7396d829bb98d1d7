"""`cno doctor` against the Slack stand-in: a healthy installation passes, and each failure says what to do."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.leader import Leadership
from bot.outbox import enqueue
from storage.models import Person
from tests.conftest import CNO_SLACK_ID, SIGNING_SECRET


@pytest.fixture
def healthy(cno, engine, slack, running_app, monkeypatch):
    """A go-live-ready installation: configuration, a migrated database, the CNO and people synced, a leader."""
    for name, value in {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                        "SLACK_API_URL": slack.url + "/api/", "CNO_ADMINS": CNO_SLACK_ID}.items():
        monkeypatch.setenv(name, value)
    with Session(engine) as session:
        session.add_all([
            Person(email="cno@acme.com", name="Cleo Nwosu", function="People", region="EMEA", level=8,
                   slack_id=CNO_SLACK_ID),
            Person(email="ann@acme.com", name="Ann Lee", function="Sales", region="AMER", level=3, slack_id="UANN"),
        ])
        session.commit()
    leader = Leadership(engine, lambda: None, lambda: None)
    if engine.dialect.name == "postgresql":
        assert leader.poll_once()
    yield SimpleNamespace(url=running_app.url, leader=leader)
    leader.stop()


def line(result, name):
    for text in result.out.splitlines():
        if text[6:22].strip() == name:
            return text[:4].strip(), text[22:]
    raise AssertionError(f"no {name!r} line in:\n{result.out}")


def advice(result, name):
    lines = result.out.splitlines()
    for i, text in enumerate(lines):
        if text[6:22].strip() == name:
            following = lines[i + 1] if i + 1 < len(lines) else ""
            return following.strip().removeprefix("→ ") if following.startswith(" " * 22 + "→") else ""
    raise AssertionError(name)


def test_a_healthy_installation_passes_every_check_and_exits_0(healthy, cno, engine):
    result = cno("doctor", "--url", healthy.url)

    assert result.code == 0, result.out
    statuses = {name: line(result, name)[0] for name in (
        "configuration", "bot token", "signing secret", "database", "migrations", "Slack", "scopes", "public URL",
        "CNO", "people", "scheduler", "outbox")}
    expected_warnings = {"database", "scheduler"} if engine.dialect.name == "sqlite" else set()
    assert {n for n, s in statuses.items() if s != "ok"} == expected_warnings
    assert line(result, "Slack")[1] == "the token works: bot UBOT in Acme (T1)"
    assert line(result, "scopes")[1] == "all 16 scopes of manifest.yml are granted"
    assert line(result, "public URL")[1] == (f"{healthy.url}/slack/events answers Slack's signed requests and "
                                             "refuses unsigned ones")
    assert line(result, "CNO")[1] == "Cleo Nwosu"
    assert line(result, "people")[1] == "2 people, all with a Slack id"
    assert result.out.rstrip().splitlines()[-1].startswith("Ready to go live")


def test_without_url_the_public_url_is_skipped_with_how_to_check_it(healthy, cno):
    result = cno("doctor")
    assert result.code == 0
    assert line(result, "public URL") == ("skip", "not checked: add --url https://your-host to check that Slack "
                                                  "reaches the app")


def test_configuration_that_cannot_be_read_fails_and_skips_the_rest(healthy, cno, monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    result = cno("doctor")
    assert result.code == 1
    assert line(result, "configuration") == ("FAIL", "PORT must be a number, got 'eighty'")
    assert line(result, "database")[0] == "skip"


@pytest.mark.parametrize("token, said", [
    (None, "SLACK_BOT_TOKEN is not set"),
    ("xoxp-123", "SLACK_BOT_TOKEN starts with xoxp-: it is not a bot token (xoxb-…)"),
])
def test_a_missing_or_user_token_fails_and_says_where_to_copy_the_bot_token(healthy, cno, monkeypatch, token, said):
    if token is None:
        monkeypatch.delenv("SLACK_BOT_TOKEN")
    else:
        monkeypatch.setenv("SLACK_BOT_TOKEN", token)
    result = cno("doctor")
    assert result.code == 1
    assert line(result, "bot token") == ("FAIL", said)
    assert "OAuth & Permissions" in advice(result, "bot token")
    assert line(result, "Slack")[0] == "skip"


def test_a_token_slack_rejects_fails(healthy, cno, slack):
    slack.fail("auth.test", error="token_revoked")
    result = cno("doctor")
    assert result.code == 1
    status, said = line(result, "Slack")
    assert status == "FAIL" and said.startswith("Slack refused SLACK_BOT_TOKEN (token_revoked): copy the Bot User")
    assert line(result, "scopes")[0] == "skip"


def test_scopes_slack_did_not_grant_are_named_with_how_to_add_them(healthy, cno, slack):
    slack.granted_scopes = [s for s in slack.granted_scopes if s not in ("files:write", "users:read.email")]
    result = cno("doctor")
    assert result.code == 1
    assert line(result, "scopes") == ("FAIL", "Slack did not grant files:write, users:read.email")
    assert advice(result, "scopes").startswith("add them under OAuth & Permissions → Scopes")


def test_a_missing_signing_secret_fails(healthy, cno, monkeypatch):
    monkeypatch.delenv("SLACK_SIGNING_SECRET")
    result = cno("doctor")
    assert result.code == 1
    assert line(result, "signing secret")[0] == "FAIL"
    assert "Basic Information" in advice(result, "signing secret")


def test_an_unreachable_database_fails_and_skips_what_needs_it(healthy, cno, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://cno@127.0.0.1:1/cno")
    result = cno("doctor")
    assert result.code == 1
    status, said = line(result, "database")
    assert status == "FAIL" and said.startswith("cannot use the database at postgresql+psycopg://cno@127.0.0.1:1/cno")
    assert [line(result, n)[0] for n in ("migrations", "people", "scheduler", "outbox")] == ["skip"] * 4


def test_a_database_without_migrations_fails_with_cno_db_upgrade(healthy, cno, monkeypatch, tmp_path):
    (tmp_path / "empty.db").touch()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = cno("doctor")
    assert result.code == 1
    status, said = line(result, "migrations")
    assert status == "FAIL" and said.endswith("run `cno db upgrade`")


def test_a_missing_database_file_fails_and_is_not_created(healthy, cno, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'typo.db'}")
    assert line(cno("doctor"), "database")[0] == "FAIL"
    assert not (tmp_path / "typo.db").exists()


def test_an_app_with_another_signing_secret_at_the_url_fails(healthy, cno, monkeypatch):
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "not-the-one-the-app-has")
    result = cno("doctor", "--url", healthy.url)
    assert result.code == 1
    assert line(result, "public URL") == ("FAIL", f"{healthy.url}/slack/events refused a request signed with "
                                                  "SLACK_SIGNING_SECRET (401)")
    assert advice(result, "public URL").startswith("the app at that URL has another SLACK_SIGNING_SECRET")


def test_a_url_nothing_answers_on_fails(healthy, cno):
    result = cno("doctor", "--url", "http://127.0.0.1:1")
    assert result.code == 1
    status, said = line(result, "public URL")
    assert status == "FAIL" and said.startswith("cannot reach http://127.0.0.1:1/slack/events: ")


def test_a_public_url_without_https_fails_before_sending_anything(healthy, cno):
    result = cno("doctor", "--url", "http://cno.example.com")
    assert line(result, "public URL") == ("FAIL", "http://cno.example.com/slack/events is not https://: Slack "
                                                  "sends requests only to HTTPS URLs")


def test_no_cno_configured_fails_and_says_to_set_cno_admins(healthy, cno, monkeypatch):
    monkeypatch.delenv("CNO_ADMINS")
    result = cno("doctor")
    assert result.code == 1
    assert line(result, "CNO")[0] == "FAIL"
    assert advice(result, "CNO").startswith("set CNO_ADMINS to the CNO's Slack user id or email")


def test_a_cno_admins_entry_that_matches_no_one_fails(healthy, cno, monkeypatch):
    monkeypatch.setenv("CNO_ADMINS", "boss@elsewhere.com")
    result = cno("doctor")
    assert result.code == 1
    assert line(result, "CNO") == ("FAIL", "no one in CNO_ADMINS is a present person with a Slack id "
                                           "(unknown: boss@elsewhere.com)")


def test_people_without_slack_ids_fail_with_cno_sync_slack(healthy, cno, engine, monkeypatch):
    monkeypatch.setenv("CNO_ADMINS", "cno@acme.com")
    with Session(engine) as session:
        for person in session.query(Person):
            person.slack_id = None
        session.commit()
    result = cno("doctor")
    assert result.code == 1
    assert line(result, "people") == ("FAIL", "2 people, none with a Slack id: nobody can get an intro")
    assert advice(result, "people").startswith("run `cno sync-slack`")


def test_no_people_fails_with_how_to_import_them(healthy, cno, engine, monkeypatch):
    monkeypatch.setenv("CNO_ADMINS", "UCNO")
    with Session(engine) as session:
        session.query(Person).delete()
        session.commit()
    result = cno("doctor")
    assert line(result, "people") == ("FAIL", "no people imported: intros have no one to introduce")
    assert advice(result, "people").startswith("import people with `cno import people people.csv`")


def test_no_scheduler_leader_on_postgresql_fails(cno, engine, slack, monkeypatch, healthy):
    if engine.dialect.name != "postgresql":
        pytest.skip("leader election needs PostgreSQL")
    result_with = cno("doctor")
    assert line(result_with, "scheduler") == ("ok", "a `cno serve` replica holds the scheduler lock")
    healthy.leader.stop()  # the only replica stops: nobody holds the lock
    result = cno("doctor")
    assert result.code == 1
    assert line(result, "scheduler")[0] == "FAIL"
    assert advice(result, "scheduler").startswith("start `cno serve`")


def test_an_outbox_nothing_delivers_fails(healthy, cno, engine):
    with Session(engine) as session:
        enqueue(session, "stuck-1", text="hello", users=["UANN"], not_before=utcnow() - timedelta(minutes=45))
        session.commit()
    result = cno("doctor")
    assert result.code == 1
    status, said = line(result, "outbox")
    assert status == "FAIL" and said.startswith("1 message(s) due, the oldest for 4")
    assert said.endswith("minutes: nothing is delivering them")
