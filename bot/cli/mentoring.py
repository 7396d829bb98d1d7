"""`cno mentoring unfulfilled` and `cno mentoring figures`: what the CNO follows up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import typer

from bot.bootstrap import Services, bootstrap
from bot.errors import UsageError
from bot.use_cases.mentoring.figures import figures_since, unfulfilled_since
from storage.migrate import check_current

app = typer.Typer(help="Mentor and sponsor requests.", no_args_is_help=True)

SINCE_HELP = "Only requests made on or after this day (YYYY-MM-DD)."


def _since(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), tzinfo=UTC)
    except ValueError:
        raise UsageError(f"--since must be a date like 2026-11-01, got {text!r}") from None


def _services() -> Services:
    services = bootstrap()
    check_current(services.engine)
    return services


@app.command("unfulfilled")
def unfulfilled_command(since: str = typer.Option(None, help=SINCE_HELP)) -> None:
    """Requests nobody could take on: who asked, for what, and how many people were asked."""
    rows = unfulfilled_since(_services(), _since(since))
    if not rows:
        typer.echo("No unfulfilled mentor or sponsor requests.")
        return
    typer.echo(f"{'#':>5}  {'kind':<8} {'asked on':<10}  {'asked':>5}  requester / topic")
    for r in rows:
        skills = f" (skills: {', '.join(r.skills_wanted)})" if r.skills_wanted else ""
        typer.echo(
            f"{r.request_id:>5}  {r.kind:<8} {r.created_at:%Y-%m-%d}  {r.candidates_asked:>5}  "
            f"{r.requester_name} <{r.requester_email}>: {r.topic}{skills}"
        )


def _duration(value: timedelta | None) -> str:
    if value is None:
        return "-"
    days = value.total_seconds() / 86400
    return f"{days:.1f} days" if days >= 1 else f"{value.total_seconds() / 3600:.1f} hours"


@app.command("figures")
def figures_command(since: str = typer.Option(None, help=SINCE_HELP)) -> None:
    """Requests, fulfilment rate and median time to match, by kind."""
    figures = figures_since(_services(), _since(since))
    header = f"{'kind':<8} {'requests':>8} {'matched':>8} {'unmatched':>9} {'open':>5} {'rate':>6}"
    typer.echo(f"{header}  median time to match")
    for kind, f in figures.items():
        rate = "-" if f.fulfilment_rate is None else f"{f.fulfilment_rate:.0%}"
        typer.echo(
            f"{kind:<8} {f.requests:>8} {f.fulfilled:>8} {f.unfulfilled:>9} {f.open:>5} {rate:>6}  "
            f"{_duration(f.median_time_to_match)}"
        )
