"""'We met' clicks on a database ``bench.week`` left behind: groups nobody answered yet, clicked concurrently.

    python -m bench.week.met_clicks [--database-url URL] [--clicks 1000] [--threads 8]
"""

from __future__ import annotations

import argparse
import logging
from datetime import timedelta

from sqlalchemy import select

from bench.week.__main__ import DEFAULT_DB, FOLLOW_UPS
from bench.week.measure import percentile
from bench.week.stages import answer_met, clicks
from bot.bootstrap import bootstrap
from bot.settings import Settings
from storage.models import IntroMember, Person


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--clicks", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    services = bootstrap(Settings(database_url=args.database_url, slack_bot_token="xoxb-bench"))
    with services.uow() as uow:
        answered = set(uow.session.scalars(select(IntroMember.intro_id).where(IntroMember.answer.is_not(None))))
        rows = uow.session.execute(select(IntroMember.intro_id, IntroMember.id, Person.slack_id)
                                   .join(Person, Person.id == IntroMember.person_id)
                                   .order_by(IntroMember.intro_id, IntroMember.id)).all()
    firsts: dict[int, tuple[int, str]] = {}
    for intro_id, member_id, slack_id in rows:
        if intro_id not in answered and slack_id and intro_id not in firsts:
            firsts[intro_id] = (member_id, slack_id)
    who = [firsts[i] for i in sorted(firsts)[1::2]][:args.clicks]
    times = clicks(answer_met(services, FOLLOW_UPS + timedelta(hours=2)), who, args.threads)
    print(f"{len(who):,} 'we met' clicks, {args.threads} at a time: p50 {percentile(times, .5) * 1000:,.0f} ms, "
          f"p99 {percentile(times, .99) * 1000:,.0f} ms")


if __name__ == "__main__":
    main()
