"""The "Mentors and sponsors" section of the CNO's report: figures by kind and requests to follow up."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.use_cases.mentoring.figures import mentoring_figures, unfulfilled_requests
from bot.use_cases.reports.org_data import TREND_WEEKS, ReportData, Section
from message_templates.documents import render_document

MOST_LISTED = 10


def mentoring_section(data: ReportData) -> Section | None:
    """Requests over the last 12 weeks by kind, and the unfulfilled ones by name (the report is the CNO's only)."""
    since = datetime.combine(data.this_monday - timedelta(weeks=TREND_WEEKS), time(), tzinfo=UTC)
    figures = mentoring_figures(data.session, since)
    if not any(f.requests for f in figures.values()):
        return None
    waiting = unfulfilled_requests(data.session, since)
    words = render_document("reach/org_mentoring", figures=list(figures.items()), waiting=waiting[:MOST_LISTED],
                            more=max(len(waiting) - MOST_LISTED, 0), weeks=TREND_WEEKS)
    return Section(words["title"], words["lines"])
