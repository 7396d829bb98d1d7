"""What people read: intros, follow-ups and their network figures read naturally for a pair and for a trio."""

from __future__ import annotations

from datetime import date, timedelta

from freezegun import freeze_time
from sqlalchemy import select

from bot.jobs import run_due
from bot.use_cases.rounds.making import run_scheduled_round
from storage.models import Interaction, IntroMember
from tests.rounds.conftest import MONDAY_9, group_dms
from tests.rounds.test_intro_round import block_text

PARIS = {"in_person_region": "Paris"}


def intro_text(running_app, slack):
    run_scheduled_round(running_app.services, MONDAY_9)
    with freeze_time(MONDAY_9):
        running_app.deliver()
    [post] = group_dms(slack)
    return block_text(post["blocks"]) + "\n" + post["text"]


def test_a_pair_reads_you_both_and_the_other(running_app, rounds_on, org, slack):
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez", interests=["chess"], skills=["python"],
            preferences=PARIS)
    org.add("ben@acme.test", "Engineering", "EMEA", name="Ben Kim", interests=["chess", "python"], preferences=PARIS)
    text = intro_text(running_app, slack)
    assert "You both listed interest in chess." in text
    assert "You both listed chess among your interests" in text
    assert "One of you knows about python, which the other listed as an interest." in text
    assert "You are both in Paris" in text
    assert "You all" not in text and "You are all" not in text


def test_a_trio_reads_all_three_of_you(running_app, rounds_on, org, slack):
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez", interests=["chess"], skills=["python"],
            preferences=PARIS)
    org.add("ben@acme.test", "Engineering", "EMEA", name="Ben Kim", interests=["chess", "python"], preferences=PARIS)
    org.add("cy@acme.test", "Legal", "EMEA", name="Cy Park", interests=["chess"], preferences=PARIS)
    text = intro_text(running_app, slack)
    assert "All three of you listed interest in chess." in text
    assert "All three of you listed chess among your interests" in text
    assert "One of you knows about python, which another listed as an interest." in text
    assert "All three of you are in Paris" in text
    assert "You all" not in text and "You are all" not in text


def test_in_a_trio_we_didnt_meet_reads_neither_of_them(running_app, rounds_on, org, slack):
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez")
    org.add("ben@acme.test", "Engineering", "AMER", name="Ben Kim")
    org.add("cy@acme.test", "Legal", "APAC", name="Cy Park")
    run_scheduled_round(running_app.services, MONDAY_9)
    with freeze_time(MONDAY_9 + timedelta(days=4, minutes=1)):
        running_app.deliver()
        run_due(running_app.services)
        running_app.deliver()
    with running_app.services.uow() as uow:
        member_id = uow.session.scalar(
            select(IntroMember.id).where(IntroMember.person_id == org.people["ana@acme.test"]))
    with freeze_time(MONDAY_9 + timedelta(days=5)):
        running_app.slack.action("intro_not_met", value=str(member_id), user_id="U001", channel_id="DU001")
        running_app.deliver()
    [answer] = [r for r in slack.responses if r.get("replace_original")]
    assert "didn't meet Ben Kim or Cy Park" in answer["text"]
    assert "didn't meet Ben Kim or Cy Park" in block_text(answer["blocks"])


def test_network_figures_say_one_person_not_one_people(running_app, rounds_on, org, slack):
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez")
    org.add("ben@acme.test", "Engineering", "APAC", name="Ben Kim")
    org.add("cy@acme.test", "Legal", "AMER", name="Cy Park")
    ids = org.people
    with running_app.services.uow() as uow:
        for a, b in (("ana", "ben"), ("ben", "cy")):
            x, y = Interaction.ordered(ids[f"{a}@acme.test"], ids[f"{b}@acme.test"])
            uow.session.add(Interaction(a_id=x, b_id=y, kind="meeting", occurred_on=date(2026, 10, 1)))
        uow.commit()
    with freeze_time(MONDAY_9):
        status = running_app.slack.command("/networking", "status", user_id="U001").json["text"]
        running_app.slack.event({"type": "app_home_opened", "user": "U001", "tab": "home"})
    assert "ties with 1 person, who connects you to 1 more" in status
    assert "ties with *1* person, who connects you to *1* more" in str(slack.views[-1]["view"])
    assert "1 people" not in status and "*1* people" not in str(slack.views[-1]["view"])
