"""`cno demo`: the app on a synthetic organisation, with no Slack workspace needed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import typer
from rich.console import Console
from rich.panel import Panel

from bot.bootstrap import Services, bootstrap
from bot.settings import Settings
from bot.use_cases.demo.org import build_demo_org, refuse_real_people
from bot.use_cases.demo.round import DemoRound, demo_round
from bot.use_cases.demo.team_reach import demo_team_reach
from storage.db import check_reachable
from storage.migrate import upgrade

#: The demo's own database, so it never mixes synthetic people into the real one (DATABASE_URL).
DEMO_DATABASE_URL = "sqlite:///cno-demo.db"


def demo(
    people: int = typer.Option(2000, "--people", metavar="N", min=10, max=200_000,
                               help="Size of the synthetic organisation."),
    seed: int = typer.Option(7, metavar="N", help="The same seed builds the same organisation and round."),
    show: int = typer.Option(3, metavar="N", help="How many intro messages to print."),
    database_url: str = typer.Option(
        DEMO_DATABASE_URL, "--database-url",
        help="Where the demo organisation goes: its own file by default, never DATABASE_URL; a database "
             "holding real people is refused."),
) -> None:
    """Build a synthetic organisation in its own database, run one dry-run round, and show a reach report."""
    console = Console()
    settings = replace(Settings.from_env(), database_url=database_url)
    services = bootstrap(settings)
    check_reachable(services.engine)
    refuse_real_people(services)
    upgrade(services.engine)
    today = date.today()
    with console.status("Building a synthetic organisation…"):
        org = build_demo_org(services, people, seed)
    url = services.engine.url.render_as_string(hide_password=True)
    console.print(Panel.fit(
        f"[bold]{org.people:,}[/] people and [bold]{org.ties:,}[/] ties in {url}\n"
        "Functions, regions, levels and teams with managers; ties dense inside teams and functions, "
        "sparse across them — like a real company.",
        title="A synthetic organisation",
    ))
    _show_round(console, services, today, seed, show)
    _show_team_reach(console, services, today)


def blocks_as_text(blocks: list[dict[str, Any]]) -> str:
    """Block Kit as a person would read it in Slack, roughly: headers, sections, context lines."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind in ("header", "section") and block.get("text"):
            lines.append(block["text"]["text"])
        elif kind == "context":
            lines.append("  " + " ".join(e.get("text", "") for e in block.get("elements", [])))
        elif kind == "divider":
            lines.append("─" * 40)
        elif kind == "actions":
            lines.append("  " + "  ".join(f"[{e['text']['text']}]" for e in block.get("elements", [])))
    return "\n".join(lines)


def round_text(round_: DemoRound) -> str:
    """The dry-run round as the terminal shows it: summary, then the sample intro messages."""
    out = [
        f"Dry-run intro round for {round_.day:%A %d %B %Y} (seed {round_.seed}) — nothing is sent.",
        f"{round_.intros} intros for {round_.participants} people: {round_.across_functions:.0%} across functions, "
        f"{round_.across_regions:.0%} across regions.",
    ]
    if round_.left_out:
        out.append("Left out: " + ", ".join(f"{n} {code.replace('_', ' ')}" for code, n in round_.left_out))
    for number, sample in enumerate(round_.samples, start=1):
        out += ["", f"── Intro {number} of {round_.intros}: a group DM to {', '.join(sample.names)} ──",
                blocks_as_text(sample.blocks)]
    return "\n".join(out)


def _show_round(console: Console, services: Services, today: date, seed: int, show: int) -> None:
    with console.status("Running a dry-run intro round…"):
        text = round_text(demo_round(services, today, seed, show))
    console.print(Panel(text, title="This week's intros (dry run: nothing is sent)"))


def _show_team_reach(console: Console, services: Services, today: date) -> None:
    reach = demo_team_reach(services, today)
    if reach is None:
        return
    console.print(Panel(reach.text, title=f"/team-reach all — what {reach.manager_name}'s channel would see"))


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
