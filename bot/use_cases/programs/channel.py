"""What a program's channel sees: the launch announcement, pause/resume/end notes, and each round's summary.

Channel posts are aggregate only: counts and shares, never a person's name.
"""

from __future__ import annotations

from datetime import datetime

from bot.bootstrap import Services
from bot.outbox import enqueue
from bot.use_cases.programs.timing import next_program_day
from message_templates import render_text
from storage.models import Program, Round
from storage.queries.programs import first_send_time, met_share, released_rounds_of, round_reach
from storage.uow import Session


def program_words(program: Program) -> dict[str, object]:
    """What the templates need to describe a program (``programs/_words.j2``)."""
    return {"name": program.name, "cadence": program.cadence, "weekday": program.weekday,
            "local_hour": f"{program.local_hour:02d}", "group_size": program.group_size,
            "intro_type": program.intro_type, "attribute": program.attribute,
            "seats": list(program.seat_names()), "channel": program.channel_id, "status": program.status,
            "approval": program.approval_required, "follow_up_days": program.follow_up_days}


def announce_launch(services: Services, session: Session, program: Program, now: datetime) -> None:
    """Once per program: what it is, when intros come, and how to leave."""
    if program.launched_at is not None:
        return
    first = next_program_day(program, services.settings.timezone, now)
    text = render_text("programs/launch_text", p=program_words(program), first=first.strftime("%A %d %B"))
    enqueue(session, f"program:{program.id}:launch", text=text, channel=program.channel_id)
    program.launched_at = now


def announce_status(services: Services, session: Session, program: Program, now: datetime) -> None:
    """A short note in the channel when the program is paused, resumed or ended."""
    stamp = now.strftime("%Y%m%d%H%M")
    text = render_text("programs/status_text", p=program_words(program))
    enqueue(session, f"program:{program.id}:status:{program.status}:{stamp}", text=text,
            channel=program.channel_id)


def post_round_summary(session: Session, program: Program, round_: Round) -> None:
    """After a round is released: how many intros, across how many functions, how many of last round's met;
    posted when the first intros go out (a round is made up to a day ahead)."""
    intros, people, functions = round_reach(session, round_.id)
    earlier = released_rounds_of(session, program.id, round_.day)
    met, groups = met_share(session, earlier[0].id) if earlier else (0, 0)
    text = render_text("programs/summary_text", p=program_words(program), intros=intros,
                       people=people, functions=functions, met_percent=round(100 * met / groups) if groups
                       else None)
    enqueue(session, f"program:{program.id}:summary:{round_.id}", text=text, channel=program.channel_id,
            not_before=first_send_time(session, round_.id))  # "Check your DMs!" once the first intros are there
