"""`/networking`: help, and the person's own controls."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

HELP = (
    "*/networking* — your weekly cross-team intros\n"
    "• `/networking help` — this help\n"
    "• `/networking status` — your next round and recent intros\n"
    "• `/networking pause 2w` (or a date, e.g. `pause 2026-12-31`) · `/networking resume`\n"
    "• `/networking opt-out` · `/networking opt-in`\n"
    "• `/networking prefs` — preferences (frequency, other functions or regions, mentoring)\n"
    "• `/networking why` — why you were (or weren't) matched this round"
)


def networking_command(ack: Ack, command: dict[str, str], respond: Respond) -> None:
    words = (command.get("text") or "").split()
    if not words or words[0] == "help":
        ack(response_type="ephemeral", text=HELP)
        return
    ack(response_type="ephemeral", text=f"I don't know `{words[0]}`.\n\n{HELP}")


def register(app: App) -> None:
    app.command("/networking")(networking_command)
