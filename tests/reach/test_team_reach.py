import json
import struct

from sqlalchemy import func, select

from bot.charts import PNG_SIGNATURE
from storage.models import OutboxMessage, TeamSnapshot
from tests.reach.conftest import NAMES


def png_width(content: bytes) -> int:
    return struct.unpack(">I", content[16:20])[0]


def everything_said(message) -> str:
    return message["text"] + json.dumps(message["blocks"], ensure_ascii=False)


def test_a_manager_sees_the_team_reach_in_the_channel(running_app, slack, org):
    running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="C42")
    assert slack.wait_for_response()[-1]["response_type"] == "ephemeral"
    running_app.deliver()
    [message] = [m for m in slack.posted() if m["channel"] == "C42"]
    text = message["text"]
    assert "Team reach · 5 people (direct reports)" in text
    assert "Reached directly: 5 people (33.3% of the organisation of 15)" in text
    assert "At one remove: 4 more people (26.7%)" in text
    assert "Last 4 weeks: +1 directly, +1 at one remove" in text
    assert "Last 12 weeks: +2 directly, +1 at one remove" in text
    assert "Functions reached (4): Sales 40% · HR 20% · IT 20% · Legal 20%" in text
    assert "Regions reached (2): EMEA 80% · AMER 20%" in text
    assert "no ties to anyone in APAC yet" in text
    blocks = json.dumps(message["blocks"])
    assert "5 people" in blocks and "APAC" in blocks


def test_the_channel_message_names_nobody(running_app, slack, org):
    running_app.slack.command("/team-reach", "all", user_id="UMGR", channel_id="C42")
    running_app.deliver()
    [message] = slack.posted()
    said = everything_said(message)
    assert not [name for name in NAMES if name in said]
    assert "<@" not in said


def test_the_chart_is_uploaded_to_the_channel_as_a_png(running_app, slack, org):
    running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="C42")
    running_app.deliver()
    [upload] = slack.uploads
    assert upload["completed"] and upload["channel"] == "C42"
    assert upload["content"][:8] == PNG_SIGNATURE
    assert upload["filename"].startswith("team-reach-") and upload["filename"].endswith(".png")
    assert png_width(upload["content"]) > 1000  # three panels: over time, functions, regions


def test_all_covers_everyone_under_the_manager(running_app, slack, org):
    running_app.slack.command("/team-reach", "all", user_id="UMGR", channel_id="C42")
    running_app.deliver()
    text = slack.posted()[0]["text"]
    assert "Team reach · 7 people (everyone under you)" in text
    assert "Reached directly: 4 people" in text
    assert "At one remove: 3 more people" in text


def test_a_team_of_fewer_than_five_gets_totals_only(running_app, slack, org):
    running_app.slack.command("/team-reach", "", user_id="USMALL", channel_id="C7")
    running_app.deliver()
    [message] = slack.posted()
    said = everything_said(message)
    assert "Reached directly: 3 people (20.0% of the organisation of 15)" in message["text"]
    assert "At one remove: 5 more people" in message["text"]
    for breakdown in ("Functions reached", "Regions reached", "EMEA", "AMER", "APAC", "Legal", "HR"):
        assert breakdown not in said
    assert "fewer than 5 see totals only" in said
    [upload] = slack.uploads
    assert upload["content"][:8] == PNG_SIGNATURE
    assert png_width(upload["content"]) < 800  # reach over time only, no mix panels


def test_someone_without_reports_gets_an_ephemeral_explanation(running_app, slack, org):
    for user in ("UNOT", "UNKNOWN"):
        reply = running_app.slack.command("/team-reach", "", user_id=user, channel_id="C42")
        assert reply.json["response_type"] == "ephemeral"
        assert "for managers" in reply.json["text"]
    running_app.deliver()
    assert slack.posted() == [] and slack.uploads == []


def test_a_manager_cannot_ask_about_another_team(running_app, slack, org):
    for text in ("<@USMALL|kim>", "kim@acme.test", "all kim@acme.test", "Kim"):
        reply = running_app.slack.command("/team-reach", text, user_id="UMGR", channel_id="C42")
        assert reply.json["response_type"] == "ephemeral"
        assert "only show your own team" in reply.json["text"]
        assert "/team-reach all" in reply.json["text"]
    with running_app.services.uow() as uow:
        assert uow.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_help_explains_the_command(running_app, org):
    reply = running_app.slack.command("/team-reach", "help", user_id="UNOT")
    assert reply.json["response_type"] == "ephemeral"
    assert "`/team-reach all`" in reply.json["text"]


def test_each_run_keeps_one_anonymous_snapshot_of_the_team_per_week(running_app, org):
    for _ in range(2):
        running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="C42")
    with running_app.services.uow() as uow:
        [snapshot] = uow.session.scalars(select(TeamSnapshot)).all()
        assert (snapshot.scope, snapshot.team_size, snapshot.first_degree, snapshot.second_degree) == (
            "direct", 5, 5, 4)
        assert (snapshot.functions_reached, snapshot.regions_reached, snapshot.org_size) == (4, 2, 15)


def test_a_channel_the_bot_is_not_in_gets_a_private_invitation_hint(running_app, slack, org):
    slack.add_channel("CPRIVATE", "private", bot_member=False)
    running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="CPRIVATE")
    [answer] = slack.wait_for_response()
    assert answer["response_type"] == "ephemeral"
    assert "/invite @CNO" in answer["text"]
    running_app.deliver()
    assert slack.posted() == [] and slack.uploads == []
