"""Joining: a new hire gets a welcome DM and one intro a week for four weeks, then joins the rounds."""

import json
from datetime import UTC, datetime, time, timedelta

from freezegun import freeze_time
from sqlalchemy import select

from bot.jobs import run_due
from bot.use_cases.lifecycle.onboarding import in_onboarding, onboarding_ids
from storage.models import OnboardingPlan, Person
from storage.models.base import utcnow
from tests.lifecycle.conftest import email, round_now, slack_id


def team_join(user_id, mail, name, tz="UTC"):
    return {
        "type": "team_join",
        "user": {
            "id": user_id, "name": name.split()[0].lower(), "real_name": name, "tz": tz, "deleted": False,
            "is_bot": False, "profile": {"email": mail, "real_name": name, "title": "Account executive"},
        },
    }


def add_newcomer(services, org, **fields):
    with services.uow() as uow:
        person = Person(email="nora@acme.test", name="Nora Vance", function="Sales", region="EMEA", level=3,
                        manager_id=org["mia"], **fields)
        uow.session.add(person)
        uow.commit()
        return person.id


def posted_to(slack, channel):
    return [p for p in slack.posted() if p["channel"] == channel]


def group_dms_with(slack, user):
    return [p for p in slack.posted() if p["channel"].startswith("G") and user in p["channel"][1:].split("-")]


def text_of(message):
    return message["text"] + json.dumps(message.get("blocks") or [], ensure_ascii=False)


def at(day, hour=10, minute=1):
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def test_a_team_join_leads_to_a_welcome_dm_and_four_weekly_intros_told_to_the_manager(running_app, slack, services,
                                                                                      org):
    nora = add_newcomer(services, org)
    start = utcnow()
    reply = running_app.slack.event(team_join(slack_id("nora"), "Nora@acme.test", "Nora Vance"))
    assert reply.status == 200
    running_app.deliver()

    welcome = posted_to(slack, "DUNORA")
    assert len(welcome) == 1
    assert "Welcome, Nora!" in text_of(welcome[0])
    assert "first 4 weeks" in text_of(welcome[0])
    assert len(json.loads(welcome[0]["blocks"]) if isinstance(welcome[0]["blocks"], str) else welcome[0]["blocks"]) == 3

    partners = []
    for week in range(1, 5):
        due_day = start.date() + timedelta(days=7 * (week - 1) + 1)
        with freeze_time(at(due_day, 9, 0)):  # an hour early: nothing yet
            run_due(services)
            running_app.deliver()
        assert len(group_dms_with(slack, "UNORA")) == week - 1
        with freeze_time(at(due_day)):
            run_due(services)
            run_due(services)  # a second tick (or replica) sends nothing twice
            running_app.deliver()
            assert in_onboarding_now(services, nora)
        intros = group_dms_with(slack, "UNORA")
        assert len(intros) == week
        if week == 2:
            introduced, left_out = round_now(services, now=at(due_day))  # a regular round meanwhile
            assert nora not in introduced and left_out[nora] == "onboarding"
        members = intros[-1]["channel"][1:].split("-")
        partner = next(m for m in members if m != "UNORA")
        partners.append(partner)
        assert "Why you two" in text_of(intros[-1])
        told = [m for m in posted_to(slack, "DUMIA") if "Nora Vance was introduced" in m["text"]]
        assert len(told) == week
        assert partner_name(org, partner) in text_of(told[-1])

    assert len(set(partners)) == 4
    assert not set(partners) & {"UMIA", "USAM", "USUE"}  # never her manager or her own team
    assert partners[0] in {"UIVO", "ULEA", "UHAL"}  # week 1: a peer of her manager
    with freeze_time(at(start.date() + timedelta(days=40))):
        run_due(services)
        assert not in_onboarding_now(services, nora)
        introduced, left_out = round_now(services)
        assert nora in introduced or left_out.get(nora) not in (None, "onboarding")  # she joins the rounds
    with services.uow() as uow:
        assert uow.session.scalar(select(OnboardingPlan.status)) == "done"


def in_onboarding_now(services, person_id):
    with services.uow() as uow:
        return in_onboarding(uow.session, person_id, utcnow().date())


def partner_name(org, partner_slack):
    from tests.lifecycle.conftest import PEOPLE

    return next(name for key, name, *_ in PEOPLE if slack_id(key) == partner_slack)


