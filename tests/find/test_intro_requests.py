"""Asking for a warm introduction from `/networking find`: accept or decline; a decline stays private."""

from __future__ import annotations

import json
from datetime import timedelta

from freezegun import freeze_time
from sqlalchemy import select

from bot.jobs import run_due
from storage.models import IntroRequest, OutboxMessage

NOW = "2026-11-30 10:00:00"


def ask_ana_for_ben(org):
    answer = org.find("kubernetes")
    button = org.button(answer, "Ask Ana Alves to introduce me")
    return org.click("UZOE", button["action_id"], button["value"])


@freeze_time(NOW)
def test_the_connector_gets_a_private_request_and_on_accept_the_three_get_a_group_dm_with_why(org):
    told = ask_ana_for_ben(org)

    assert told[-1]["response_type"] == "ephemeral"
    assert told[-1]["text"] == ("I've asked Ana Alves privately whether they'd introduce you to Ben Brook. "
                                "If they can, you'll get a group DM with you three.")
    request = org.requests_to("UANA")[-1]
    assert request["blocks"][0]["text"]["text"] == (
        "*Zoe Park would like an introduction to Ben Brook.*\nZoe is looking for help with *kubernetes*. "
        "Ben knows *Kubernetes* (on their profile).\nWould you introduce them? If you'd rather not, decline: "
        "Zoe won't be told.")
    assert org.requests_to("UBEN") == [] and org.group_dm("UZOE", "UANA", "UBEN") == []

    answered = org.click("UANA", "find_connector_accept", org.request_buttons("UANA")["find_connector_accept"],
                         channel="DUANA")

    assert answered[-1]["replace_original"] is True
    assert answered[-1]["text"].startswith("You said yes: I've opened a group DM with Zoe Park and Ben Brook.")
    intro = org.group_dm("UZOE", "UANA", "UBEN")
    assert len(intro) == 1
    assert intro[0]["blocks"][0]["text"]["text"] == (
        ":wave: <@UANA> is introducing <@UZOE> and <@UBEN>.\nZoe is looking for help with *kubernetes*. "
        "Ben knows *Kubernetes* (on their profile).\nAna said yes to this introduction: over to you, Zoe.")
    # the request DM itself now says what happened (through the outbox)
    assert org.requests_to("UANA")[-1]["blocks"][0]["text"]["text"].startswith("You said yes")


@freeze_time(NOW)
def test_a_decline_stays_private_the_asker_learns_nothing(org):
    ask_ana_for_ben(org)
    seen_before = org.everything_seen_by("UZOE")

    answered = org.click("UANA", "find_connector_decline", org.request_buttons("UANA")["find_connector_decline"],
                         channel="DUANA")
    org.app.deliver()

    assert answered[-1]["text"] == "You declined. Zoe won't be told. Nothing more to do."
    assert org.everything_seen_by("UZOE") == seen_before
    assert org.group_dm("UZOE", "UANA", "UBEN") == []
    assert "declin" not in org.everything_seen_by("UZOE").lower()
    # asking again says the same as the first time, and does not nag Ana
    again = ask_ana_for_ben(org)
    assert again[-1]["text"].startswith("I've asked Ana Alves privately")
    assert len(org.requests_to("UANA")) == 1


@freeze_time(NOW)
def test_asking_twice_while_waiting_asks_once(org):
    ask_ana_for_ben(org)
    again = ask_ana_for_ben(org)
    assert again[-1]["text"] == "You've already asked Ana Alves about this; there's no need to ask again."
    assert len(org.requests_to("UANA")) == 1


@freeze_time(NOW)
def test_a_double_click_on_accept_introduces_once_and_only_the_person_asked_can_answer(org):
    ask_ana_for_ben(org)
    value = org.request_buttons("UANA")["find_connector_accept"]

    foreign = org.click("UBEN", "find_connector_accept", value)
    org.click("UANA", "find_connector_accept", value, channel="DUANA")
    twice = org.click("UANA", "find_connector_accept", value, channel="DUANA")

    assert foreign[-1]["text"] == "This request was sent to someone else, so only they can answer it."
    assert twice[-1]["text"].startswith("You've already said yes")
    assert len(org.group_dm("UZOE", "UANA", "UBEN")) == 1


