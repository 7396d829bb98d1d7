"""The CNO sees, creates, edits, pauses and ends programs from the App Home (modal `program_edit`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from freezegun import freeze_time
from sqlalchemy import select

from storage.models import Program
from tests.conftest import CNO_SLACK_ID
from tests.programs.conftest import channel_posts

TODAY = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)


def form(name="Engineering x Sales", channel="C0XSALES", size="4", intro="across", attribute="function"):
    values = {
        "name": {"value": {"type": "plain_text_input", "value": name}},
        "channel": {"value": {"type": "conversations_select", "selected_conversation": channel}},
        "cadence": {"value": {"type": "static_select", "selected_option": {"value": "biweekly"}}},
        "weekday": {"value": {"type": "static_select", "selected_option": {"value": "thu"}}},
        "local_hour": {"value": {"type": "number_input", "value": "10"}},
        "group_size": {"value": {"type": "static_select", "selected_option": {"value": size}}},
        "intro_type": {"value": {"type": "static_select", "selected_option": {"value": intro}}},
        "attribute": {"value": {"type": "static_select", "selected_option": {"value": attribute}}},
        "seats": {"value": {"type": "plain_text_input", "value": None}},
        "follow_up_days": {"value": {"type": "number_input", "value": "5"}},
        "approval": {"value": {"type": "checkboxes", "selected_options": []}},
    }
    return values


def home_text(slack) -> str:
    return json.dumps([v for v in slack.views if v["method"] == "publish"][-1]["view"])


def test_the_cno_creates_a_program_from_the_app_home_and_its_channel_hears_of_it(running_app, org, slack):
    org.add("cno@acme.test", slack_id=CNO_SLACK_ID)
    app = running_app.slack
    with freeze_time(TODAY):
        app.event({"type": "app_home_opened", "user": CNO_SLACK_ID, "tab": "home"})
        assert "Programs (CNO)" in home_text(slack) and "program_new" in home_text(slack)
        app.action("program_new", value="new", user_id=CNO_SLACK_ID)
        modal = slack.views[-1]["view"]
        assert modal["callback_id"] == "program_edit" and modal["private_metadata"] == ""
        reply = app.submit_view("program_edit", form(), user_id=CNO_SLACK_ID)
        assert reply.status == 200 and not reply.text
        shown = home_text(slack)
        assert "Engineering x Sales" in shown and "in a group of 4 with people from another function" in shown
        assert "every other Thursday at 10:00 your time" in shown
        running_app.deliver()
    assert any("*Engineering x Sales* starts here" in p for p in channel_posts(slack, "C0XSALES"))


def test_the_program_modal_points_at_the_field_that_is_wrong(running_app, org, slack):
    org.add("cno@acme.test", slack_id=CNO_SLACK_ID)
    reply = running_app.slack.submit_view("program_edit", form(name="  "), user_id=CNO_SLACK_ID)
    assert reply.json["response_action"] == "errors" and "name" in reply.json["errors"]
    reply = running_app.slack.submit_view("program_edit", form(attribute=""), user_id=CNO_SLACK_ID)
    assert "attribute" in reply.json["errors"] and "needs --attribute" in reply.json["errors"]["attribute"]
    with running_app.services.uow() as uow:
        assert uow.session.scalars(select(Program)).all() == []


def test_the_cno_edits_pauses_and_ends_a_program_from_the_app_home(running_app, org, slack):
    org.add("cno@acme.test", slack_id=CNO_SLACK_ID)
    app = running_app.slack
    with freeze_time(TODAY):
        app.submit_view("program_edit", form(), user_id=CNO_SLACK_ID)
        with running_app.services.uow() as uow:
            program_id = uow.session.scalars(select(Program.id)).one()
        app.action("program_edit_open", value=str(program_id), user_id=CNO_SLACK_ID)
        modal = slack.views[-1]["view"]
        assert modal["private_metadata"] == str(program_id) and "Engineering x Sales" in json.dumps(modal)
        app.submit_view("program_edit", form(name="Eng x Sales", size="3"), user_id=CNO_SLACK_ID,
                        private_metadata=str(program_id))
        app.action("program_pause", value=str(program_id), user_id=CNO_SLACK_ID)
        assert "Eng x Sales" in home_text(slack) and "program_resume" in home_text(slack)
        app.action("program_end", value=str(program_id), user_id=CNO_SLACK_ID)
    with running_app.services.uow() as uow:
        program = uow.session.get(Program, program_id)
        assert (program.name, program.group_size, program.status) == ("Eng x Sales", 3, "ended")


def test_only_the_cno_sees_or_manages_programs(running_app, org, slack):
    org.add("ada@acme.test")
    app = running_app.slack
    app.event({"type": "app_home_opened", "user": "U001", "tab": "home"})
    assert "Programs (CNO)" not in home_text(slack)
    reply = app.submit_view("program_edit", form(), user_id="U001")
    assert "Only the CNO can manage programs" in json.dumps(reply.json)
    with running_app.services.uow() as uow:
        assert uow.session.scalars(select(Program)).all() == []
