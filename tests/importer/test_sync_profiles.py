"""Custom profile fields come from users.profile.get (Slack's users.list has none), paced under its Tier 4 limit,
and a sync stopped half-way goes on where it stopped."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.use_cases.lifecycle.profile_sync import PACE
from bot.use_cases.lifecycle.slack_sync import profile_fields_from_env, sync_slack
from storage.models import Person

MAPPING = "function=Xf1,region=Xf2"


@pytest.fixture
def people_on_slack(services, slack):
    """250 people on Slack whose function and region are custom profile fields only."""
    with services.uow() as uow:
        uow.session.add_all(Person(email=f"p{i}@acme.com", name=f"P{i}", function="Unknown", region="Unknown",
                                   level=3) for i in range(250))
        uow.commit()
    for i in range(250):
        slack.add_user(f"U{i:04d}", f"p{i}@acme.com", f"P{i}",
                       fields={"Xf1": {"value": f"Function {i % 7}"}, "Xf2": {"value": "EMEA"}})


def functions(services) -> list[str]:
    with services.uow() as uow:
        return list(uow.session.scalars(select(Person.function).order_by(Person.id)))


def test_users_list_has_no_custom_fields_so_they_are_read_one_profile_at_a_time(services, slack, people_on_slack):
    listed = services.slack.users_list(limit=1)["members"][0]["profile"]
    assert "fields" not in listed  # what the real Slack returns

    report = sync_slack(services, profile_fields=profile_fields_from_env(MAPPING), sleep=slack.clock.advance)

    assert report.profiles is not None and (report.profiles.read, report.profiles.remaining) == (250, 0)
    assert functions(services) == [f"Function {i % 7}" for i in range(250)]


def test_profiles_are_read_under_tier_4_with_no_call_refused(services, slack, people_on_slack):
    sync_slack(services, profile_fields=profile_fields_from_env(MAPPING), sleep=slack.clock.advance)

    calls = slack.calls_to("users.profile.get")
    assert len(calls) == 250  # none refused with a 429
    minutes = (calls[-1].clock - calls[0].clock) / 60
    assert 249 / minutes <= 100 and minutes >= 249 * PACE / 60


def test_a_sync_stopped_half_way_goes_on_where_it_stopped(services, slack, people_on_slack):
    mapping = profile_fields_from_env(MAPPING)
    waits = 0

    def stopped_after_100_reads(seconds: float) -> None:
        nonlocal waits
        waits += 1
        if waits == 100:
            raise KeyboardInterrupt  # the operator presses Ctrl-C
        slack.clock.advance(seconds)

    with pytest.raises(KeyboardInterrupt):
        sync_slack(services, profile_fields=mapping, sleep=stopped_after_100_reads)
    assert functions(services)[:100] == [f"Function {i % 7}" for i in range(100)]
    assert set(functions(services)[100:]) == {"Unknown"}

    again = sync_slack(services, profile_fields=mapping, sleep=slack.clock.advance)

    assert again.profiles is not None and again.profiles.read == 150
    assert len(slack.calls_to("users.profile.get")) == 250  # nobody's profile read twice
    assert functions(services) == [f"Function {i % 7}" for i in range(250)]


def test_cno_sync_slack_says_how_many_profiles_it_read(cno, slack, monkeypatch, services):
    with services.uow() as uow:
        uow.session.add(Person(email="ana@acme.com", name="Ana", function="Eng", region="EMEA", level=3))
        uow.commit()
    slack.add_user("U0ANA", "ana@acme.com", "Ana", fields={"Xf1": {"value": "Finance"}})
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", slack.url + "/api/")
    monkeypatch.setenv("CNO_PROFILE_FIELDS", "function=Xf1")

    run = cno("sync-slack")

    assert run.code == 0, run.err
    assert run.out.splitlines()[-1] == "Profile fields: 1 profiles read, 1 people changed"


def test_without_the_users_profile_read_scope_the_sync_says_which_scope_it_needs(cno, slack, monkeypatch, services):
    with services.uow() as uow:
        uow.session.add(Person(email="ana@acme.com", name="Ana", function="Eng", region="EMEA", level=3))
        uow.commit()
    slack.add_user("U0ANA", "ana@acme.com", "Ana")
    slack.scopes = slack.scopes - {"users.profile:read"}
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", slack.url + "/api/")
    monkeypatch.setenv("CNO_PROFILE_FIELDS", "function=Xf1")

    run = cno("sync-slack")

    assert run.code == 1
    assert run.err == ("cno: Slack refused users.profile.get: missing_scope (the app needs the users.profile:read "
                       "scope); run again to go on\n")
    slack.take_rejections()
