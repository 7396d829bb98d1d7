"""Enterprise Grid benchmark: `cno sync-slack` of an org-wide install, workspaces read side by side.

An organisation of ``--members`` (30,000) people in ``--workspaces`` (3) workspaces, one in ten of
them in two, in the local Slack stand-in, which holds ``users.list`` to Slack's Tier 2 (20 calls a
minute) per method and per workspace, answering 429 with ``Retry-After`` above it, as Slack does.
The sync waits on the stand-in's clock (no real waiting), so "Slack minutes" is the time the sync
would take against Slack at the documented tier; "wall s" is what the run took here (the
database writes of everyone added).

Baseline, in the same run: the same people in one workspace (a workspace-level token, every page
counting against one limit), which is also what reading the workspaces one after another costs.
"waits": how often a 429 made the sync wait (side by side, one wait may cover several workspaces).
Target: the org-wide sync takes at most the baseline's Slack minutes divided by the number of
workspaces, plus one minute (one window of the tier), and adds and counts each person once.

    python -m bench.grid_sync [--quick] [--members 30000] [--workspaces 3]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bot.bootstrap import bootstrap
from bot.settings import Settings
from bot.use_cases.lifecycle.slack_sync import SyncReport, sync_slack
from storage.db import make_engine
from storage.migrate import upgrade
from tests.support.slack_standin import SlackServer, SlackStandIn

TITLES = ("Account Executive", "Software Engineer", "Sales Manager", "Staff Engineer", "Finance Analyst")


def add_members(slack: SlackStandIn, members: int, workspaces: list[str] | None) -> None:
    for i in range(members):
        teams = None
        if workspaces:
            home = workspaces[i % len(workspaces)]
            teams = [home, workspaces[(i + 1) % len(workspaces)]] if i % 10 == 0 else [home]
        slack.add_user(f"U{i:07d}", f"m{i}@bench.test", f"Member {i}", title=TITLES[i % len(TITLES)],
                       tz="Europe/Paris", **({"teams": teams} if teams else {}))


def run(workdir: Path, name: str, members: int, workspaces: list[str] | None) -> tuple[SyncReport, float, float, int]:
    """One sync into a fresh database: its report, Slack minutes, wall seconds, waits Slack's 429s asked for."""
    url = f"sqlite:///{workdir / (name + '.db')}"
    with SlackServer() as server:
        slack = server.standin
        if workspaces:
            slack.enterprise("E0BENCH", {team: f"Bench {team}" for team in workspaces})
        add_members(slack, members, workspaces)
        settings = replace(Settings.from_env({}), database_url=url, slack_bot_token="xoxb-bench",
                           slack_api_url=server.api_url)
        services = bootstrap(settings, engine=make_engine(url))
        upgrade(services.engine)
        waits: list[float] = []

        def wait(seconds: float) -> None:  # on the stand-in's clock: Slack's time, not ours
            waits.append(seconds)
            slack.clock.advance(seconds)

        started = time.perf_counter()
        report = sync_slack(services, sleep=wait)
        wall = time.perf_counter() - started
        return report, slack.clock.now() / 60, wall, len(waits)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="12,000 members.")
    parser.add_argument("--members", type=int, default=30_000)
    parser.add_argument("--workspaces", type=int, default=3)
    args = parser.parse_args(argv)
    if args.quick:
        args.members = 12_000
    logging.basicConfig(level=logging.WARNING)
    teams = [f"T{n:02d}" for n in range(args.workspaces)]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        base, base_minutes, base_wall, base_429 = run(workdir, "one", args.members, None)
        grid, grid_minutes, grid_wall, grid_429 = run(workdir, "grid", args.members, teams)
    target = base_minutes / args.workspaces + 1
    print(f"`cno sync-slack` of {args.members:,} members (users.list, 200 a page, Tier 2: 20 calls a minute "
          "per workspace)")
    print(f"{'install':<44}{'members':>9}{'added':>8}{'Slack min':>11}{'x one':>7}{'waits':>7}{'wall s':>8}")
    print(f"{'one workspace (baseline)':<44}{base.members:>9,}{base.added:>8,}{base_minutes:>11.1f}{1:>7.2f}"
          f"{base_429:>7}{base_wall:>8.1f}")
    print(f"{f'org-wide, {args.workspaces} workspaces side by side':<44}{grid.members:>9,}{grid.added:>8,}"
          f"{grid_minutes:>11.1f}{grid_minutes / base_minutes:>7.2f}{grid_429:>7}{grid_wall:>8.1f}")
    once = grid.members == grid.added == args.members
    met = grid_minutes <= target and once
    print(f"target: org-wide <= {target:.1f} Slack minutes, everyone added once: {'met' if met else 'MISSED'}")


if __name__ == "__main__":
    main()
