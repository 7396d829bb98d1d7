"""A mentoring request's log lines name the request, so an operator can follow one request through the logs."""

from __future__ import annotations

import io
import logging

from freezegun import freeze_time
from sqlalchemy import select

from storage.models import MentoringRequest
from tests.support.json_logs import lines_from

WEDNESDAY_9AM = "2026-11-25 09:00:00"




def mentoring_lines(stream: io.StringIO) -> list[dict[str, object]]:
    return lines_from(stream, "bot.use_cases.mentoring")


def request_ids(org) -> list[int]:
    with org.app.services.uow() as uow:
        return list(uow.session.scalars(select(MentoringRequest.id).order_by(MentoringRequest.id)))


def test_every_step_of_a_request_names_it_from_the_ask_to_the_match(org, log_lines):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        org.click("match_decline", org.current_offer())
        org.click("match_accept", org.current_offer())
    [request_id] = request_ids(org)
    lines = mentoring_lines(log_lines)
    messages = " | ".join(str(line["message"]) for line in lines)
    for step in ("request opened", "sent to candidate", "declined", "accepted"):
        assert step in messages
    assert {line["mentoring_request_id"] for line in lines} == {request_id}


def test_two_requests_are_told_apart_and_a_time_out_names_its_request(org, log_lines):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
        org.ask("mentor", "public speaking", user="UBEN")
    with freeze_time("2026-12-10 09:00:00"):
        org.sweep()
    first, second = request_ids(org)
    lines = mentoring_lines(log_lines)
    opened = [line["mentoring_request_id"] for line in lines if "request opened" in str(line["message"])]
    assert opened == [first, second]
    [timed_out] = [line for line in lines if "timed out" in str(line["message"])]
    assert timed_out["mentoring_request_id"] == first  # Ana's offer to Hugo ran out; Ben's found nobody
    assert {line["mentoring_request_id"] for line in lines} == {first, second}


def test_lines_outside_a_request_name_none(org, log_lines):
    with freeze_time(WEDNESDAY_9AM):
        org.ask("sponsor", "my first team lead role")
    logging.getLogger("bot.use_cases.mentoring.offers").info("between requests")
    assert mentoring_lines(log_lines)[-1]["mentoring_request_id"] is None