@freeze_time(NOW)
def test_without_a_connector_the_helper_is_asked_directly_with_a_double_opt_in(org):
    answer = org.find("kubernetes")
    button = org.button(answer, "Ask Eve Eng directly")

    told = org.click("UZOE", button["action_id"], button["value"])

    assert told[-1]["text"] == ("I've asked Eve Eng privately whether they can help. "
                                "If they can, you'll get a group DM with them.")
    assert org.group_dm("UZOE", "UEVE") == []
    request = org.requests_to("UEVE")[-1]
    assert request["blocks"][0]["text"]["text"].startswith(
        "*Zoe Park found you with /networking find and would like your help with kubernetes.*\n"
        "Why you: knows *Kubernetes* (on their profile).")

    org.click("UEVE", "find_direct_accept", org.request_buttons("UEVE")["find_direct_accept"], channel="DUEVE")

    intro = org.group_dm("UZOE", "UEVE")
    assert len(intro) == 1
    assert intro[0]["blocks"][0]["text"]["text"].startswith(":wave: <@UZOE>, meet <@UEVE>.\nZoe found Eve with")


@freeze_time(NOW)
def test_a_forged_button_asks_nobody(org):
    forged = json.dumps({"h": org.ids["UOLI"], "q": "kubernetes"})
    through_oli = json.dumps({"h": org.ids["UPIA"], "q": "kubernetes", "v": org.ids["UOLI"], "t": org.ids["UPIA"]})

    told = org.click("UZOE", "find_ask_direct", forged)
    told_too = org.click("UZOE", "find_ask_intro", through_oli)
    broken = org.click("UZOE", "find_ask_intro", "not json")

    assert told[-1]["text"].startswith("This suggestion isn't available any more.")
    assert told_too[-1]["text"].startswith("This suggestion isn't available any more.")
    assert broken[-1]["text"] == "This button is broken; no action was taken."
    assert org.requests_to("UOLI") == [] and org.requests_to("UPIA") == []
    with org.app.services.uow() as uow:
        assert uow.session.scalars(select(IntroRequest)).all() == []
        assert uow.session.scalars(select(OutboxMessage)).all() == []


@freeze_time(NOW)
def test_if_the_person_to_meet_opts_out_before_the_connector_accepts_no_group_dm_is_made(org):
    ask_ana_for_ben(org)
    org.app.slack.submit_view("networking_prefs", {"findable": {"value": {"type": "checkboxes",
                              "selected_options": []}}}, user_id="UBEN")

    answered = org.click("UANA", "find_connector_accept", org.request_buttons("UANA")["find_connector_accept"],
                         channel="DUANA")

    assert answered[-1]["text"].startswith("This introduction can't be made any more")
    assert org.group_dm("UZOE", "UANA", "UBEN") == []


def test_a_request_left_unanswered_for_two_weeks_lapses_for_the_person_asked_and_stays_private(org):
    with freeze_time(NOW) as clock:
        ask_ana_for_ben(org)
        seen_before = org.everything_seen_by("UZOE")
        value = org.request_buttons("UANA")["find_connector_accept"]

        clock.tick(timedelta(days=13, hours=23))
        run_due(org.app.services)
        org.app.deliver()
        assert "find_connector_accept" in org.request_buttons("UANA")  # still open the day before

        clock.tick(timedelta(hours=2))
        run_due(org.app.services)
        run_due(org.app.services)  # a second tick (or replica) changes nothing more
        org.app.deliver()
        lapsed = org.requests_to("UANA")
        assert len(lapsed) == 1
        assert lapsed[0]["blocks"][0]["text"]["text"] == (
            "This request lapsed after two weeks without an answer, so there's nothing to do. Zoe won't be told.")
        assert not [b for b in lapsed[0]["blocks"] if b["type"] == "actions"]
        late = org.click("UANA", "find_connector_accept", value, channel="DUANA")
        assert late[-1]["text"] == "This request lapsed after two weeks without an answer. Nothing more to do."
        assert org.group_dm("UZOE", "UANA", "UBEN") == []
        assert org.everything_seen_by("UZOE") == seen_before
        # asking again reads like a first request, and does not nag Ana
        again = ask_ana_for_ben(org)
        assert again[-1]["text"].startswith("I've asked Ana Alves privately")
        assert len(org.requests_to("UANA")) == 1
