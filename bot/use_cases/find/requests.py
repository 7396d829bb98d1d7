"""Warm introductions from ``/networking find``: ask a connector (or the helper directly), who accepts or declines.

A click is checked by running the asker's search again: the button's path must still
be one the search offers (so a forged or stale button asks nobody, and nobody who
opted out since is involved). The person asked gets a private DM; on accept, a group
DM of the three (or the two, for a direct ask) says why. A decline stays private:
the asker is told nothing, then or later. Every message goes through the outbox.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from bot import ticks
from bot.bootstrap import Services
from bot.outbox import enqueue, update_sent
from bot.use_cases.find.search import CHECKED, Card, Checked, Reason, search_checked
from message_templates import render_blocks, render_text
from storage.models import IntroRequest, Person
from storage.models.contacts import ACCEPTED, DECLINED, DIRECT, EXPIRED, INTRO, PENDING
from storage.queries.find import (
    answer_intro_request,
    can_be_found,
    can_be_found_external,
    declined_since,
    pending_intro_request,
    unanswered_requests,
)
from storage.queries.people import people_by_id
from storage.uow import Session

#: What the asker is told after clicking: the request went out, was already out, or can't be made any more.
SENT, ALREADY, GONE = "sent", "already", "gone"
WITHDRAWN = "withdrawn"
#: After a decline (or a request left unanswered), the same introduction is not asked of the same person
#: again for this long.
QUIET_AFTER_DECLINE = timedelta(days=90)
#: A request nobody answered for this long lapses: its buttons go, and the person asked is not asked again.
UNANSWERED_FOR = timedelta(days=14)
#: Requests lapsed per transaction: a crash loses at most one slice, and a new tick repeats none.
EXPIRY_SLICE = 500


@dataclass(frozen=True)
class AskOutcome:
    """What the asker is told after clicking ``Ask … to introduce me`` or ``Ask … directly``."""

    outcome: str
    kind: str
    asked: str = ""
    introduce_to: str = ""


@dataclass(frozen=True)
class Click:
    """A button's payload: helper, query and, for an intro, the connector and whom they introduce."""

    helper_id: int
    query: str
    via_id: int | None = None
    to_id: int | None = None

    @staticmethod
    def parse(value: str) -> Click | None:
        try:
            data: dict[str, Any] = json.loads(value)
            via, to = data.get("v"), data.get("t")
            return Click(int(data["h"]), str(data["q"]), int(via) if via is not None else None,
                         int(to) if to is not None else None)
        except (ValueError, KeyError, TypeError):
            return None


def ask(services: Services, asker_slack_id: str, click: Click, now: datetime) -> AskOutcome:
    """The asker clicked: check the suggestion still stands, then ask the connector (or the helper) privately."""
    kind = INTRO if click.via_id is not None else DIRECT
    today = now.astimezone(services.settings.zone).date()
    still = [c for c in search_checked(services, asker_slack_id, click.query, today, CHECKED)
             if c.path[-1].id == click.helper_id and _same_route(c, click)]
    if not still:
        return AskOutcome(GONE, kind)
    checked = still[0]
    asker, helper = checked.path[0], checked.path[-1]
    asked = checked.path[1] if kind == INTRO else helper
    introduce_to = checked.path[2] if kind == INTRO else helper
    with services.uow() as uow:
        session = uow.session
        if pending_intro_request(session, asker.id, asked.id, introduce_to.id) is not None:
            return AskOutcome(ALREADY, kind, asked.name, introduce_to.name)
        if declined_since(session, asker.id, asked.id, introduce_to.id, now - QUIET_AFTER_DECLINE):
            # Told exactly what a first request is told: a decline must stay invisible, and not be asked again.
            return AskOutcome(SENT, kind, asked.name, introduce_to.name)
        request = IntroRequest(
            kind=kind, asker_id=asker.id, asked_id=asked.id, introduce_to_id=introduce_to.id, helper_id=helper.id,
            topic=click.query, reasons=[render_text("find/reason", r=r) for r in checked.reasons],
            status=PENDING, created_at=now,
        )
        session.add(request)
        session.flush()
        ctx = _context(request, asker, asked, introduce_to, helper)
        enqueue(session, _ask_key(request), text=render_text("find/request_text", **ctx),
                blocks=render_blocks("find/request", **ctx), users=[asked.slack_id])
        uow.commit()
    return AskOutcome(SENT, kind, asked.name, introduce_to.name)


def _same_route(checked: Checked, click: Click) -> bool:
    if click.via_id is None:
        return True  # a direct ask needs only the helper to be found
    return len(checked.path) >= 3 and checked.path[1].id == click.via_id and checked.path[2].id == click.to_id


def _ask_key(request: IntroRequest) -> str:
    return f"find:request:{request.id}:ask"


