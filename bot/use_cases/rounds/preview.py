"""The CNO's preview of a round: its summary, the approval DM (updated in place), and the "not sent" note.

Shared by making a round (which asks for approval) and deciding on it (which refreshes the preview).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bot.bootstrap import Services
from bot.local_time import zone_of
from bot.names import display_name
from bot.outbox import SLACK_OPEN_GAP, enqueue, update_sent
from bot.roles import cno_slack_ids
from bot.use_cases.rounds.blockers import round_blocker
from bot.use_cases.rounds.delivery import delivery_plan
from matching.people import known
from message_templates import render_blocks, render_text
from storage.models import Round
from storage.queries.intros import intros_of_round
from storage.queries.people import people_by_id
from storage.queries.programs import program_of_round
from storage.queries.rounds import round_settings
from storage.uow import Session

SAMPLE_SIZE = 5
LEFT_OUT_SHOWN = 10


def crosses(values: list[str]) -> bool:
    """Whether a group's values (functions or regions) are all known and not all the same."""
    return all(map(known, values)) and len(set(values)) > 1


def summary(session: Session, round_: Round, zone_name: str = "UTC") -> dict[str, Any]:
    """What the CNO needs to judge a round at a glance (worded by ``rounds/_preview_words.j2``).

    ``slack_limit`` is None when every intro can go at its members' local hour; otherwise
    how many Slack's rate limit holds back, how many of those arrive after the working day,
    and when the last one goes (see :func:`bot.use_cases.rounds.delivery.delivery_plan`).
    """
    intros = intros_of_round(session, round_.id)
    ids = {pid for i in intros for pid in i.members} | {x.person_id for x in round_.left_out}
    people = people_by_id(session, ids)
    groups = [[people[pid] for pid in i.members if pid in people] for i in intros]
    cross_f = sum(1 for g in groups if crosses([p.function for p in g]))
    cross_r = sum(1 for g in groups if crosses([p.region for p in g]))
    codes = Counter(x.code for x in round_.left_out if x.code not in ("not_opted_in",))
    left_out = [{"name": display_name(people[x.person_id]), "code": x.code}
                for x in round_.left_out if x.code != "not_opted_in" and x.person_id in people][:LEFT_OUT_SHOWN]
    trios = [[display_name(p) for p in group] for group in groups if len(group) > 2][:LEFT_OUT_SHOWN]
    samples = [{"members": [{"name": display_name(p), "function": p.function, "region": p.region} for p in group],
                "reasons": list(intro.reasons[:2])}
               for intro, group in list(zip(intros, groups, strict=True))[:SAMPLE_SIZE]]
    send_local = round_.send_at.astimezone(zone_of(zone_name))
    program = program_of_round(session, round_)
    local_hour = program.local_hour if program is not None else round_settings(session).local_send_hour
    plan = delivery_plan(session, round_.id, round_.day, local_hour, round_.created_at)
    held_back = [x for x in plan if x.held_back]
    slack_limit = None if not held_back else {
        "held_back": len(held_back), "late": sum(1 for x in plan if x.send_at >= x.latest),
        "last": max(x.send_at for x in plan).astimezone(zone_of(zone_name)).strftime("%a %d %b %H:%M ") + zone_name,
        "per_minute": round(60 / SLACK_OPEN_GAP)}
    return {
        "period": round_.period, "program": program.name if program is not None else "",
        "groups": len(groups), "participants": sum(len(g) for g in groups),
        "cross_function": round(100 * cross_f / len(groups)) if groups else 0,
        "cross_region": round(100 * cross_r / len(groups)) if groups else 0,
        "left_out_total": sum(codes.values()), "left_out_by_code": dict(codes), "left_out": left_out,
        "trios": trios,
        "samples": samples, "seed": round_.seed, "token": f"{round_.id}:{round_.seed}",
        "send_at": send_local.strftime("%a %d %b %H:%M ") + zone_name, "local_hour": f"{local_hour:02d}",
        "slack_limit": slack_limit,
        "blocker": None if groups else round_blocker(session, round_.day),
    }


def _preview_key(round_: Round, slack_id: str) -> str:
    return f"round:{round_.id}:preview:{slack_id}"


def _render_preview(services: Services, session: Session, round_: Round, state: str,
                    decided_by: str = "") -> tuple[str, list[dict[str, Any]]]:
    s = summary(session, round_, services.settings.timezone)
    ctx = {"s": s, "state": state, "decided_by": decided_by}
    return render_text("rounds/preview_text", **ctx), render_blocks("rounds/preview", **ctx)


def ask_for_approval(services: Services, session: Session, round_: Round) -> None:
    """DM each CNO the preview with approve / re-run / skip buttons."""
    session.flush()
    text, blocks = _render_preview(services, session, round_, "awaiting")
    for slack_id in cno_slack_ids(session, services.settings):
        enqueue(session, _preview_key(round_, slack_id), text=text, blocks=blocks, users=[slack_id])


def refresh_previews(services: Services, session: Session, round_: Round, state: str, decided_by: str = ""
                     ) -> tuple[str, list[dict[str, Any]]]:
    """Re-render every CNO's preview in place; returns the preview as it now reads."""
    text, blocks = _render_preview(services, session, round_, state, decided_by)
    for slack_id in cno_slack_ids(session, services.settings):
        update_sent(session, _preview_key(round_, slack_id), text=text, blocks=blocks)
    return text, blocks


def tell_cno_not_sent(services: Services, session: Session, round_: Round) -> None:
    """Tell each CNO that the round was not sent, and why (its note)."""
    text = render_text("rounds/not_sent_text", period=round_.period, note=round_.note)
    for slack_id in cno_slack_ids(session, services.settings):
        enqueue(session, f"round:{round_.id}:not_sent:{slack_id}", text=text, users=[slack_id])
