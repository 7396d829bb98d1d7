"""The demo's dry-run round: what the engine would do this week, and the intro messages it would send."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from bot.bootstrap import Services
from bot.use_cases.rounds.delivery import intro_message
from bot.use_cases.rounds.making import Computed, compute_round
from matching.people import Person
from matching.silos import cross_share
from storage.roster import load_people


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


def demo_round(services: Services, today: date, seed: int, show: int) -> str:
    """A dry-run round over everyone in the database, as text: summary, then ``show`` intro messages."""
    with services.uow() as uow:
        computed = compute_round(uow.session, today, seed)
        engine_people = load_people(uow.session, today)
        return _describe(computed, engine_people, today, seed, show)


def _describe(computed: Computed, engine_people: dict[int, Person], today: date, seed: int, show: int) -> str:
    groups = computed.matched.groups
    participants = sum(len(g.members) for g in groups)
    across_functions, across_regions = cross_share((g.members for g in groups), engine_people)
    left_out = Counter(code for _, code, _ in computed.left_out())
    out = [
        f"Dry-run intro round for {today:%A %d %B %Y} (seed {seed}) — nothing is sent.",
        f"{len(groups)} intros for {participants} people: {across_functions:.0%} across functions, "
        f"{across_regions:.0%} across regions.",
    ]
    if left_out:
        out.append("Left out: " + ", ".join(f"{n} {code.replace('_', ' ')}" for code, n in left_out.most_common()))
    for number, group in enumerate(groups[:show], start=1):
        members = [computed.people[pid] for pid in group.members]
        text, blocks = intro_message(group.reasons, members, follow_up_days=4)
        out += ["", f"── Intro {number} of {len(groups)}: a group DM to {', '.join(m.name for m in members)} ──",
                blocks_as_text(blocks)]
    return "\n".join(out)
