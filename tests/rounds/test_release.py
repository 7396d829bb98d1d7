"""Releasing a round in bulk: every intro is the message a full render gives, and a crash anywhere sends it once."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from bot.outbox import Crash, OutboxSender
from bot.use_cases.rounds import delivery
from bot.use_cases.rounds.delivery import intro_context
from bot.use_cases.rounds.making import run_scheduled_round
from message_templates import render_blocks, render_text
from storage.models import OutboxMessage, Round
from storage.queries.intros import intros_of_round
from storage.queries.people import people_by_id
from tests.rounds.conftest import MONDAY_9, group_dms
from tests.support.sweeps import Killed, dies_on_call

NAMES = ("<!channel> Eve & co", 'Ben "BK" Kim', "Zoë *bold*", "Ann", "O'Neil <@U1>", "Li\nNewline", "Mo 👋")


def mixed_org(org, people: int = 11) -> None:
    """People with hostile names, with and without titles, in several places: intros of every shape (11: a trio)."""
    for i in range(people):
        org.add(f"p{i}@acme.test", ("Sales", "Legal", "R&D")[i % 3], ("EMEA", "APAC")[i % 2],
                name=NAMES[i % len(NAMES)] + f" {i}", title="" if i % 4 == 0 else f"Lead <{i}>",
                interests=["chess"] if i % 2 else ["Go & chess"], skills=["chess"] if i % 3 == 0 else [])


def queued_intros(services) -> dict[str, OutboxMessage]:
    with services.uow() as uow:
        rows = uow.session.scalars(select(OutboxMessage).where(OutboxMessage.key.like("intro:%"))).all()
        uow.session.expunge_all()
        return {row.key: row for row in rows}


def test_every_released_intro_is_byte_for_byte_what_a_full_render_of_its_templates_gives(
        running_app, rounds_on, org):
    mixed_org(org)
    round_ = run_scheduled_round(running_app.services, MONDAY_9)
    queued = queued_intros(running_app.services)
    with running_app.services.uow() as uow:
        intros = intros_of_round(uow.session, round_.id)
        people = people_by_id(uow.session, {pid for intro in intros for pid in intro.members})
        expected = {}
        for intro in intros:
            ctx = intro_context(intro.reasons, [people[pid] for pid in intro.members], 4)
            expected[f"intro:{intro.id}"] = (render_text("rounds/intro_text", **ctx),
                                             render_blocks("rounds/intro", **ctx))
    assert {len(intro.members) for intro in intros} == {2, 3}
    assert set(queued) == set(expected)
    for key, (text, blocks) in expected.items():
        assert queued[key].payload["text"] == text
        assert queued[key].payload["blocks"] == blocks  # as stored (PostgreSQL's JSONB keeps no key order)


def test_a_crash_in_the_middle_of_a_release_leaves_nothing_queued_and_the_next_run_sends_each_intro_once(
        running_app, rounds_on, org, slack, monkeypatch):
    mixed_org(org, 10)
    services = running_app.services

    def crash_after_the_outbox_rows(*args, **kwargs):
        raise Crash("killed after the intros were queued, before their send times were set")

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "set_send_times", crash_after_the_outbox_rows)
        with pytest.raises(Crash):
            run_scheduled_round(services, MONDAY_9)
    with services.uow() as uow:
        assert uow.session.scalar(select(func.count(Round.id))) == 0
        assert uow.session.scalar(select(func.count(OutboxMessage.id))) == 0

    round_ = run_scheduled_round(services, MONDAY_9 + timedelta(minutes=1))  # the restarted scheduler
    assert run_scheduled_round(services, MONDAY_9 + timedelta(minutes=2)) is None  # never twice
    with freeze_time(MONDAY_9 + timedelta(minutes=5)):
        running_app.deliver()
    per_channel = Counter(post["channel"] for post in group_dms(slack))
    assert len(per_channel) == len(round_.intros) == 5
    assert set(per_channel.values()) == {1}


def test_an_intro_posted_just_before_a_crash_is_not_posted_again_and_every_group_gets_its_queued_message(
        running_app, rounds_on, org, slack):
    mixed_org(org)
    run_scheduled_round(running_app.services, MONDAY_9)
    queued = queued_intros(running_app.services)
    dying = OutboxSender(running_app.services.uow, running_app.services.slack)
    dying.after_post = dies_on_call(lambda row: None, 2)  # after posting the second intro, before recording it
    with freeze_time(MONDAY_9), pytest.raises(Killed):
        dying.deliver_due()
    with freeze_time(MONDAY_9 + timedelta(minutes=3)):  # the dead sender's claim has timed out
        OutboxSender(running_app.services.uow, running_app.services.slack).deliver_due()

    posts = group_dms(slack)
    keys = Counter(post["metadata"]["event_payload"]["key"] for post in posts)
    assert keys == Counter(dict.fromkeys(queued, 1))
    for post in posts:
        row = queued[post["metadata"]["event_payload"]["key"]]
        assert (post["text"], post["blocks"]) == (row.payload["text"], row.payload["blocks"])
