"""The sections of the CNO's report, one small function each (see bot.use_cases.reports.org_report).

Each works out its figures and charts here; its words come from ``message_templates/reach/org_<section>.j2``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from bot.charts.org import density_heatmap, ei_chart, ei_trend_chart, new_ties_chart, reach_histogram
from bot.use_cases.events.results import event_figures
from bot.use_cases.reports.intro_figures import intro_figures
from bot.use_cases.reports.org_data import TREND_WEEKS, Chart, ReportData, Section
from matching import silos
from matching.org_figures import new_ties_by_week, pooled_key, reach_summary, shown_ei
from matching.team_view import MIN_BREAKDOWN
from message_templates.documents import render_document
from storage.queries.reports import names_of

ATTRIBUTES = ("function", "region")


def _section(words: dict[str, Any], charts: Sequence[tuple[str, bytes]] = ()) -> Section:
    """The section the template's words describe, with ``charts`` as (name, PNG) titled by the template."""
    return Section(words["title"], words["lines"], [Chart(name, words["charts"][name], png) for name, png in charts])


def new_ties(data: ReportData) -> Section:
    """New ties per week over the last 12 weeks, and how many cross functions and regions."""
    people, graph = data.network.people, data.network.graph
    first = data.this_monday - timedelta(weeks=TREND_WEEKS)
    live = new_ties_by_week(graph, first, data.today)
    weeks = []
    for monday, pairs in sorted(live.items()):
        stored = data.snapshots.get(monday)
        if stored is not None and monday < data.this_monday:
            weeks.append((monday, stored.new_ties, stored.new_cross_function_share, stored.new_cross_region_share))
        else:
            weeks.append((monday, len(pairs), *silos.cross_share(pairs, people)))
    past = weeks[:-1]
    total = sum(n for _, n, _, _ in past)
    _, now_n, now_f, now_r = weeks[-1]
    words = render_document(
        "reach/org_new_ties", now_n=now_n, now_f=now_f, now_r=now_r, weeks=len(past), total=total,
        per_week=total / max(len(past), 1),
        across_f=sum(n * f for _, n, f, _ in past) / total if total else 0.0,
        across_r=sum(n * r for _, n, _, r in past) / total if total else 0.0,
    )
    return _section(words, [("new-ties", new_ties_chart(weeks))])


def _extremes(matrix: silos.DensityMatrix) -> dict[str, tuple[str, str, float]] | None:
    """The closest and the furthest apart pair of groups large enough to show, as (group, group, density)."""
    cells = [
        (matrix.density[i][j], a, b)
        for i, a in enumerate(matrix.groups)
        for j, b in enumerate(matrix.groups)
        if i < j and matrix.sizes[i] >= MIN_BREAKDOWN and matrix.sizes[j] >= MIN_BREAKDOWN
    ]
    if not cells:
        return None
    (high, a, b), (low, c, d) = max(cells), min(cells)
    return {"closest": (a, b, high), "furthest": (c, d, low)}


def _shown(matrix: silos.DensityMatrix) -> tuple[list[str], list[list[float]]]:
    keep = [i for i, size in enumerate(matrix.sizes) if size >= MIN_BREAKDOWN]
    return [matrix.groups[i] for i in keep], [[matrix.density[i][j] for j in keep] for i in keep]


def silo_heatmaps(data: ReportData) -> Section:
    """Function-by-function and region-by-region tie density, as heatmaps."""
    by = [{"attribute": a, "extremes": _extremes(data.silos(a).density), "modularity": data.silos(a).modularity}
          for a in ATTRIBUTES]
    words = render_document("reach/org_silos", by=by, min_breakdown=MIN_BREAKDOWN)
    charts = []
    for attribute in ATTRIBUTES:
        groups, density = _shown(data.silos(attribute).density)
        if groups:
            name = f"density-{attribute}"
            charts.append((name, density_heatmap(groups, density, words["labels"][name])))
    return _section(words, charts)


