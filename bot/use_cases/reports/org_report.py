"""The CNO's organisation report: sections of figures and charts, as text, Slack blocks, HTML or PNG files.

Each section is a small function of :class:`ReportData` returning a
:class:`Section`, or None when it has nothing to say. The report goes only to the
CNO, so it may name people (the brokers); groups below 5 people are pooled.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.bootstrap import Services
from bot.network import current_network
from bot.use_cases.reports import org_sections as s
from bot.use_cases.reports.mentoring_section import mentoring_section
from bot.use_cases.reports.org_data import Chart, ReportData, Section, SectionFn
from message_templates import TEMPLATES, mrkdwn, render_blocks, render_text
from storage.reach import iso_week
from storage.uow import Session

__all__ = ["Chart", "OrgReport", "ReportData", "Section", "build_report", "org_report", "sections"]


@dataclass(frozen=True)
class OrgReport:
    title: str
    today: date
    sections: list[Section]

    @property
    def charts(self) -> list[Chart]:
        return [chart for section in self.sections for chart in section.charts]

    def text(self, slack: bool = True) -> str:
        """The report as text: escaped for Slack (its notification text is mrkdwn), or as is for a terminal."""
        return render_text("reach/org_text", report=self, md=mrkdwn if slack else str)

    def blocks(self) -> list[dict[str, Any]]:
        return render_blocks("reach/org", report=self)

    def html(self) -> str:
        images = {c.name: base64.b64encode(c.png).decode() for c in self.charts}
        return _html_environment().get_template("reach/org.html.j2").render(report=self, images=images)

    def write_pngs(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        for chart in self.charts:
            path = directory / f"{chart.name}.png"
            path.write_bytes(chart.png)
            written.append(path)
        return written


def _html_environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined)


def sections() -> Sequence[SectionFn]:
    """The report's sections, in order."""
    return (s.new_ties, s.intros, s.silo_heatmaps, s.ei_index, s.reach_distribution, mentoring_section, s.events,
            s.brokers)


def build_report(session: Session, today: date) -> OrgReport:
    """Compute every section of the report for ``today``."""
    data = ReportData(session=session, today=today, network=current_network(session, today))
    found = [section(data) for section in sections()]
    return OrgReport(
        title=render_text("reach/org_title.txt", week=iso_week(today), people=len(data.network.people)),
        today=today,
        sections=[s for s in found if s is not None],
    )


def org_report(services: Services, now: datetime) -> OrgReport:
    """`cno report org`: the organisation report for today in the CNO's time zone."""
    with services.uow() as uow:
        report = build_report(uow.session, now.astimezone(services.settings.zone).date())
        uow.commit()
        return report
