"""The outbox: messages are rows written with the decision that causes them, then delivered once.

``enqueue`` is called inside a use case's transaction. ``OutboxSender.deliver_due``
claims due rows one at a time and makes the Slack calls. A crash between the
Slack call and marking the row sent is recovered without a duplicate: every post
carries its key in message metadata, and a row found half-sent is first looked
up in the conversation's history.
"""

from bot.outbox.queue import Outgoing, cancel_pending, enqueue, enqueue_many, update_sent
from bot.outbox.sender import (
    CLAIM_TIMEOUT,
    MAX_BACKOFF,
    METADATA_EVENT,
    PERSON_GONE_ERRORS,
    SLACK_OPEN_GAP,
    Crash,
    DeliveryReport,
    OutboxSender,
)

__all__ = [
    "CLAIM_TIMEOUT",
    "MAX_BACKOFF",
    "METADATA_EVENT",
    "PERSON_GONE_ERRORS",
    "SLACK_OPEN_GAP",
    "Crash",
    "DeliveryReport",
    "Outgoing",
    "OutboxSender",
    "cancel_pending",
    "enqueue",
    "enqueue_many",
    "update_sent",
]
