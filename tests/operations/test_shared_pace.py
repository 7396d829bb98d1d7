"""Replicas keep Slack's Tier 3 together: conversations.open has one pace, in the database, not one per process."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.outbox import OutboxSender, enqueue
from storage.queries import pace

GAP = 60 / 50  # Tier 3: about 50 conversations.open a minute for the workspace
INTROS = 120  # more than two minutes of Tier 3


def queue_group_dms(services, slack) -> None:
    with services.uow() as uow:
        for i in range(INTROS):
            users = [f"UA{i:03d}", f"UB{i:03d}"]
            for user in users:
                slack.add_user(user, f"{user.lower()}@acme.test", user)
            enqueue(uow.session, f"intro:{i}", text=f"Meet your intro {i}", users=users)
        uow.commit()


def replicas(services, slack, pace: dict[str, float]) -> list[OutboxSender]:
    """Two `cno serve` processes: the same database and workspace, each its own sender (on Slack's clock)."""
    return [OutboxSender(services.uow, services.slack, sleep=slack.clock.advance, pace=pace, clock=slack.clock.now)
            for _ in range(2)]


def deliver_taking_turns(senders: list[OutboxSender]) -> tuple[list[int], int]:
    """Each replica's loop takes the next due row in turn, as two processes do; (sent by each, 429s)."""
    sent, limited = [0, 0], 0
    while True:
        reports = [sender.deliver_due(limit=1) for sender in senders]
        for k, report in enumerate(reports):
            sent[k] += report.sent
            limited += report.rate_limited
        if not any(r.sent or r.rate_limited or r.retried for r in reports):
            return sent, limited


def test_two_replicas_open_conversations_at_the_tier_3_pace_together_and_slack_refuses_none(services, slack):
    assert slack.enforce_tiers
    queue_group_dms(services, slack)
    sent, limited = deliver_taking_turns(replicas(services, slack, {"conversations.open": GAP}))

    assert limited == 0
    assert sum(sent) == INTROS and min(sent) > INTROS // 4  # both replicas send
    opens = [call.clock for call in slack.calls_to("conversations.open")]
    assert len(opens) == INTROS
    assert min(b - a for a, b in zip(opens, opens[1:], strict=False)) >= GAP - 1e-9  # never above the bound
    share_of_bound = (len(opens) - 1) * GAP / (opens[-1] - opens[0])
    assert share_of_bound >= 0.9
    keys = Counter(m["metadata"]["event_payload"]["key"] for msgs in slack.messages.values() for m in msgs)
    assert keys == Counter({f"intro:{i}": 1 for i in range(INTROS)})


def test_without_the_pace_two_replicas_bounce_off_the_tier(services, slack):
    """The stand-in holds the tier: the test above would see 429s if the replicas went faster than it."""
    queue_group_dms(services, slack)
    sent, limited = deliver_taking_turns(replicas(services, slack, {}))
    assert sum(sent) == INTROS
    assert limited > 0


def test_replicas_taking_slots_at_the_same_moment_each_get_their_own_a_gap_apart(services):
    """Many threads (replicas) ask for the next slot at once: the conditional UPDATE gives each its own."""
    now = 1_000.0  # a clock that stands still: every slot is taken ahead of it

    def take_slots(count: int) -> list[float]:
        taken = []
        while len(taken) < count:
            with services.uow() as uow:
                slot = pace.take_slot(uow.session, "conversations.open", GAP, now)
                uow.commit()
            if slot is not None:
                taken.append(slot)
        return taken

    with ThreadPoolExecutor(4) as pool:
        slots = sorted(s for taken in pool.map(take_slots, [10] * 4) for s in taken)
    assert slots == pytest.approx([now + k * GAP for k in range(40)])
