"""Preview and approval: a round waits for the CNO, who approves, re-runs it with another seed, or skips it.

The preview DM carries ``"<round id>:<seed>"`` in its buttons, so a click on an
out-of-date preview (the round was re-run since) changes nothing. Without an
approval by the send time the round is skipped and the CNO told.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.bootstrap import Services
from bot.errors import NotAllowed, UsageError
from bot.names import display_name
from bot.outbox import enqueue, update_sent
from bot.roles import cno_slack_ids, is_cno
from bot.use_cases.rounds.delivery import release_round
from bot.use_cases.rounds.settings import load_round_settings
from message_templates import render_blocks, render_text
from storage.models import Person, Round
from storage.models.rounds import AWAITING_APPROVAL, SKIPPED

SAMPLE_SIZE = 5
LEFT_OUT_SHOWN = 10


def summary(session: Session, round_: Round, zone_name: str = "UTC") -> dict[str, Any]:
    """What the CNO needs to judge a round at a glance."""
    ids = {m.person_id for i in round_.intros for m in i.members} | {x.person_id for x in round_.left_out}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    groups = [[people[m.person_id] for m in i.members if m.person_id in people] for i in round_.intros]
    cross_f = sum(1 for g in groups if len({p.function for p in g}) > 1)
    cross_r = sum(1 for g in groups if len({p.region for p in g}) > 1)
    codes = Counter(x.code for x in round_.left_out if x.code not in ("not_opted_in",))
    left_out = [f"• {display_name(people[x.person_id])}: {x.code.replace('_', ' ')}"
                for x in round_.left_out if x.code != "not_opted_in" and x.person_id in people][:LEFT_OUT_SHOWN]
    samples = []
    for intro, group in list(zip(round_.intros, groups, strict=True))[:SAMPLE_SIZE]:
        names = " + ".join(f"{display_name(p)} ({p.function}, {p.region})" for p in group)
        samples.append(f"• {names}: {' '.join(intro.reasons[:2])}")
    send_local = round_.send_at.astimezone(ZoneInfo(zone_name))
    row = load_round_settings(session)
    return {
        "period": round_.period, "groups": len(groups), "participants": sum(len(g) for g in groups),
        "cross_function": round(100 * cross_f / len(groups)) if groups else 0,
        "cross_region": round(100 * cross_r / len(groups)) if groups else 0,
        "left_out_total": sum(codes.values()), "left_out_by_code": dict(codes), "left_out": left_out,
        "samples": samples, "seed": round_.seed, "token": f"{round_.id}:{round_.seed}",
        "send_at": send_local.strftime("%a %d %b %H:%M ") + zone_name, "local_hour": f"{row.local_send_hour:02d}",
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


def _refresh_previews(services: Services, session: Session, round_: Round, state: str, decided_by: str = ""
                      ) -> tuple[str, list[dict[str, Any]]]:
    """Re-render every CNO's preview in place; returns the preview as it now reads."""
    text, blocks = _render_preview(services, session, round_, state, decided_by)
    for slack_id in cno_slack_ids(session, services.settings):
        update_sent(session, _preview_key(round_, slack_id), text=text, blocks=blocks)
    return text, blocks


def tell_cno_not_sent(services: Services, session: Session, round_: Round) -> None:
    text = render_text("rounds/not_sent_text", period=round_.period, note=round_.note)
    for slack_id in cno_slack_ids(session, services.settings):
        enqueue(session, f"round:{round_.id}:not_sent:{slack_id}", text=text, users=[slack_id])


def _awaiting(session: Session, token: str) -> Round:
    try:
        round_id, seed = (int(x) for x in token.split(":"))
    except ValueError:
        raise UsageError(f"not a round preview: {token!r}") from None
    round_ = session.get(Round, round_id)
    if round_ is None:
        raise UsageError("That round no longer exists.")
    if round_.status != AWAITING_APPROVAL:
        done = {SKIPPED: "was skipped: nothing is sent for this period"}.get(
            round_.status, "was already approved: its intros are on their way")
        raise UsageError(f"The round {round_.period} is no longer waiting for approval: it {done}.")
    if round_.seed != seed:
        raise UsageError("This preview is out of date: the round was re-run since. Use the newest preview.")
    return round_


@dataclass(frozen=True)
class Decision:
    """The round after a CNO's click, and its preview as it now reads (to replace the clicked one at once)."""

    round: Round
    text: str
    blocks: list[dict[str, Any]]


def decide(services: Services, token: str, decision: str, by_slack_id: str, now: datetime) -> Decision:
    """Apply a CNO's click: ``approve``, ``rerun`` or ``skip``. Raises UsageError for stale clicks."""
    with services.uow() as uow:
        allowed = is_cno(uow.session, services.settings, by_slack_id)
    if not allowed:
        raise NotAllowed("Only the CNO can approve, re-run or skip a round.")
    from bot.use_cases.rounds.making import compute_round, store_groups

    with services.uow() as uow:
        session = uow.session
        round_ = _awaiting(session, token)
        who = f"<@{by_slack_id}>"
        if decision == "approve":
            round_.decided_at, round_.decided_by = now, by_slack_id
            release_round(session, round_, load_round_settings(session), now)
            text, blocks = _refresh_previews(services, session, round_, "approved", who)
        elif decision == "rerun":
            store_groups(session, round_, compute_round(session, round_.day, round_.seed + 1))
            text, blocks = _refresh_previews(services, session, round_, "awaiting")
        elif decision == "skip":
            round_.status, round_.decided_at, round_.decided_by = SKIPPED, now, by_slack_id
            round_.note = "Skipped by the CNO."
            text, blocks = _refresh_previews(services, session, round_, "skipped", who)
        else:
            raise UsageError(f"unknown decision {decision!r}")
        uow.commit()
        return Decision(round_, text, blocks)


def expire_unapproved(services: Services, now: datetime) -> None:
    """A sweep: rounds still waiting at their send time are skipped, and the CNO is told."""
    with services.uow() as uow:
        waiting = uow.session.scalars(
            select(Round).where(Round.status == AWAITING_APPROVAL, Round.send_at <= now)
        ).all()
        for round_ in waiting:
            round_.status, round_.decided_at, round_.decided_by = SKIPPED, now, "schedule"
            round_.note = "Nobody approved it before the send time, so nothing was sent."
            _refresh_previews(services, uow.session, round_, "expired")
            tell_cno_not_sent(services, uow.session, round_)
        uow.commit()
