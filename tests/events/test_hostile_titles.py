"""An event title is the CNO's own text: in answers and errors it shows as typed and never pings or links."""

from datetime import UTC, datetime

from freezegun import freeze_time

from tests.events.conftest import CNO, click, create_event

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
HOSTILE = "<!channel> Eve & <https://x|y>"
ESCAPED = "&lt;!channel&gt; Eve &amp; &lt;https://x|y&gt;"


def assert_inert(text: str) -> None:
    assert ESCAPED in text
    assert "<!channel>" not in text and "<https://x|y>" not in text
    assert "&amp;lt;" not in text


@freeze_time(NOW)
def test_cancelling_an_event_with_a_hostile_title_answers_with_the_title_as_text(running_app, org, slack):
    org.add("U1")
    event_id = create_event(running_app, title=HOSTILE)
    running_app.slack.action("event_cancel", value=str(event_id), user_id=CNO, channel_id="C1")
    [listing] = [r for r in slack.responses if r.get("replace_original")]
    assert_inert(listing["text"])
    assert_inert(str(listing["blocks"]))

    click(running_app, "rsvp_going", event_id, "U1")  # answering a cancelled event: the error names it
    assert_inert(" ".join(str(r.get("text", "")) for r in slack.responses if not r.get("replace_original")))
    running_app.slack.action("event_cancel", value=str(event_id), user_id=CNO, channel_id="C1")
    assert_inert(str(slack.responses[-1].get("text", "")))


def test_an_unknown_networking_subcommand_is_echoed_as_text(running_app, org):
    org.add("U1")
    reply = running_app.slack.command("/networking", HOSTILE, user_id="U1")
    assert reply.status == 200
    assert "I don't know `&lt;!channel&gt;" in reply.json["text"]  # the first word, as typed
    assert "<!channel>" not in reply.json["text"]
