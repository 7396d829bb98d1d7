"""Where `/team-reach` can post: a channel the bot is in, the manager's DM with the app; anywhere else the manager is
told why and how, privately, and nothing is posted or left to fail later."""

from message_templates import render_text

NOT_IN_A_DM = render_text("reach/cannot_post_here.txt", reason="not_in_a_dm")
INVITE_ME = render_text("reach/cannot_post_here.txt", reason="invite_me")
WORKING = render_text("reach/team_reach_working.txt")


def cannot_check(error):
    return render_text("reach/cannot_post_here.txt", reason="cannot_check", error=error)


def test_in_a_dm_between_two_people_the_manager_is_told_to_use_a_channel(running_app, slack, org):
    running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="D0TWOPEOPLE")
    [answer] = slack.wait_for_response()
    assert (answer["response_type"], answer["text"]) == ("ephemeral", NOT_IN_A_DM)
    running_app.deliver()
    assert slack.posted() == [] and slack.uploads == []


def test_in_the_managers_dm_with_the_app_the_reach_is_posted_there(running_app, slack, org):
    slack.add_channel("DAPPMGR", "im")
    running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="DAPPMGR")
    assert slack.wait_for_response()[-1]["text"] == WORKING
    running_app.deliver()
    [message] = slack.posted()
    assert message["channel"] == "DAPPMGR" and "Team reach · 5 people" in message["text"]


def test_a_public_channel_the_bot_is_not_in_gets_the_invitation_hint(running_app, slack, org):
    slack.add_channel("C0NOTIN", "public", bot_member=False)
    running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="C0NOTIN")
    assert slack.wait_for_response()[-1]["text"] == INVITE_ME
    running_app.deliver()
    assert slack.posted() == []


def test_when_slack_cannot_say_whether_the_bot_may_post_the_manager_hears_slacks_answer(running_app, slack, org):
    slack.fail("conversations.info", status=503)
    running_app.slack.command("/team-reach", "", user_id="UMGR", channel_id="C42")
    assert slack.wait_for_response()[-1]["text"] == cannot_check("internal_error")
    running_app.deliver()
    assert slack.posted() == []