def _ei_then(data: ReportData, attribute: str, weeks: int) -> dict[str, float]:
    stored = data.snapshot_weeks_ago(weeks)
    if stored is not None and f"ei_{attribute}" in stored.figures:
        return dict(stored.figures[f"ei_{attribute}"])
    people = data.network.people
    return silos.ei_index(data.network.graph, people, pooled_key(people, attribute),
                          as_of=data.today - timedelta(weeks=weeks))


def _direction(change: float) -> str:
    if abs(change) < 0.005:
        return "steady"
    return "opening" if change > 0 else "closing"


def ei_index(data: ReportData) -> Section:
    """E-I index per function and region, now and 4 and 12 weeks ago."""
    by, now_by, then_by = [], {}, {}
    for attribute in ATTRIBUTES:
        now = shown_ei(data.silos(attribute))
        then = {w: _ei_then(data, attribute, w) for w in (4, 12)}
        org = now.pop(silos.ORG_WIDE, 0.0)
        closed = sorted(now.items(), key=lambda kv: kv[1])[:3]
        by.append({
            "attribute": attribute, "org": org,
            "then_4": then[4].get(silos.ORG_WIDE, 0.0), "then_12": then[12].get(silos.ORG_WIDE, 0.0),
            "direction": _direction(org - then[12].get(silos.ORG_WIDE, 0.0)),
            "closed": [(g, v, v - then[12].get(g, v)) for g, v in closed],
        })
        now_by[attribute], then_by[attribute] = now, then[12]
    words = render_document("reach/org_ei", by=by)
    charts = []
    for attribute in ATTRIBUTES:
        now = now_by[attribute]
        if now:
            name = f"ei-{attribute}"
            charts.append((name, ei_chart(now, {g: v for g, v in then_by[attribute].items() if g in now},
                                          words["labels"][name], words["labels"]["then"])))
    trend = _ei_trend(data)
    if len(trend) >= 3:
        charts.append(("ei-trend", ei_trend_chart(trend)))
    return _section(words, charts)


def _ei_trend(data: ReportData) -> list[tuple[date, float | None, float | None]]:
    """Organisation-wide E-I by function and region: stored weekly snapshots, then today."""
    org = silos.ORG_WIDE
    points: list[tuple[date, float | None, float | None]] = [
        (monday, s.figures.get("ei_function", {}).get(org), s.figures.get("ei_region", {}).get(org))
        for monday, s in sorted(data.snapshots.items())
        if monday < data.this_monday
    ]
    now = [shown_ei(data.silos(a)).get(silos.ORG_WIDE) for a in ATTRIBUTES]
    return [*points, (data.today, now[0], now[1])]


def reach_distribution(data: ReportData) -> Section:
    """The distribution of second-degree reach and how many people have the lowest."""
    s = reach_summary(data.second_degree, data.network.people)
    chart = reach_histogram(s["histogram"]["edges"], s["histogram"]["counts"], s["median"])
    return _section(render_document("reach/org_reach", s=s), [("reach-distribution", chart)])


def brokers(data: ReportData) -> Section | None:
    """People whose departure would cut groups apart (names: this report is for the CNO only)."""
    people = data.network.people
    found = {attribute: data.silos(attribute).brokers for attribute in ATTRIBUTES}
    ids = {b.person_id for group in found.values() for b in group}
    if not ids:
        return None
    names = names_of(data.session, ids)
    shown = [(attribute, b, names.get(b.person_id), people[b.person_id])
             for attribute, group in found.items() for b in group if b.score >= 0.5]
    return _section(render_document("reach/org_brokers", brokers=shown))


def events(data: ReportData) -> Section | None:
    """Networking events of the last 12 weeks: attendance and the ties made there."""
    figures = event_figures(data.session, data.today - timedelta(weeks=TREND_WEEKS))
    return _section(render_document("reach/org_events", figures=figures, weeks=TREND_WEEKS))


def intros(data: ReportData) -> Section:
    """Intro rounds of the last 12 weeks: answered and met rates, and people paused for silence."""
    figures = intro_figures(data.session, data.today - timedelta(weeks=TREND_WEEKS))
    return _section(render_document("reach/org_intros", figures=figures, weeks=TREND_WEEKS))
