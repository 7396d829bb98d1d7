"""`/networking why`: the person's status for the current period, in plain words.

Matched (with whom and why), left out (the rule that applied, as the engine or the
round said it), or not taking part. The current period is the latest round made.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from bot.bootstrap import Services
from bot.local_time import zone_of
from bot.names import display_name
from bot.use_cases.people.controls import person_by_slack
from bot.use_cases.people.my_intros import next_round_words, participation
from message_templates import mrkdwn
from storage.models import Intro, IntroMember, LeftOutRecord, Person, Round
from storage.models.rounds import AWAITING_APPROVAL, PLANNED, SKIPPED


def why(services: Services, slack_id: str, now: datetime) -> str:
    with services.uow() as uow:
        session = uow.session
        person = person_by_slack(session, slack_id)
        round_ = session.scalar(select(Round).where(Round.created_at <= now).order_by(Round.day.desc()).limit(1))
        _, status = participation(session, person, now)
        if round_ is None:
            return (f"No round has been made yet. {status}\n"
                    f"Next round: {next_round_words(services, session, person, now)}")
        head = f"*Round {round_.period}*"
        if round_.status == SKIPPED:
            return f"{head}: this round was skipped, nobody was matched. {round_.note}".strip()
        if round_.status in (PLANNED, AWAITING_APPROVAL):
            return f"{head} is being prepared; its intros haven't gone out yet. {status}"
        intro = session.scalar(
            select(Intro).join(IntroMember, IntroMember.intro_id == Intro.id)
            .where(Intro.round_id == round_.id, IntroMember.person_id == person.id)
        )
        if intro is not None:
            if intro.send_at is not None and intro.send_at > now:
                local = intro.send_at.astimezone(zone_of(person.timezone))
                return f"{head}: you're matched; your intro arrives {local.strftime('%A at %H:%M')} your time."
            others = session.scalars(
                select(Person).join(IntroMember, IntroMember.person_id == Person.id)
                .where(IntroMember.intro_id == intro.id, Person.id != person.id)
            ).all()
            names = mrkdwn(" and ".join(f"{display_name(p)} ({p.function}, {p.region})" for p in others))
            reasons = "\n".join(f"• {mrkdwn(r)}" for r in intro.reasons)
            return f"{head}: you were matched with {names or 'someone who has since left'}.\nWhy:\n{reasons}"
        record = session.scalar(select(LeftOutRecord).where(LeftOutRecord.round_id == round_.id,
                                                            LeftOutRecord.person_id == person.id))
        if record is not None:
            return f"{head}: you weren't matched. {mrkdwn(record.reason)}"
        return (f"{head}: you weren't part of this round (you joined, or got a Slack account, after it was made). "
                f"{status}")
