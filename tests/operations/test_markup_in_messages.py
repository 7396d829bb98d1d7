"""People's own text (names, topics, functions, regions) never acts as Slack markup in mentoring, events,
handover, onboarding and reach messages: a '<!channel>' name shows as text and pings nobody."""

import json
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.use_cases.events import messages as event_messages
from bot.use_cases.events.results import EventResult, TieFigures
from bot.use_cases.mentoring.messages import send_intro, send_offer
from message_templates import render_text
from storage.models import MentoringOffer, MentoringRequest, OutboxMessage, Person

HOSTILE = "<!channel> Eve & <https://x|y>"
ESCAPED = "&lt;!channel&gt; Eve &amp; &lt;https://x|y&gt;"
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


def assert_inert(rendered: str) -> None:
    assert ESCAPED in rendered
    assert "<!channel>" not in rendered and "<https://x|y>" not in rendered
    assert "&amp;lt;" not in rendered and "&amp;amp;" not in rendered  # escaped once, not twice


def outbox_text(session: Session, key: str) -> tuple[str, str]:
    row = session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    assert row is not None
    return row.payload["text"], json.dumps(row.payload.get("blocks") or [], ensure_ascii=False)


def mentoring_pair(session: Session) -> tuple[Person, Person, MentoringRequest, MentoringOffer]:
    requester = Person(email="eve@acme.com", name=HOSTILE, slack_id="UEVE", function=HOSTILE, region=HOSTILE,
                       title=HOSTILE, timezone="Europe/Paris")
    candidate = Person(email="ann@acme.com", name=HOSTILE, slack_id="UANN", timezone="Europe/Paris")
    session.add_all([requester, candidate])
    session.flush()
    request = MentoringRequest(requester_id=requester.id, kind="mentor", topic=HOSTILE, skills_wanted=[HOSTILE],
                               preferences={"virtual_ok": False})
    session.add(request)
    session.flush()
    offer = MentoringOffer(request_id=request.id, candidate_id=candidate.id, reasons=[HOSTILE],
                           deadline=NOW + timedelta(days=3))
    session.add(offer)
    session.flush()
    return requester, candidate, request, offer


def test_a_mentoring_request_from_a_person_named_like_a_mention_pings_nobody_in_the_offer(engine):
    with Session(engine) as session:
        requester, candidate, request, offer = mentoring_pair(session)
        send_offer(session, offer, request, requester, candidate)
        text, blocks = outbox_text(session, f"mentoring:offer:{offer.id}:dm")
    assert_inert(text)  # the notification text names the requester and the topic
    assert_inert(blocks)
    assert "<@UEVE>" in blocks  # the mention we make ourselves stays a mention


def test_the_mentoring_intro_notification_shows_hostile_names_and_topic_as_text(engine):
    with Session(engine) as session:
        requester, candidate, request, offer = mentoring_pair(session)
        send_intro(session, offer, request, requester, candidate)
        text, blocks = outbox_text(session, f"mentoring:request:{request.id}:intro")
    assert text.startswith("&lt;!channel&gt;, meet &lt;!channel&gt;:")  # first names, escaped
    assert_inert(text)
    assert_inert(blocks)
    assert "<@UEVE>" in blocks and "<@UANN>" in blocks


def test_an_event_result_lists_hostile_function_and_region_names_as_text():
    event = SimpleNamespace(title=HOSTILE, capacity=None)
    outcome = EventResult(event_id=1, title=HOSTILE, counts={"going": 2}, attended=2, said_absent=0,
                          ties=TieFigures(ties=1, new_ties=1), going_by_function={HOSTILE: 2},
                          going_by_region={HOSTILE: 2})
    message = event_messages.result(event, outcome)  # type: ignore[arg-type]
    assert_inert(message.text)
    context = json.dumps(message.blocks[2:], ensure_ascii=False)  # the 'Going by function / region' line
    assert_inert(context)


def test_handover_and_onboarding_notification_texts_escape_names_functions_and_regions():
    person = {"name": HOSTILE, "function": HOSTILE, "region": HOSTILE}
    texts = [
        render_text("lifecycle/handover_ask_text", leaver=person, contacts=[person], more=0, bridged=[]),
        render_text("lifecycle/handover_assigned_text", leaver=person, successor=person, introduced=[HOSTILE]),
        render_text("lifecycle/handover_intro_text", contact=person, successor=person, leaver_first=HOSTILE),
        render_text("lifecycle/mentor_left_text", leaver_first=HOSTILE, role="mentor", searching=True,
                    command="/mentor"),
        render_text("lifecycle/mentee_left_text", leaver_first=HOSTILE, role="mentor"),
        render_text("lifecycle/onboarding_intro_text", week=1, weeks=4, newcomer=person, partner=person,
                    reason=HOSTILE),
        render_text("lifecycle/onboarding_manager_text", week=1, weeks=4, newcomer=person, partner=person,
                    reason=HOSTILE),
        render_text("lifecycle/welcome_text", first_name=HOSTILE, weeks=4),
    ]
    for text in texts:
        assert_inert(text)