def _context(request: IntroRequest, asker: Card, asked: Card, introduce_to: Card, helper: Card) -> dict[str, Any]:
    def card(person: Card) -> dict[str, str]:
        return {"name": person.name, "first": person.name.split(" ")[0], "mention": f"<@{person.slack_id}>",
                "function": person.function, "title": person.title}

    return {
        "request_id": request.id, "kind": request.kind, "topic": request.topic, "reasons": request.reasons,
        "asker": card(asker), "asked": card(asked), "introduce_to": card(introduce_to), "helper": card(helper),
        "helper_is_introduced": introduce_to.id == helper.id,
    }


@dataclass(frozen=True)
class Answered:
    """What the person asked is told after clicking Accept or Decline; ``acted`` is False for a stale click."""

    text: str
    acted: bool


def answer(services: Services, request_id: int, slack_id: str, accepted: bool, now: datetime) -> Answered:
    """The connector (or the helper) answers. Accept: a group DM says why. Decline: nobody else is told."""
    with services.uow() as uow:
        session = uow.session
        request = session.get(IntroRequest, request_id)
        people = people_by_id(session, [request.asker_id, request.asked_id, request.introduce_to_id,
                                         request.helper_id]) if request else {}
        asked = people.get(request.asked_id) if request else None
        if request is None or asked is None or asked.slack_id != slack_id:
            return Answered(render_text("find/answer_stale", status="foreign"), acted=False)
        if request.status != PENDING:
            return Answered(render_text("find/answer_stale", status=request.status), acted=False)
        asker, to, helper = (people.get(i) for i in (request.asker_id, request.introduce_to_id, request.helper_id))
        status = ACCEPTED if accepted else DECLINED
        if accepted and not _can_still_meet(asker, to, helper):
            status = WITHDRAWN
        if not answer_intro_request(session, request.id, status, answered_at=now):
            session.rollback()
            return Answered(render_text("find/answer_stale", status="answered"), acted=False)
        assert asker is not None and to is not None and helper is not None
        ctx = {**_context(request, *(Card.of(p) for p in (asker, asked, to, helper))), "status": status}
        if status == ACCEPTED:
            _introduce(session, request, ctx, asker, asked, to)
        update_sent(session, _ask_key(request), text=render_text("find/answered_text", **ctx),
                    blocks=render_blocks("find/answered", **ctx))
        uow.commit()
        return Answered(render_text("find/answered_text", **ctx), acted=True)


def _can_still_meet(asker: Person | None, to: Person | None, helper: Person | None) -> bool:
    if asker is None or to is None or helper is None or not asker.active or not asker.slack_id:
        return False
    if to.id != helper.id and not can_be_found(to):
        return False
    return can_be_found(helper) or can_be_found_external(helper)


def _introduce(session: Session, request: IntroRequest, ctx: dict[str, Any], asker: Person, asked: Person,
               to: Person) -> None:
    users = {asker.slack_id or "", asked.slack_id or "", to.slack_id or ""}
    enqueue(session, f"find:request:{request.id}:intro", text=render_text("find/intro_text", **ctx),
            blocks=render_blocks("find/intro", **ctx), users=sorted(users))


def expire_unanswered(services: Services, now: datetime, budget: float = ticks.SWEEP_SECONDS) -> None:
    """A sweep: requests unanswered for :data:`UNANSWERED_FOR` lapse; the person asked sees their DM say so,
    buttons gone.

    Like a decline, a lapse is never told to the asker (silence must not read as a "no"), and the
    same introduction is not asked of the same person again for :data:`QUIET_AFTER_DECLINE`.
    Each slice is its own transaction, and a request lapses only from pending (a click that
    answers it at the same moment wins or loses cleanly): a crash or a second replica repeats nothing,
    and what a tick leaves the next one does.
    """
    slices = ticks.Slices("find_requests_lapsed", budget)
    while not slices.out_of_time:
        if slices.run(partial(_lapse_slice, services, now)) < EXPIRY_SLICE:
            break


def _lapse_slice(services: Services, now: datetime) -> int:
    """One slice of :func:`expire_unanswered`, its own transaction; returns how many requests it looked at."""
    with services.uow() as uow:
        session = uow.session
        due = unanswered_requests(session, now - UNANSWERED_FOR, EXPIRY_SLICE)
        people = people_by_id(session, sorted({i for r in due for i in (r.asker_id, r.asked_id,
                                                                           r.introduce_to_id, r.helper_id)}))
        for request in due:
            if not answer_intro_request(session, request.id, EXPIRED, answered_at=now):
                continue
            cards = [people.get(i) for i in (request.asker_id, request.asked_id, request.introduce_to_id,
                                             request.helper_id)]
            if all(p is not None for p in cards):
                ctx = {**_context(request, *(Card.of(p) for p in cards if p is not None)), "status": EXPIRED}
                update_sent(session, _ask_key(request), text=render_text("find/answered_text", **ctx),
                            blocks=render_blocks("find/answered", **ctx))
        uow.commit()
    return len(due)


__all__ = ["ALREADY", "GONE", "SENT", "AskOutcome", "Answered", "Click", "Reason", "answer", "ask",
           "expire_unanswered"]
