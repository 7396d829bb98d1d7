from datetime import date

import pytest
from sqlalchemy import select

from bot.errors import ConfigError
from bot.use_cases.lifecycle.slack_sync import profile_fields_from_env, sync_slack
from storage.csv_import import import_people
from storage.models import Person

PEOPLE = "email,name,function,region,level,manager_email\n" + (
    "ana@acme.com,Ana,Eng,EMEA,3,\nbob@acme.com,Bob,Sales,AMER,2,\ncyd@acme.com,Cyd,HR,APAC,4,\n"
)


@pytest.fixture
def org(session, write_csv):
    import_people(session, write_csv(PEOPLE))
    session.commit()


def stored(session):
    session.expire_all()
    return {p.email: p for p in session.scalars(select(Person))}


def test_people_are_linked_by_email_with_their_slack_names_titles_and_time_zones(services, slack, session, org):
    slack.add_user("U0ANA", "Ana@Acme.com", "Ana Lopez", tz="Europe/Madrid", title="Staff Engineer")
    slack.add_user("U0BOB", "bob@acme.com", "Bob Stone", tz="America/Chicago")
    slack.add_user("U0ZED", "zed@acme.com", "Zed")

    report = sync_slack(services)

    people = stored(session)
    ana, bob = people["ana@acme.com"], people["bob@acme.com"]
    assert (ana.slack_id, ana.name, ana.title) == ("U0ANA", "Ana Lopez", "Staff Engineer")
    assert ana.timezone == "Europe/Madrid"
    assert (bob.slack_id, bob.timezone) == ("U0BOB", "America/Chicago")
    assert people["cyd@acme.com"].slack_id is None
    assert (report.members, report.linked, report.updated) == (3, 2, 2)
    assert (report.unknown, report.unknown_sample) == (1, ["zed@acme.com"])


def test_bots_and_slackbot_are_skipped(services, slack, session, org):
    slack.add_user("USLACKBOT", "ana@acme.com", "Slackbot")
    slack.add_user("B0BOT", "bob@acme.com", "Deploy bot", is_bot=True)

    report = sync_slack(services)

    assert report.bots == 2 and report.members == 0 and report.linked == 0
    assert all(p.slack_id is None for p in stored(session).values())


def test_deleted_slack_users_are_marked_left_and_reported(services, slack, session, org):
    slack.add_user("U0CYD", "cyd@acme.com", "Cyd", deleted=True)

    report = sync_slack(services, today=date(2026, 11, 20))
    again = sync_slack(services, today=date(2026, 11, 27))

    cyd = stored(session)["cyd@acme.com"]
    assert report.left_ids == [cyd.id] and again.left_ids == []
    assert (cyd.active, cyd.left_on) == (False, date(2026, 11, 20))


def test_every_page_of_a_large_workspace_is_read(services, slack, session, write_csv):
    rows = "".join(f"p{i}@acme.com,P{i},Eng,EMEA,1,\n" for i in range(450))
    import_people(session, write_csv("email,name,function,region,level,manager_email\n" + rows))
    session.commit()
    for i in range(450):
        slack.add_user(f"U{i:05d}", f"p{i}@acme.com", f"Person {i}")

    report = sync_slack(services)

    calls = slack.calls_to("users.list")
    assert len(calls) == 3
    assert [c.params.get("cursor") for c in calls] == [None, "200", "400"]
    assert report.linked == 450
    assert all(p.slack_id for p in stored(session).values())


def test_a_rate_limited_page_is_retried_after_the_time_slack_asks(services, slack, session, org):
    slack.add_user("U0ANA", "ana@acme.com", "Ana")
    slack.fail("users.list", status=429, retry_after=3)
    waits = []

    report = sync_slack(services, sleep=waits.append)

    assert waits == [3.0]
    assert report.linked == 1
    assert len(slack.calls_to("users.list")) == 2


def test_a_slack_id_moves_to_the_person_slack_says_owns_it(services, slack, session, org):
    people = stored(session)
    people["bob@acme.com"].slack_id = "U0ANA"
    session.commit()
    slack.add_user("U0ANA", "ana@acme.com", "Ana")

    sync_slack(services)

    people = stored(session)
    assert people["ana@acme.com"].slack_id == "U0ANA" and people["bob@acme.com"].slack_id is None


def test_custom_profile_fields_fill_function_region_level_and_team(services, slack, session, org):
    fields = {"Xf1": {"value": "Finance"}, "Xf2": {"value": "LATAM"}, "Xf3": {"value": "5"}, "Xf4": {"value": "Tax"}}
    slack.add_user("U0ANA", "ana@acme.com", "Ana", fields=fields)
    slack.add_user("U0BOB", "bob@acme.com", "Bob", fields={"Xf3": {"value": "senior"}})
    mapping = profile_fields_from_env("function=Xf1, region=Xf2,level=Xf3,team=Xf4")

    sync_slack(services, profile_fields=mapping)

    people = stored(session)
    ana, bob = people["ana@acme.com"], people["bob@acme.com"]
    assert (ana.function, ana.region, ana.level, ana.team) == ("Finance", "LATAM", 5, "Tax")
    assert (bob.function, bob.level) == ("Sales", 2)  # unmapped values and a non-number level are left alone


def test_a_second_sync_changes_nothing(services, slack, session, org):
    slack.add_user("U0ANA", "ana@acme.com", "Ana Lopez", tz="Europe/Madrid")
    sync_slack(services)

    again = sync_slack(services)

    assert (again.linked, again.updated, again.left_ids) == (0, 0, [])


def test_a_wrong_profile_field_mapping_is_a_one_line_configuration_error():
    with pytest.raises(ConfigError, match="CNO_PROFILE_FIELDS: 'grade=Xf1' should be <attribute>=<Slack field id>"):
        profile_fields_from_env("function=Xf0,grade=Xf1")


def test_cno_sync_slack_prints_what_it_did(cno, slack, monkeypatch, org):
    slack.add_user("U0ANA", "ana@acme.com", "Ana")
    slack.add_user("U0CYD", "cyd@acme.com", "Cyd", deleted=True)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", slack.url + "/api/")

    run = cno("sync-slack")

    assert run.code == 0, run.err
    assert run.out == "Slack: 2 members (0 bots skipped); 2 linked, 0 updated, 1 marked left, 0 unknown emails\n"


def test_cno_sync_slack_without_a_token_says_what_is_missing(cno):
    run = cno("sync-slack")
    assert run.code == 1
    assert run.err.startswith("cno: SLACK_BOT_TOKEN must be set")


def test_slack_refusing_the_call_is_one_line(cno, slack, monkeypatch, org):
    slack.fail("users.list", error="missing_scope")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", slack.url + "/api/")

    run = cno("sync-slack")

    assert run.code == 1
    assert run.err == (
        "cno: Slack refused users.list: missing_scope (the app needs the users:read and users:read.email scopes)\n"
    )
