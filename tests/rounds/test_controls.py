"""/networking controls and the App Home, driven over HTTP: they change who is matched."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from bot.use_cases.rounds.making import dry_run_lines, run_scheduled_round
from storage.models import Person
from tests.conftest import CNO_SLACK_ID
from tests.rounds.conftest import MONDAY_9

TODAY = MONDAY_9 - timedelta(days=3)  # Friday before the round


def matched_emails(services, now=MONDAY_9):
    lines = dry_run_lines(services, now)
    return {email for line in lines[:-1] for email in line["members"]}, {
        x["email"]: x["reason"] for x in lines[-1]["left_out"]}


def command(running_app, text, user):
    with freeze_time(TODAY):
        reply = running_app.slack.command("/networking", text, user_id=user)
    assert reply.status == 200
    return reply.json


def test_pause_opt_out_and_resume_change_who_is_matched(running_app, org):
    emails = org.add_many(6)
    paused, out = emails[0], emails[1]
    answer = command(running_app, "pause 2w", org.slack_ids[paused])
    assert answer["response_type"] == "ephemeral"
    assert "no intros until 2026-12-11" in answer["text"]
    assert "Opted out" not in command(running_app, "opt-out", org.slack_ids[out])["text"]

    matched, left_out = matched_emails(running_app.services)
    assert paused not in matched and out not in matched
    assert "paused" in left_out[paused] and "opted in" in left_out[out]
    assert matched == set(emails[2:])

    assert "Welcome back" in command(running_app, "resume", org.slack_ids[paused])["text"]
    assert "You're in" in command(running_app, "opt-in", org.slack_ids[out])["text"]
    matched, _ = matched_emails(running_app.services)
    assert matched == set(emails)


def test_a_pause_until_a_date_ends_on_that_date(running_app, org):
    emails = org.add_many(4)
    command(running_app, "pause 2026-12-07", org.slack_ids[emails[0]])
    assert emails[0] not in matched_emails(running_app.services, MONDAY_9)[0]
    assert emails[0] in matched_emails(running_app.services, MONDAY_9 + timedelta(days=7))[0]


@pytest.mark.parametrize("text", ["pause", "pause soon", "pause 2026-01-01", "pause 0d", "pause 3y", "dance"])
def test_a_bad_argument_gets_the_right_usage(running_app, org, text):
    org.add("ana@acme.test")
    answer = command(running_app, text, "U001")
    assert answer["response_type"] == "ephemeral"
    assert ("/networking pause 2w" in answer["text"]) or ("I don't know `dance`" in answer["text"])


def test_someone_unknown_is_told_how_to_get_in(running_app, org):
    assert "I don't know you yet" in command(running_app, "status", "UNOBODY")["text"]


def test_status_shows_the_next_round_and_recent_intros(running_app, rounds_on, org):
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez")
    org.add("ben@acme.test", "Engineering", "APAC", name="Ben Kim")
    run_scheduled_round(running_app.services, MONDAY_9)
    with freeze_time(MONDAY_9 + timedelta(days=1)):
        reply = running_app.slack.command("/networking", "status", user_id="U001")
    text = reply.json["text"]
    assert "You're in" in text
    assert "Next round: Monday 07 December" in text
    assert "2026-W49: Ben Kim (Engineering, APAC) — no answer yet" in text


def prefs_values(frequency="monthly", prefer=("prefer_other_function",), region="Paris", interests="chess, jazz",
                 available=("mentor_available",), mentor="2", sponsor="0"):
    def options(values):
        return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}

    return {
        "frequency": {"value": {"type": "static_select", "selected_option": {"value": frequency}}},
        "prefer": {"value": options(prefer)},
        "in_person_region": {"value": {"type": "plain_text_input", "value": region}},
        "interests": {"value": {"type": "plain_text_input", "value": interests}},
        "available": {"value": options(available)},
        "mentor_capacity": {"value": {"type": "static_select", "selected_option": {"value": mentor}}},
        "sponsor_capacity": {"value": {"type": "static_select", "selected_option": {"value": sponsor}}},
    }


def test_prefs_opens_a_modal_and_saving_it_stores_the_preferences(running_app, org, slack):
    org.add("ana@acme.test")
    reply = command(running_app, "prefs", "U001")
    assert reply is None or not reply.get("text")
    view = slack.views[-1]["view"]
    assert view["callback_id"] == "networking_prefs"
    assert [b["block_id"] for b in view["blocks"]] == [
        "frequency", "prefer", "in_person_region", "interests", "available", "mentor_capacity", "sponsor_capacity",
        "findable"]

    reply = running_app.slack.submit_view("networking_prefs", prefs_values(), user_id="U001")
    assert reply.status == 200 and not reply.text
    person = org.person("ana@acme.test")
    assert person.preferences["frequency"] == "monthly"
    assert person.preferences["prefer_other_function"] is True
    assert person.preferences["prefer_other_region"] is False
    assert person.preferences["in_person_region"] == "Paris"
    assert (person.preferences["mentor_available"], person.preferences["mentor_capacity"]) == (True, 2)
    assert person.preferences["sponsor_available"] is False
    assert person.interests == ["chess", "jazz"]

    command(running_app, "prefs", "U001")  # the modal opens with what was saved
    reopened = slack.views[-1]["view"]["blocks"]
    assert reopened[0]["element"]["initial_option"]["value"] == "monthly"
    assert reopened[3]["element"]["initial_value"] == "chess, jazz"


def test_a_bad_preference_is_refused_in_the_modal(running_app, org):
    org.add("ana@acme.test")
    reply = running_app.slack.submit_view("networking_prefs", prefs_values(frequency="daily"), user_id="U001")
    assert reply.json["response_action"] == "errors"


def test_a_monthly_preference_skips_rounds_until_a_month_has_passed(running_app, rounds_on, org):
    emails = org.add_many(4)
    run_scheduled_round(running_app.services, MONDAY_9)
    running_app.slack.submit_view("networking_prefs", prefs_values(frequency="monthly"), user_id="U001")
    next_week = MONDAY_9 + timedelta(days=7)
    matched, left_out = matched_emails(running_app.services, next_week)
    assert emails[0] not in matched
    assert "once a month" in left_out[emails[0]]
    matched, _ = matched_emails(running_app.services, MONDAY_9 + timedelta(days=28))
    assert emails[0] in matched


def test_app_home_shows_status_intros_reach_and_controls(running_app, rounds_on, org, slack):
    org.add("ana@acme.test", "Sales", "EMEA", name="Ana Lopez")
    org.add("ben@acme.test", "Engineering", "APAC", name="Ben Kim")
    org.add("cy@acme.test", "Legal", "AMER", name="Cy Park")
    with running_app.services.uow() as uow:
        from storage.models import Interaction

        ids = org.people
        uow.session.add(Interaction(a_id=ids["ana@acme.test"], b_id=ids["ben@acme.test"], kind="meeting",
                                    occurred_on=date(2026, 10, 1)))
        uow.session.add(Interaction(a_id=ids["ben@acme.test"], b_id=ids["cy@acme.test"], kind="meeting",
                                    occurred_on=date(2026, 10, 1)))
        uow.commit()
    with freeze_time(TODAY):
        running_app.slack.event({"type": "app_home_opened", "user": "U001", "tab": "home"})
    home = slack.views[-1]
    assert home["method"] == "publish" and home["user_id"] == "U001"
    text = str(home["view"])
    assert "You're in" in text
    assert "ties with *1* person, who connects you to *1* more" in text
    actions = [e["action_id"] for b in home["view"]["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert actions == ["networking_pause_2w", "networking_opt_out", "networking_open_prefs"]
    assert "Rounds (CNO)" not in text

    with freeze_time(TODAY):
        running_app.slack.action("networking_pause_2w", value="2w", user_id="U001", channel_id="")
    assert org.person("ana@acme.test").paused_until == date(2026, 12, 11)
    republished = slack.views[-1]["view"]
    assert "paused until 2026-12-11" in str(republished)
    assert "networking_resume" in str(republished)


def test_the_cno_sees_and_edits_the_schedule_in_app_home(running_app, rounds_on, org, slack):
    org.add("cno@acme.test", slack_id=CNO_SLACK_ID)
    with freeze_time(TODAY):
        running_app.slack.event({"type": "app_home_opened", "user": CNO_SLACK_ID, "tab": "home"})
    text = str(slack.views[-1]["view"])
    assert "Rounds (CNO)" in text and "every Monday at 09:00 (UTC)" in text
    running_app.slack.action("round_schedule_edit", value="edit", user_id=CNO_SLACK_ID)
    modal = slack.views[-1]["view"]
    assert modal["callback_id"] == "round_schedule"

    values = {
        "cadence": {"value": {"type": "static_select", "selected_option": {"value": "biweekly"}}},
        "weekday": {"value": {"type": "static_select", "selected_option": {"value": "tue"}}},
        "hour": {"value": {"type": "number_input", "value": "10"}},
        "local_send_hour": {"value": {"type": "number_input", "value": "9"}},
        "follow_up_days": {"value": {"type": "number_input", "value": "5"}},
        "quiet_threshold": {"value": {"type": "number_input", "value": "3"}},
        "preview_lead_hours": {"value": {"type": "number_input", "value": "24"}},
        "approval": {"value": {"type": "checkboxes", "selected_options": [{"value": "required"}]}},
    }
    with freeze_time(TODAY):
        reply = running_app.slack.submit_view("round_schedule", values, user_id=CNO_SLACK_ID)
    assert reply.status == 200 and not reply.text
    assert "every other Tuesday at 10:00 (UTC)" in str(slack.views[-1]["view"])
    from bot.scheduler import ROUND_JOB_ID, job_store

    job = job_store(running_app.services.engine).lookup_job(ROUND_JOB_ID)
    assert "day_of_week='tue'" in str(job.trigger) and "hour='10'" in str(job.trigger)

    reply = running_app.slack.submit_view("round_schedule", values, user_id="U999")
    assert reply.json["response_action"] == "errors"
    with running_app.services.uow() as uow:
        assert uow.session.scalars(select(Person)).all()


def test_the_prefs_modal_opens_even_with_unusual_stored_values(running_app, org, slack):
    org.add("ana@acme.test", preferences={"frequency": "fortnightly", "mentor_capacity": 8})
    command(running_app, "prefs", "U001")
    blocks = slack.views[-1]["view"]["blocks"]
    assert blocks[0]["element"]["initial_option"]["value"] == "weekly"
    mentor = blocks[5]["element"]
    assert mentor["initial_option"]["value"] == "8"
    assert mentor["initial_option"] in mentor["options"]


def test_resume_and_opt_in_say_truthfully_whether_intros_will_come(running_app, org):
    org.add("ana@acme.test")
    command(running_app, "opt-out", "U001")
    answer = command(running_app, "resume", "U001")["text"]
    assert "you're in the next round" not in answer
    assert "opted out" in answer and "/networking opt-in" in answer

    command(running_app, "pause 2w", "U001")
    answer = command(running_app, "opt-in", "U001")["text"]
    assert "first intro" not in answer and "next round" not in answer
    assert "paused until 2026-12-11" in answer and "/networking resume" in answer

    command(running_app, "resume", "U001")
    assert "already in" in command(running_app, "opt-in", "U001")["text"]
    command(running_app, "opt-out", "U001")
    assert "already opted out" in command(running_app, "opt-out", "U001")["text"]
