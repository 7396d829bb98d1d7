"""Handing over a leaver's relationships: find what would be lost, ask the manager, introduce the successor.

:func:`handover_sweep` analyses new handovers (opened by
:func:`bot.use_cases.lifecycle.leaving.people_left`) in one pass over the network
(:func:`matching.handover.at_risk_ties`, :func:`matching.handover.groups_bridged_alone`)
and DMs the leaver's manager the list, with a picker; :func:`choose_successor`
introduces the chosen person to the most important contacts. Every message goes
through the outbox.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.bootstrap import Services
from bot.errors import NotAllowed, UsageError
from bot.names import display_name
from bot.outbox import enqueue, update_sent
from bot.roles import cno_slack_ids
from bot.settings import Settings
from matching.handover import at_risk_ties, groups_bridged_alone
from message_templates import render_blocks, render_text
from storage.graph import load_graph
from storage.models import Handover, Person
from storage.models.handover import ASSIGNED, NOTHING, PROPOSED
from storage.queries.handover import handover_asks, last_met, new_handovers
from storage.queries.people import active_person_by_slack_id, people_by_id, person_by_slack_id
from storage.roster import load_people, to_engine_person
from storage.uow import Session

log = logging.getLogger(__name__)

#: Contacts the successor is introduced to.
TOP = 5
#: Contacts kept and listed to the manager.
LISTED = 10


def _with_last_dates(session: Session, graph: Any, leaver_id: int) -> None:
    for a, b, last in last_met(session, leaver_id):
        if graph.has_edge(a, b):
            graph[a][b]["last"] = last


def _askers(session: Session, settings: Settings, leaver: Person) -> tuple[Person | None, list[str]]:
    """Whom to ask: the leaver's manager when they can be reached, else the CNO admins."""
    manager = session.get(Person, leaver.manager_id) if leaver.manager_id is not None else None
    if manager is not None and manager.active and manager.slack_id:
        return manager, [manager.slack_id]
    return None, cno_slack_ids(session, settings)


def _propose(session: Session, settings: Settings, handover: Handover, leaver: Person, now: datetime) -> None:
    if not handover.contacts and not handover.bridged:
        handover.status = NOTHING
        return
    asked, slack_ids = _askers(session, settings, leaver)
    handover.asked_id = asked.id if asked else None
    handover.status, handover.proposed_at = PROPOSED, now
    people = people_by_id(session, [c["id"] for c in handover.contacts])
    contacts = [
        {"name": p.name or p.email, "function": p.function, "region": p.region, "reasons": c["reasons"]}
        for c in handover.contacts
        if (p := people.get(c["id"])) is not None
    ]
    ctx = {
        "leaver": {"name": leaver.name or leaver.email},
        "contacts": contacts,
        "more": 0,
        "bridged": handover.bridged,
        "handover_id": handover.id,
        "top": min(TOP, len(contacts)) or TOP,
    }
    for slack_id in slack_ids:
        enqueue(
            session,
            f"handover:{handover.id}:ask:{slack_id}",
            text=render_text("lifecycle/handover_ask_text", **ctx),
            blocks=render_blocks("lifecycle/handover_ask", **ctx),
            users=[slack_id],
        )
    if not slack_ids:
        log.warning("handover %s: the leaver has no reachable manager and no CNO admin has a Slack id", handover.id)


def handover_sweep(services: Services, now: datetime) -> None:
    """The sweep: analyse every new handover (one load of the network for all of them) and ask."""
    with services.uow() as uow:
        session = uow.session
        fresh = new_handovers(session)
        if not fresh:
            return
        today = now.date()
        graph = load_graph(session, active_only=False)
        active = load_people(session, today)
        for handover in fresh:
            leaver = session.get(Person, handover.leaver_id)
            if leaver is None:
                continue
            if leaver.active:  # came back before we got to it
                handover.status = NOTHING
                continue
            people = {**active, leaver.id: to_engine_person(leaver, today)}
            graph.add_node(leaver.id)
            _with_last_dates(session, graph, leaver.id)
            ties = at_risk_ties(graph, leaver.id, people, today=handover.left_on)
            handover.contacts = [
                {"id": t.contact, "score": round(t.score, 6), "reasons": list(t.reasons)} for t in ties[:LISTED]
            ]
            handover.bridged = [
                [key, a, b]
                for key in ("function", "region")
                for a, b in groups_bridged_alone(graph, leaver.id, people, key=key)
                if a and b
            ]
            _propose(session, services.settings, handover, leaver, now)
        uow.commit()


