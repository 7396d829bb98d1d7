"""Slack answering 5xx or timing out for minutes: messages wait and go out once when Slack is back."""

from datetime import timedelta

from freezegun import freeze_time
from slack_sdk import WebClient
from sqlalchemy import select

from bot.outbox import OutboxSender, enqueue
from storage.models import OutboxMessage
from storage.models.base import utcnow


def queue(services, n):
    with services.uow() as uow:
        for i in range(n):
            enqueue(uow.session, f"m{i}", text=f"message {i}", users=[f"U{i}"])
        uow.commit()


def statuses(services):
    with services.uow() as uow:
        return sorted(uow.session.scalars(select(OutboxMessage.status)))


def test_messages_wait_out_minutes_of_slack_5xx_and_are_sent_once_afterwards(services, slack):
    queue(services, 3)
    slack.fail("chat.postMessage", status=503, times=20)
    sender = OutboxSender(services.uow, services.slack, sleep=lambda s: None)
    start = utcnow()
    with freeze_time(start) as clock:
        report = sender.deliver_due()
        assert report.sent == 0 and report.retried == 3
        for _ in range(40):  # Slack stays down for a while; retries back off
            clock.tick(timedelta(minutes=2))
            sender.deliver_due()
        assert statuses(services) == ["sent", "sent", "sent"]
    posts = slack.posted()
    assert sorted(p["text"] for p in posts[-3:]) == ["message 0", "message 1", "message 2"]
    with services.uow() as uow:
        assert all(r.attempts > 1 for r in uow.session.scalars(select(OutboxMessage)))


def test_a_slack_timeout_is_retried_later_not_lost(services, slack):
    queue(services, 1)
    impatient = WebClient(token="xoxb-test", base_url=services.settings.slack_api_url, timeout=1, retry_handlers=[])
    slack.fail("chat.postMessage", status=200, error=None, delay=1.5, times=1)
    sender = OutboxSender(services.uow, impatient, sleep=lambda s: None)
    report = sender.deliver_due()
    assert report.retried == 1 and statuses(services) == ["pending"]
    with freeze_time(utcnow() + timedelta(minutes=5)):
        assert sender.deliver_due().sent == 1
    assert statuses(services) == ["sent"]
