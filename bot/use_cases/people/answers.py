"""What a person is told after using one of their controls, wherever they clicked or typed it.

The same words answer `/networking resume` and a "Resume" button (App Home or the
quiet-pause DM), and always say the person's real state after the change.
"""

from __future__ import annotations

from datetime import datetime

from bot.bootstrap import Services
from bot.use_cases.people import controls as people_controls
from bot.use_cases.people.my_intros import my_participation
from storage.models.base import utcnow

#: Said when a pause or opt-out took the person out of an intro made ahead and not sent yet.
WITHDRAWN = ("This week's intro had not been sent yet, so I've withdrawn it "
             "(I'll look for someone else for your partner). ")


def pause_answer(services: Services, slack_id: str, text: str, now: datetime) -> str:
    until, withdrawn = people_controls.pause(services, slack_id, text, now)
    return (f"Paused: no intros until {until.isoformat()} (you're back in the first round from that day). "
            + (WITHDRAWN if withdrawn else "") + "`/networking resume` to come back sooner.")


def resume_answer(services: Services, slack_id: str, now: datetime) -> str:
    was_paused = people_controls.resume(services, slack_id, now)
    taking_part, status = my_participation(services, slack_id, now)
    if taking_part:
        return ("Welcome back" if was_paused else "You weren't paused") + ": you're in the next round."
    return ("Your pause is over. " if was_paused else "You weren't paused. ") + status


def opt_out_answer(services: Services, slack_id: str, now: datetime | None = None) -> str:
    changed, withdrawn = people_controls.opt_out(services, slack_id, now or utcnow())
    extra = WITHDRAWN if withdrawn else ""
    if changed:
        return f"You've opted out: no more intros. {extra}`/networking opt-in` whenever you want them back."
    return f"You're already opted out: no intros. {extra}`/networking opt-in` whenever you want them back."


def opt_in_answer(services: Services, slack_id: str, now: datetime) -> str:
    changed = people_controls.set_opted_in(services, slack_id, True)
    taking_part, status = my_participation(services, slack_id, now)
    if not taking_part:
        return f"You're opted in. {status}"
    if changed:
        return "You're in: your next intro comes with the next round."
    return "You're already in: you'll be matched in the next round."
