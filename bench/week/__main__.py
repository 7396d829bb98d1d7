"""One whole week of the app at full size on PostgreSQL, stage by stage.

    python -m bench.week [--quick] [--stages round,snapshot] [--reuse-import] [--database-url URL] [--json FILE]

An organisation of 100,000 people and 2,000,000 ties (``--quick``: 5,000 and
100,000) from ``matching.synthetic``, imported through ``cno import``'s bulk paths
into an emptied PostgreSQL database (default ``bench_week``), then the week through
the app's own use cases, against the in-process Slack stand-in enforcing Slack's
tiers on a simulated clock (waits cost no time): Slack sync, the round made and
released, delivery (the plan for every intro, and the real sender on a sample),
follow-ups, "we met" from half the groups, an event for everyone with RSVPs, team
reach for a sample of managers, the weekly snapshot, the CNO report, App Home opens
and `/networking status` under 50 concurrent requests. Per stage: wall time, CPU
time, peak memory, rows written, and the goal or baseline (same run) it is held to.
``--stages`` runs some stages only (with those they need: a round needs the Slack sync);
``--reuse-import`` imports an organisation of this size once and copies it afterwards.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.week import delivery, org, stages
from bench.week.graph_memory import measure as graph_memory
from bench.week.measure import Recorder, percentile
from bench.week.surfaces import surfaces_under_load
from bot.bootstrap import bootstrap
from bot.settings import Settings
from storage.db import make_engine
from tests.support.slack_standin import SlackServer

DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_week"
WEEK = "2026-W50"
ROUND_MADE = datetime(2026, 12, 6, 12, tzinfo=UTC)  # Sunday noon UTC: before anyone's Monday 09:00
FOLLOW_UPS = datetime(2026, 12, 11, 20, tzinfo=UTC)  # every intro's follow-up (4 days after it) is due
EVENT_SUBMITTED = datetime(2026, 12, 12, 9, tzinfo=UTC)
SNAPSHOT_TICK = datetime(2026, 12, 14, 1, tzinfo=UTC)  # Monday after: last week's snapshot is due
REPORT_DAY = date(2026, 12, 14)
STAGES = ("sync", "round", "delivery", "follow-ups", "met", "event", "rsvp", "graph", "team-reach", "graph-memory",
          "snapshot", "report", "surfaces")
#: What a stage needs run before it (and, through them, what those need).
NEEDS = {"round": ("sync",), "delivery": ("round",), "follow-ups": ("delivery",), "met": ("follow-ups",),
         "rsvp": ("event",), "team-reach": ("graph",), "surfaces": ("sync",)}


def chosen_stages(names: str | None) -> set[str]:
    """The stages ``--stages`` names (all when None), with the stages they need."""
    wanted = set(STAGES) if names is None else {n.strip() for n in names.split(",") if n.strip()}
    unknown = wanted - set(STAGES)
    if unknown:
        raise SystemExit(f"bench.week: unknown stage(s) {', '.join(sorted(unknown))}; stages: {', '.join(STAGES)}")
    todo = list(wanted)
    while todo:
        for need in NEEDS.get(todo.pop(), ()):
            if need not in wanted:
                wanted.add(need)
                todo.append(need)
    return wanted


def main() -> None:
    logging.basicConfig(level=logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="5,000 people and 100,000 ties")
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--ties", type=int, default=None)
    parser.add_argument("--deliver", type=int, default=None, help="intros the real sender delivers (default 2,000)")
    parser.add_argument("--managers", type=int, default=None, help="managers whose team reach is measured")
    parser.add_argument("--requests", type=int, default=None, help="App Home / /networking / healthz requests")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--threads", type=int, default=8, help="concurrent clickers for answers and RSVPs")
    parser.add_argument("--clicks", type=int, default=None,
                        help="'we met' clicks measured (default: one per group of half the groups; full size: 5,000)")
    parser.add_argument("--rsvp-share", type=int, default=None, help="one invitee in N answers (default 10; full 20)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--json", type=Path, default=None, help="also write each stage as a JSON line here")
    parser.add_argument("--stages", default=None, help=f"comma-separated, among: {', '.join(STAGES)} (default all)")
    parser.add_argument("--reuse-import", action="store_true",
                        help="import this size of organisation once: kept as a template database, copied next time")
    args = parser.parse_args()
    want = chosen_stages(args.stages).__contains__
    people = args.people or (5_000 if args.quick else 100_000)
    ties = args.ties or 20 * people
    deliver_n = args.deliver or (500 if args.quick else 2_000)
    managers_n = args.managers or (20 if args.quick else 100)
    requests = args.requests or (300 if args.quick else 1_500)
    clicks = args.clicks or (None if args.quick or args.people else 5_000)
    rsvp_share = args.rsvp_share or (10 if args.quick or args.people else 20)

    template = org.template_name(args.database_url, people, ties, args.seed) if args.reuse_import else None
    reused = template is not None and org.copy_of_template(args.database_url, template)
    engine = make_engine(args.database_url) if reused else org.fresh_database(args.database_url)
    rec = Recorder(engine, args.json)
    print(f"bench.week: {people:,} people, {ties:,} ties, PostgreSQL {engine.url.database}; "
          f"{time.strftime('%Y-%m-%d %H:%M')}\n", flush=True)
    with tempfile.TemporaryDirectory() as folder, SlackServer() as server:
        server.standin.enforce_tiers = False  # this bench applies Slack's tiers itself, on its simulated clock
        settings = Settings(database_url=args.database_url, slack_bot_token="xoxb-bench",
                            slack_api_url=server.api_url, cno_admins=frozenset({org.slack_id(0).lower()}))
        services = bootstrap(settings, engine=engine)
        cno = org.slack_id(0)

        with rec.stage("setup: synthetic org, CSV import") as s:
            people_csv, ties_csv, zones = org.write_files(Path(folder), people, ties, args.seed)
            if reused:
                s.notes.append(f"the organisation imported by an earlier run, copied from {template}")
            else:
                made, tied = org.import_org(engine, people_csv, ties_csv)
                s.notes.append(f"{made:,} people and {tied:,} interactions imported")
                if template is not None:
                    org.save_template(engine, template)
            org.fill_workspace(server.standin, zones)

        if want("sync"):
            with rec.stage("Slack sync (users.list, Tier 2)") as s:
                clock = delivery.SimClock()
                server.standin.gap_clock = clock
                server.standin.rate_limits["users.list"] = delivery.TIER2_GAP
                report = stages.slack_sync(services, ROUND_MADE.date(), clock.sleep)
                server.standin.rate_limits.pop("users.list")
                server.standin.gap_clock = time.monotonic
                pages = len(server.standin.calls_to("users.list"))
                s.notes.append(f"{report.members:,} members, {report.linked:,} linked, {pages} users.list calls; "
                               f"Slack's limit alone: {clock.slept / 60:,.0f} simulated minutes")
                s.figures.update(members=report.members, linked=report.linked, slack_wait_s=clock.slept)

        if want("round"):
            with rec.stage("round made and released") as s:
                released = stages.round_made_and_released(services, ROUND_MADE, WEEK)
                s.notes.append(f"{released.intros:,} intros, {released.queued:,} outbox rows")
                s.figures.update(intros=released.intros, queued=released.queued)
            s.against_goal(s.wall, 120, "s")

        if want("delivery"):
            with rec.stage("delivery plan (every intro)") as s:
                rows, zone_of = delivery.outbox_intros(services)
                plan = delivery.planned_arrivals(rows, zone_of, delivery.TIER3_GAP)
                s.notes.append(f"{plan.intros:,} intros; first due {plan.first_due:%a %H:%M} UTC; last arrives "
                               f"{plan.last_arrival:%a %H:%M} UTC ({plan.last_local}); "
                               f"bound {plan.bound_s / 3600:.1f} h at {delivery.TIER3_GAP:.1f} s "
                               "per conversations.open")
                s.notes.append(f"{plan.late_after_workday:,} intros arrive after 17:00 for a member; wait past the "
                               f"planned time: median {plan.median_wait_min:,.0f} min, "
                               f"worst {plan.worst_wait_min:,.0f} min ({plan.worst_wait_zone})")
                s.figures.update(plan.__dict__)
                s.compared = "goal: within each zone's working day"
                s.verdict = "met" if plan.late_after_workday == 0 else f"MISSED ({plan.late_after_workday:,} late)"

            with rec.stage(f"delivery: real sender, {deliver_n:,} intros") as s:
                sent = delivery.deliver_sample(services, server.standin, deliver_n, delivery.TIER3_GAP)
                rest = delivery.mark_rest_sent(engine)
                s.notes.append(f"{sent.sent:,} sent in {sent.simulated_s / 60:,.1f} simulated min (bound "
                               f"{sent.bound_s / 60:,.1f} min), {sent.r429} 429s, {sent.real_s:,.1f} s real; "
                               f"{sent.real_s / max(1, sent.sent) * 1000:,.0f} ms of work per intro; "
                               f"{rest:,} others recorded as sent at their planned time")
                s.figures.update(sent.__dict__)
                s.compared = "goal: >= 90% of the Tier 3 bound, never above (no 429)"
                ok = sent.share_of_bound >= 0.9 and sent.r429 == 0 and sent.share_of_bound <= 1.0
                s.verdict = f"{'met' if ok else 'MISSED'} ({sent.share_of_bound:.1%} of the bound, {sent.r429} 429s)"

        if want("follow-ups"):
            with rec.stage("follow-ups (sweep slices)") as s:
                slices = stages.follow_ups(services, FOLLOW_UPS)
                s.notes.append(f"{len(slices)} slices: longest {max(slices, default=0):,.1f} s, "
                               f"mean {sum(slices) / max(1, len(slices)):,.1f} s")
                s.figures.update(slices=[round(x, 2) for x in slices])
                s.against_goal(max(slices, default=0), 60, "s", "longest slice")

        if want("met"):
            half = stages.met_answerers(services)
            who = half[:: max(1, len(half) // clicks)][:clicks] if clicks else half
            with rec.stage(f"'we met': {len(who):,} of {len(half):,} groups") as s:
                times = stages.clicks(stages.answer_met(services, FOLLOW_UPS + timedelta(hours=1)), who, args.threads)
                s.notes.append(f"{len(who):,} clicks, {args.threads} at a time: "
                               f"p50 {percentile(times, .5) * 1000:,.0f} ms, "
                               f"p99 {percentile(times, .99) * 1000:,.0f} ms")
                s.against_goal(percentile(times, .99) * 1000, 300, "ms", "p99 per click")

        if want("event"):
            with rec.stage("event for everyone: submit + queue") as s:
                event_id, invited, submit_s, queue_s = stages.event_for_everyone(services, cno, EVENT_SUBMITTED)
                s.notes.append(f"{invited:,} invitations queued: submission {submit_s:,.1f} s, "
                               f"queueing {queue_s:,.1f} s")
                s.against_goal(submit_s + queue_s, 300, "s", "all queued")

        if want("rsvp"):
            with rec.stage(f"event RSVPs (one in {rsvp_share})") as s:
                who_rsvp = stages.rsvp_people(services, event_id, rsvp_share)
                times = stages.clicks(stages.answer_rsvp(services, event_id, EVENT_SUBMITTED + timedelta(hours=2)),
                                      who_rsvp, args.threads)
                s.notes.append(f"{len(who_rsvp):,} answers, {args.threads} at a time: p50 "
                               f"{percentile(times, .5) * 1000:,.0f} ms, p99 {percentile(times, .99) * 1000:,.0f} ms")
                s.against_goal(percentile(times, .99) * 1000, 300, "ms", "p99 per answer")

        if want("graph"):
            with rec.stage("graph cache load (networkx)") as s:
                nodes, edges = stages.network_cache(services, REPORT_DAY)
                s.notes.append(f"{nodes:,} people, {edges:,} ties held by each replica")
                s.figures.update(nodes=nodes, edges=edges)

        if want("team-reach"):
            all_managers = stages.managers(services)
            sample = all_managers[:: max(1, len(all_managers) // managers_n)][:managers_n]
            with rec.stage(f"team reach, {len(sample)} of {len(all_managers):,} managers") as s:
                times = stages.clicks(stages.team_reach_of(services, REPORT_DAY), sample, 1)
                total = sum(times) / max(1, len(times)) * len(all_managers)
                s.notes.append(f"per manager p50 {percentile(times, .5):,.2f} s, p99 {percentile(times, .99):,.2f} s "
                               f"(chart included); every manager once: about {total / 60:,.0f} min")
                s.against_goal(percentile(times, .5), 1, "s", "p50 per team")

        if want("graph-memory"):
            with rec.stage("graph per replica: shared vs dict per tie") as s:
                compared = graph_memory(args.database_url, min(managers_n, 50))
                new, old = compared["shared attributes"], compared["dict per tie (before)"]
                for kind, f in compared.items():
                    s.notes.append(f"{kind}: {f['mb']:,.0f} MB for {f['edges']:,.0f} ties; team reach p50 "
                                   f"{f['team_p50_s'] * 1000:,.0f} ms, mean {f['team_mean_s'] * 1000:,.0f} ms")
                s.figures.update(compared)
                s.against_goal(new["mb"] / old["mb"], 0.5, "x", "memory vs before")
                s.against_baseline("team reach mean ms, dict per tie", old["team_mean_s"] * 1000,
                                   new["team_mean_s"] * 1000)

        if want("snapshot"):
            with rec.stage("weekly snapshot") as s:
                stages.snapshot(services, SNAPSHOT_TICK)
            s.against_goal(s.wall, 60, "s")
            s.against_goal(s.extra_mb / 1024, 2, "GB")

        if want("report"):
            with rec.stage("CNO report") as s:
                sections = stages.cno_report(services, cno, SNAPSHOT_TICK + timedelta(hours=8))
                s.notes.append(f"{sections} sections, queued for the CNO")
            s.against_goal(s.wall, 60, "s")
            s.against_goal(s.extra_mb / 1024, 2, "GB")

        if want("surfaces"):
            with rec.stage(f"App Home + /networking, {args.concurrency} concurrent") as s:
                ids = [org.slack_id(k) for k in range(people)]
                figures = surfaces_under_load(args.database_url, server, ids, requests, args.concurrency)
                for kind, f in figures.items():
                    s.notes.append(f"{kind}: n {f['n']:,.0f}, p50 {f['p50']:,.0f} ms, p99 {f['p99']:,.0f} ms, "
                                   f"max {f['max']:,.0f} ms")
                s.figures.update(figures)
                worst = max(figures["App Home open"]["p99"], figures["/networking status"]["p99"])
                s.against_goal(worst, 300, "ms", "p99")
                s.against_baseline("p99 of GET /healthz ms", figures["baseline GET /healthz"]["p99"], worst)

    print("\n" + rec.table())
    rec.write_json()


if __name__ == "__main__":
    main()
