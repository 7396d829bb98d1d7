import json

import pytest

from message_templates import TemplateError, mrkdwn, render_blocks, render_text

MEMBERS = [
    {"name": "Ana <Lopez> & co", "title": "AE", "function": "Sales", "region": "EMEA", "mention": "<@U1>"},
    {"name": 'Ben "BK" Kim', "title": "", "function": "Engineering", "region": "APAC", "mention": "<@U2>"},
]


def render_intro(**extra):
    ctx = dict(members=MEMBERS, reasons=["You work in different functions.", "You both like chess."],
               starter="Ask about chess.", next_step="Meet for 30 minutes.", follow_up_days=4, trio=False)
    ctx.update(extra)
    return render_blocks("rounds/intro", **ctx)


def test_values_with_quotes_and_slack_control_characters_stay_valid_block_kit():
    blocks = render_intro()
    text = json.dumps(blocks)
    assert "Ana &lt;Lopez&gt; &amp; co" in text
    assert 'Ben \\"BK\\" Kim' in text
    assert "<@U1>, <@U2>" in text  # mentions are ours, not escaped


def test_the_intro_says_who_each_person_is_why_they_met_and_what_to_do_next():
    text = json.dumps(render_intro(), ensure_ascii=False)
    for expected in ("Sales · EMEA", "Engineering · APAC", "• You work in different functions.",
                     "Ask about chess.", "Meet for 30 minutes.", "In 4 days"):
        assert expected in text


def test_plain_text_fallback_names_everyone_escaped_as_slack_reads_it():
    # Slack parses a message's fallback text as mrkdwn too, so names are escaped there as in the blocks.
    text = render_text("rounds/intro_text", members=MEMBERS, reasons=["Different functions."])
    assert text.startswith("Meet your intro for this week: Ana &lt;Lopez&gt; &amp; co (Sales, EMEA) and Ben")


def test_a_missing_value_fails_loudly():
    with pytest.raises(Exception, match="starter"):
        render_blocks("rounds/intro", members=MEMBERS, reasons=[], next_step="", follow_up_days=4, trio=False)


def test_invalid_json_names_the_template():
    with pytest.raises(TemplateError, match="rounds/intro_text.j2"):
        render_blocks("rounds/intro_text", members=MEMBERS, reasons=["x"])


def test_mrkdwn_escapes_only_control_characters():
    assert mrkdwn("a & <b> *c*") == "a &amp; &lt;b&gt; *c*"
