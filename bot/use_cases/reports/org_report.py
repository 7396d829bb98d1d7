"""The CNO's organisation report: sections of figures and charts, as text, Slack blocks, HTML or PNG files.

Each section is a small function of :class:`ReportData` returning a
:class:`Section`, or None when it has nothing to say. The report goes only to the
CNO, so it may name people (the brokers); groups below 5 people are pooled.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session

from bot.network import Network, current_network
from matching.org_figures import pooled_silos
from matching.reach import second_degree_reach_all
from matching.silos import SiloReport
from message_templates import TEMPLATES, mrkdwn, render_blocks, render_text
from storage.models import OrgSnapshot
from storage.reach import iso_week, org_snapshots

TREND_WEEKS = 12


@dataclass(frozen=True)
class Chart:
    """A PNG chart; ``name`` is its file name without ``.png``."""

    name: str
    title: str
    png: bytes


@dataclass(frozen=True)
class Section:
    title: str
    lines: list[str]
    charts: list[Chart] = field(default_factory=list)


@dataclass
class ReportData:
    """What the sections read, loaded once: the network now and the stored snapshots."""

    session: Session
    today: date
    network: Network
    _silos: dict[str, SiloReport] = field(default_factory=dict)

    @cached_property
    def snapshots(self) -> dict[date, OrgSnapshot]:
        """Stored weekly snapshots of the last ``TREND_WEEKS`` weeks, by the week's Monday."""
        since = self.today - timedelta(weeks=TREND_WEEKS)
        return {s.week_start: s for s in org_snapshots(self.session, since)}

    @cached_property
    def second_degree(self) -> dict[int, int]:
        return second_degree_reach_all(self.network.graph)

    def silos(self, attribute: str) -> SiloReport:
        """Density, E-I index, modularity and brokers by ``attribute`` (small groups pooled), computed once."""
        if attribute not in self._silos:
            self._silos[attribute] = pooled_silos(self.network.graph, self.network.people, attribute)
        return self._silos[attribute]

    @property
    def this_monday(self) -> date:
        return self.today - timedelta(days=self.today.weekday())

    def snapshot_weeks_ago(self, weeks: int) -> OrgSnapshot | None:
        return self.snapshots.get(self.this_monday - timedelta(weeks=weeks))


SectionFn = Callable[[ReportData], Section | None]


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
    from bot.use_cases.reports import org_sections as s
    from bot.use_cases.reports.mentoring_section import mentoring_section

    return (s.new_ties, s.intros, s.silo_heatmaps, s.ei_index, s.reach_distribution, mentoring_section, s.events,
            s.brokers)


def build_report(session: Session, today: date) -> OrgReport:
    """Compute every section of the report for ``today``."""
    data = ReportData(session=session, today=today, network=current_network(session, today))
    found = [section(data) for section in sections()]
    return OrgReport(
        title=f"Networking report · {iso_week(today)} · {len(data.network.people):,} people",
        today=today,
        sections=[s for s in found if s is not None],
    )
