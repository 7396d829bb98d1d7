"""What the sections of the CNO's report are made of and read: charts, sections, and the data loaded once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from bot.network import Network
from matching.org_figures import pooled_silos
from matching.reach import second_degree_reach_all
from matching.silos import SiloReport
from storage.models import OrgSnapshot
from storage.reach import org_snapshots
from storage.uow import Session

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
