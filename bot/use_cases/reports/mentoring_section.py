"""The "Mentors and sponsors" section of the CNO's report: figures by kind and requests to follow up."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.use_cases.mentoring.figures import KindFigures, mentoring_figures, unfulfilled_requests
from bot.use_cases.reports.org_data import TREND_WEEKS, ReportData, Section

MOST_LISTED = 10
_KIND = {"mentor": "Mentor requests", "sponsor": "Sponsor requests"}


def _wait(value: timedelta) -> str:
    days = value.total_seconds() / 86400
    return f"{days:.1f} days" if days >= 1 else f"{value.total_seconds() / 3600:.0f} hours"


def _line(kind: str, f: KindFigures) -> str:
    line = f"{_KIND[kind]}: {f.requests:,} ({f.fulfilled:,} matched, {f.unfulfilled:,} not, {f.open:,} open"
    line += f", {f.cancelled:,} withdrawn)" if f.cancelled else ")"
    if f.fulfilment_rate is not None:
        line += f"; fulfilment {f.fulfilment_rate:.0%}"
    if f.median_time_to_match is not None:
        line += f"; median time to match {_wait(f.median_time_to_match)}"
    return line + "."


def mentoring_section(data: ReportData) -> Section | None:
    """Requests over the last 12 weeks by kind, and the unfulfilled ones by name (the report is the CNO's only)."""
    since = datetime.combine(data.this_monday - timedelta(weeks=TREND_WEEKS), time(), tzinfo=UTC)
    figures = mentoring_figures(data.session, since)
    if not any(f.requests for f in figures.values()):
        return None
    lines = [f"Last {TREND_WEEKS} weeks. " + _line(*next(iter(figures.items())))]
    lines += [_line(kind, f) for kind, f in list(figures.items())[1:]]
    waiting = unfulfilled_requests(data.session, since)
    for r in waiting[:MOST_LISTED]:
        lines.append(
            f"To follow up: {r.requester_name} asked for a {r.kind} on \"{r.topic}\" ({r.created_at:%d %b}); "
            f"{'nobody with room fitted' if not r.candidates_asked else 'the people asked could not take it on'}."
        )
    if len(waiting) > MOST_LISTED:
        lines.append(f"… and {len(waiting) - MOST_LISTED} more: `cno mentoring unfulfilled`.")
    return Section("Mentors and sponsors", lines)