def test_someone_unknown_is_created_from_their_slack_profile_and_onboarded(running_app, slack, services, org):
    running_app.slack.event(team_join("UNEW", "new.hire@acme.test", "Noor Haddad", tz="Asia/Tokyo"))
    running_app.deliver()
    with services.uow() as uow:
        person = uow.session.scalar(select(Person).where(Person.email == "new.hire@acme.test"))
        assert (person.slack_id, person.name, person.timezone, person.title) == (
            "UNEW", "Noor Haddad", "Asia/Tokyo", "Account executive")
        assert person.id in onboarding_ids(uow.session, utcnow().date())
    assert len(posted_to(slack, "DUNEW")) == 1


def test_a_bot_or_a_repeated_join_gets_no_second_welcome(running_app, slack, services, org):
    bot = team_join("UBOT2", "bot@acme.test", "Helper Bot")
    bot["user"]["is_bot"] = True
    running_app.slack.event(bot)
    running_app.slack.event(team_join("UNEW", "new.hire@acme.test", "Noor Haddad"))
    running_app.slack.event(team_join("UNEW", "new.hire@acme.test", "Noor Haddad"))
    running_app.deliver()
    assert posted_to(slack, "DUBOT2") == []
    assert len(posted_to(slack, "DUNEW")) == 1


def test_people_imported_with_a_recent_start_date_are_onboarded_and_old_hands_are_not(cno, tmp_path, services,
                                                                                       slack, org):
    today = utcnow().date()
    path = tmp_path / "people.csv"
    path.write_text(
        "email,name,function,region,level,manager_email,slack_id,start_date\n"
        f"nora@acme.test,Nora Vance,Sales,EMEA,3,{email('mia')},UNORA,{today - timedelta(days=3)}\n"
        f"olga@acme.test,Olga Wren,IT,AMER,3,{email('ivo')},UOLGA,{today - timedelta(days=400)}\n"
        f"pia@acme.test,Pia Holm,IT,AMER,3,{email('ivo')},,{today + timedelta(days=10)}\n"
    )
    run = cno("import", "people", str(path))
    assert run.code == 0, run.err
    assert "2 onboarding started" in run.out
    with services.uow() as uow:
        plans = {p.person_id: p for p in uow.session.scalars(select(OnboardingPlan))}
        ids = {p.email: p.id for p in uow.session.scalars(select(Person))}
        assert set(plans) == {ids["nora@acme.test"], ids["pia@acme.test"]}
        assert plans[ids["pia@acme.test"]].starts_on == today + timedelta(days=10)  # her first day, not today
        assert plans[ids["pia@acme.test"]].welcomed_at is None  # waits for her Slack id
    from bot.outbox import OutboxSender

    OutboxSender(services.uow, services.slack).deliver_due()
    assert len(posted_to(slack, "DUNORA")) == 1
    assert posted_to(slack, "DUOLGA") == []


def test_a_partner_who_leaves_before_their_week_is_replaced_by_someone_new(running_app, slack, services, org):
    from bot.use_cases.lifecycle.leaving import people_left
    from storage.models import OnboardingIntro

    nora = add_newcomer(services, org)
    start = utcnow()
    running_app.slack.event(team_join(slack_id("nora"), "nora@acme.test", "Nora Vance"))
    with freeze_time(at(start.date() + timedelta(days=1))):
        run_due(services)
    with services.uow() as uow:
        planned = {i.week: i.partner_id for i in uow.session.scalars(select(OnboardingIntro))}
        people_left(uow.session, [planned[2]], utcnow().date())
        uow.commit()
    with freeze_time(at(start.date() + timedelta(days=8))):
        run_due(services)
        running_app.deliver()
    with services.uow() as uow:
        now_planned = {i.week: (i.partner_id, i.kind) for i in uow.session.scalars(select(OnboardingIntro))}
    assert now_planned[2][0] not in set(planned.values()) | {nora}
    assert now_planned[2][1] == "other_function"
    assert {now_planned[w][0] for w in (1, 3, 4)} == {planned[w] for w in (1, 3, 4)}
    assert len(group_dms_with(slack, "UNORA")) == 2


def test_an_old_hand_who_joins_slack_late_is_linked_but_not_onboarded(running_app, slack, services, org):
    with services.uow() as uow:
        uow.session.add(Person(email="olga@acme.test", name="Olga Wren", function="IT", region="AMER", level=4,
                               created_at=utcnow() - timedelta(days=300)))
        uow.commit()
    running_app.slack.event(team_join("UOLGA", "olga@acme.test", "Olga Wren"))
    running_app.deliver()
    with services.uow() as uow:
        olga = uow.session.scalar(select(Person).where(Person.email == "olga@acme.test"))
        assert olga.slack_id == "UOLGA"
        assert olga.id not in onboarding_ids(uow.session, utcnow().date())
    assert posted_to(slack, "DUOLGA") == []