def _member(person: Person) -> dict[str, str]:
    return {
        "name": display_name(person),
        "title": person.title,
        "function": person.function,
        "region": person.region,
        "mention": f"<@{person.slack_id}>",
    }


def choose_successor(
    services: Services, handover_id: int, chooser_slack_id: str, successor_slack_id: str, now: datetime
) -> list[str]:
    """The manager chose who takes over: introduce them to the top contacts; returns their names.

    Raises NotAllowed for anyone but the person asked (or a CNO admin), UsageError
    for a handover already assigned or a successor who cannot take over.
    """
    with services.uow() as uow:
        introduced = _hand_over(uow.session, services.settings, handover_id, chooser_slack_id, successor_slack_id, now)
        uow.commit()
        return introduced


def _refused(reason: str, **ctx: Any) -> str:
    return render_text("lifecycle/refused", reason=reason, **ctx)


def _hand_over(
    session: Session, settings: Settings, handover_id: int, chooser_slack_id: str, successor_slack_id: str,
    now: datetime,
) -> list[str]:
    handover = session.get(Handover, handover_id)
    if handover is None or handover.status not in (PROPOSED, ASSIGNED):
        raise UsageError(_refused("handover_closed"))
    chooser = person_by_slack_id(session, chooser_slack_id)
    is_asked = chooser is not None and chooser.id == handover.asked_id
    if not is_asked and not settings.is_admin(chooser_slack_id, chooser.email if chooser else None):
        raise NotAllowed(_refused("not_the_asked"))
    if handover.status == ASSIGNED:
        successor = session.get(Person, handover.successor_id) if handover.successor_id else None
        raise UsageError(_refused("already_taken_over", successor_name=successor.name if successor else None))
    successor = active_person_by_slack_id(session, successor_slack_id)
    if successor is None or successor.id == handover.leaver_id:
        raise UsageError(_refused("cannot_take_over", successor_slack_id=successor_slack_id))
    leaver = session.get(Person, handover.leaver_id)
    people = people_by_id(session, [c["id"] for c in handover.contacts])
    introduced = []
    for entry in handover.contacts:
        contact = people.get(entry["id"])
        if contact is None or not contact.active or not contact.slack_id or contact.id == successor.id:
            continue
        ctx = {
            "successor": _member(successor),
            "contact": _member(contact),
            "leaver_first": ((leaver.name if leaver else "") or "a colleague").split(" ")[0],
        }
        enqueue(
            session,
            f"handover:{handover.id}:intro:{contact.id}",
            text=render_text("lifecycle/handover_intro_text", **ctx),
            blocks=render_blocks("lifecycle/handover_intro", **ctx),
            users=[successor.slack_id or "", contact.slack_id],
        )
        introduced.append(contact.name or contact.email)
        if len(introduced) == TOP:
            break
    handover.successor_id, handover.status, handover.assigned_at = successor.id, ASSIGNED, now
    ctx = {
        "leaver": {"name": (leaver.name or leaver.email) if leaver else "someone"},
        "successor": {"name": successor.name or successor.email},
        "introduced": introduced,
    }
    for key in handover_asks(session, handover.id):
        update_sent(
            session,
            key,
            text=render_text("lifecycle/handover_assigned_text", **ctx),
            blocks=render_blocks("lifecycle/handover_assigned", **ctx),
        )
    return introduced
