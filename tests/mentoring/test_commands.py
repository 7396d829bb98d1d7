"""The /mentor and /sponsor commands: usage, unknown people, the form and its checks."""

from freezegun import freeze_time

from tests.mentoring.conftest import form


def test_mentor_opens_a_form_prefilled_with_the_topic(org):
    reply = org.app.slack.command("/mentor", "public   speaking", user_id="UANA")
    assert reply.status == 200 and reply.text == ""
    [opened] = org.slack.views
    view = opened["view"]
    assert view["callback_id"] == "mentor_request"
    topic = next(b for b in view["blocks"] if b.get("block_id") == "topic")
    assert topic["element"]["initial_value"] == "public speaking"
    prefs = next(b for b in view["blocks"] if b.get("block_id") == "preferences")
    assert {o["value"] for o in prefs["element"]["options"]} == {"other_function", "other_region", "virtual_ok"}
    assert org.slack.calls_to("views.open")[0].params["trigger_id"].startswith("trigger-")


def test_sponsor_without_a_goal_opens_an_empty_form(org):
    reply = org.app.slack.command("/sponsor", "", user_id="UANA")
    assert reply.status == 200
    view = org.slack.views[-1]["view"]
    assert view["callback_id"] == "sponsor_request"
    topic = next(b for b in view["blocks"] if b.get("block_id") == "topic")
    assert "initial_value" not in topic["element"]


def test_a_bad_argument_gets_the_usage(org):
    for text in ("status now", "cancel everything", "???"):
        answer = org.command("mentor", text)
        assert "`/mentor status`" in answer and "`/mentor cancel`" in answer, text
    assert "`/sponsor [goal]`" in org.command("sponsor", "x" * 200)
    assert "`/sponsor status`" in org.command("sponsor", "help")
    assert org.slack.views == []


def test_someone_unknown_is_told_clearly(org):
    for text in ("", "status", "cancel", "public speaking"):
        answer = org.command("mentor", text, user="UNOBODY")
        assert "can't find you in the people directory" in answer
    reply = org.app.slack.submit_view("mentor_request", form("public speaking"), user_id="UNOBODY")
    assert "can't find you" in reply.json["errors"]["topic"]
    assert org.slack.views == []


def test_the_form_says_what_to_fix(org):
    reply = org.app.slack.submit_view("mentor_request", form("  ", prefs=("other_region",)), user_id="UANA")
    errors = reply.json["errors"]
    assert reply.json["response_action"] == "errors"
    assert set(errors) == {"topic", "preferences"}
    too_many = ", ".join(f"skill {i}" for i in range(11))
    reply = org.app.slack.submit_view("mentor_request", form("SQL", skills=too_many), user_id="UANA")
    assert "Up to 10 skills" in reply.json["errors"]["skills"]
    assert org.offers() == []


def test_status_and_cancel_with_nothing_open(org):
    assert "no open mentor request" in org.command("mentor", "status")
    assert "no open mentor request" in org.command("mentor", "cancel")


def test_skills_and_preferences_reach_the_candidate(org):
    with freeze_time("2026-11-25 09:00:00"):
        org.ask("mentor", "data engineering", skills="SQL; data modelling", prefs=())
    text = str(org.dms(org.current_offer().to)[0]["blocks"])
    assert "SQL, data modelling" in text
    assert "in person, in EMEA" in text
