"""Approval: a round waits for the CNO, who approves, re-runs it with another seed, or skips it.

The preview DM (:mod:`bot.use_cases.rounds.preview`) carries ``"<round id>:<seed>"`` in
its buttons, so a click on an out-of-date preview (the round was re-run since) changes
nothing. Without an approval by the send time the round is skipped and the CNO told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.bootstrap import Services
from bot.errors import UsageError
from bot.logs import round_context
from bot.roles import require_cno
from bot.use_cases.programs.channel import post_round_summary
from bot.use_cases.programs.making import compute_program_round, release_settings
from bot.use_cases.rounds.delivery import release_round
from bot.use_cases.rounds.planning import compute_round, store_groups
from bot.use_cases.rounds.preview import refresh_previews, tell_cno_not_sent
from storage.models import Round
from storage.models.rounds import AWAITING_APPROVAL, SKIPPED
from storage.queries.programs import program_of_round
from storage.queries.rounds import round_settings, rounds_waiting_past_send_time
from storage.uow import Session


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
        require_cno(uow.session, services.settings, by_slack_id, "Only the CNO can approve, re-run or skip a round.")
    with services.uow() as uow:
        session = uow.session
        round_ = _awaiting(session, token)
        with round_context(round_.period):
            who = f"<@{by_slack_id}>"
            if decision == "approve":
                round_.decided_at, round_.decided_by = now, by_slack_id
                program = program_of_round(session, round_)
                release_round(session, round_, round_settings(session) if program is None
                              else release_settings(program), now)
                if program is not None:
                    post_round_summary(session, program, round_)
                text, blocks = refresh_previews(services, session, round_, "approved", who)
            elif decision == "rerun":
                program = program_of_round(session, round_)
                store_groups(session, round_, compute_round(session, round_.day, round_.seed + 1) if program is None
                             else compute_program_round(session, program, round_.day, round_.seed + 1))
                text, blocks = refresh_previews(services, session, round_, "awaiting")
            elif decision == "skip":
                round_.status, round_.decided_at, round_.decided_by = SKIPPED, now, by_slack_id
                round_.note = "Skipped by the CNO."
                text, blocks = refresh_previews(services, session, round_, "skipped", who)
            else:
                raise UsageError(f"unknown decision {decision!r}")
            uow.commit()
            return Decision(round_, text, blocks)


def expire_unapproved(services: Services, now: datetime) -> None:
    """A sweep: rounds still waiting at their send time are skipped, and the CNO is told."""
    with services.uow() as uow:
        for round_ in rounds_waiting_past_send_time(uow.session, now):
            with round_context(round_.period):
                round_.status, round_.decided_at, round_.decided_by = SKIPPED, now, "schedule"
                round_.note = "Nobody approved it before the send time, so nothing was sent."
                refresh_previews(services, uow.session, round_, "expired")
                tell_cno_not_sent(services, uow.session, round_)
        uow.commit()
