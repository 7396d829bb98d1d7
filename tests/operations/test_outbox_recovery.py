"""A sender that dies between posting and recording does not make the next sender post again."""

from collections import Counter
from datetime import timedelta

import pytest

from bot.outbox import Crash, OutboxSender, enqueue


def test_a_message_posted_just_before_a_crash_is_recognised_and_not_posted_again(services, slack):
    with services.uow() as uow:
        for i in range(5):
            enqueue(uow.session, f"k{i}", text=f"hello {i}", users=["U1", f"U{i + 2}"])
        uow.commit()
    dying = OutboxSender(services.uow, services.slack, sleep=lambda s: None)
    posted = []

    def crash_after_three(row):
        posted.append(row.key)
        if len(posted) == 3:
            raise Crash("killed after posting, before recording")

    dying.after_post = crash_after_three
    with pytest.raises(Crash):
        dying.deliver_due()
    restarted = OutboxSender(services.uow, services.slack, sleep=lambda s: None, claim_timeout=timedelta(0))
    report = restarted.deliver_due()
    assert report.sent == 3  # k2 (found in the conversation's history), k3, k4
    keys = Counter(m["metadata"]["event_payload"]["key"] for msgs in slack.messages.values() for m in msgs)
    assert keys == Counter({f"k{i}": 1 for i in range(5)})


@pytest.mark.parametrize("kind", ["public", "private"])
def test_a_channel_post_made_just_before_a_crash_is_found_in_the_channel_and_not_posted_again(services, slack,
                                                                                               kind):
    """The team-reach post goes to a channel: finding it again needs channels:history (groups:history)."""
    slack.add_channel("C42", kind)
    with services.uow() as uow:
        enqueue(uow.session, "team-reach:1", text="Team reach · 5 people", channel="C42")
        uow.commit()
    dying = OutboxSender(services.uow, services.slack, sleep=lambda s: None)

    def crash(row):
        raise Crash("killed after posting, before recording")

    dying.after_post = crash
    with pytest.raises(Crash):
        dying.deliver_due()
    restarted = OutboxSender(services.uow, services.slack, sleep=lambda s: None, claim_timeout=timedelta(0))
    report = restarted.deliver_due()
    assert (report.sent, report.failed) == (1, 0)
    assert len(slack.messages["C42"]) == 1
    assert len(slack.calls_to("conversations.history")) == 1
