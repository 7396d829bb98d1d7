"""The sections of the CNO's report, one small function each (see bot.use_cases.reports.org_report)."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from sqlalchemy import select

from bot.charts.org import density_heatmap, ei_chart, ei_trend_chart, new_ties_chart, reach_histogram
from bot.outbox import SLACK_OPEN_GAP
from bot.use_cases.reports.org_report import TREND_WEEKS, Chart, ReportData, Section
from matching import silos
from matching.org_figures import new_ties_by_week, pooled_key, reach_summary, shown_ei
from matching.team_view import MIN_BREAKDOWN
from storage.models import Person
from storage.queries.intros import latest_round_sending


def _pct(share: float) -> str:
    return f"{share:.0%}"


def _people(n: int) -> str:
    return f"{n:,} {'person' if n == 1 else 'people'}"


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
    across_f = sum(n * f for _, n, f, _ in past) / total if total else 0.0
    across_r = sum(n * r for _, n, _, r in past) / total if total else 0.0
    _, now_n, now_f, now_r = weeks[-1]
    lines = [
        f"This week so far: {now_n:,} new ties, {_pct(now_f)} across functions, {_pct(now_r)} across regions.",
        f"Last {len(past)} weeks: {total:,} new ties ({total / max(len(past), 1):,.1f} a week), "
        f"{_pct(across_f)} across functions, {_pct(across_r)} across regions.",
    ]
    return Section("New ties", lines, [Chart("new-ties", "New ties per week", new_ties_chart(weeks))])


def _extremes(matrix: silos.DensityMatrix) -> tuple[str, str] | None:
    cells = [
        (matrix.density[i][j], a, b)
        for i, a in enumerate(matrix.groups)
        for j, b in enumerate(matrix.groups)
        if i < j and matrix.sizes[i] >= MIN_BREAKDOWN and matrix.sizes[j] >= MIN_BREAKDOWN
    ]
    if not cells:
        return None
    (high, a, b), (low, c, d) = max(cells), min(cells)
    return f"{a}–{b} ({high * 1000:.1f} per 1,000 pairs)", f"{c}–{d} ({low * 1000:.1f})"


def _shown(matrix: silos.DensityMatrix) -> tuple[list[str], list[list[float]]]:
    keep = [i for i, size in enumerate(matrix.sizes) if size >= MIN_BREAKDOWN]
    return [matrix.groups[i] for i in keep], [[matrix.density[i][j] for j in keep] for i in keep]


def silo_heatmaps(data: ReportData) -> Section:
    """Function-by-function and region-by-region tie density, as heatmaps."""
    lines, charts = [], []
    for attribute, plural in (("function", "functions"), ("region", "regions")):
        report = data.silos(attribute)
        matrix, modularity = report.density, report.modularity
        extremes = _extremes(matrix)
        if extremes:
            lines.append(f"Between {plural}: closest {extremes[0]}; furthest apart {extremes[1]}.")
        lines.append(f"Modularity by {attribute}: {modularity:.2f} (0: {plural} mix as if at random; "
                     "towards 1: silos).")
        groups, density = _shown(matrix)
        if groups:
            charts.append(Chart(f"density-{attribute}", f"Tie density by {attribute}",
                                density_heatmap(groups, density, f"Tie density between {plural}")))
    lines.append(f"Groups of fewer than {MIN_BREAKDOWN} people are pooled into “Smaller groups”.")
    return Section("Silos", lines, charts)


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
    return "opening up" if change > 0 else "closing in"


def ei_index(data: ReportData) -> Section:
    """E-I index per function and region, now and 4 and 12 weeks ago."""
    lines, charts = [], []
    for attribute, plural in (("function", "functions"), ("region", "regions")):
        now = shown_ei(data.silos(attribute))
        then = {w: _ei_then(data, attribute, w) for w in (4, 12)}
        org = now.pop(silos.ORG_WIDE, 0.0)
        past = ", ".join(f"{then[w].get(silos.ORG_WIDE, 0.0):+.2f} {w} weeks ago" for w in (4, 12))
        lines.append(f"E-I index across {plural}: {org:+.2f} now ({past}): "
                     f"{_direction(org - then[12].get(silos.ORG_WIDE, 0.0))}.")
        closed = sorted(now.items(), key=lambda kv: kv[1])[:3]
        if closed:
            lines.append(f"Most inward-looking {plural}: "
                         + ", ".join(f"{g} {v:+.2f} ({v - then[12].get(g, v):+.2f})" for g, v in closed) + ".")
        if now:
            charts.append(Chart(f"ei-{attribute}", f"E-I index by {attribute}",
                                ei_chart(now, {g: v for g, v in then[12].items() if g in now},
                                         f"E-I index by {attribute}", "12 weeks ago")))
    trend = _ei_trend(data)
    if len(trend) >= 3:
        charts.append(Chart("ei-trend", "E-I index week by week", ei_trend_chart(trend)))
    return Section("Openness: the E-I index", lines, charts)


def _ei_trend(data: ReportData) -> list[tuple[date, float | None, float | None]]:
    """Organisation-wide E-I by function and region: stored weekly snapshots, then today."""
    org = silos.ORG_WIDE
    points: list[tuple[date, float | None, float | None]] = [
        (monday, s.figures.get("ei_function", {}).get(org), s.figures.get("ei_region", {}).get(org))
        for monday, s in sorted(data.snapshots.items())
        if monday < data.this_monday
    ]
    now = [shown_ei(data.silos(a)).get(silos.ORG_WIDE) for a in ("function", "region")]
    return [*points, (data.today, now[0], now[1])]


def reach_distribution(data: ReportData) -> Section:
    """The distribution of second-degree reach and how many people have the lowest."""
    people = data.network.people
    s = reach_summary(data.second_degree, people)
    n = max(s["people"], 1)
    lines = [
        f"Second-degree reach (people two ties away): median {s['median']:,.0f}, middle half "
        f"{s['p25']:,.0f}–{s['p75']:,.0f}, highest {s['max']:,}.",
        f"{_people(s['at_min'])} ({s['at_min'] / n:.0%}) {'has' if s['at_min'] == 1 else 'have'} the lowest "
        f"reach ({s['min']:,}); {_people(s['none'])} reach nobody at two removes.",
        f"The lowest-reach quarter (the audience intros favour): {_people(s['lowest_quarter'])}.",
    ]
    chart = reach_histogram(s["histogram"]["edges"], s["histogram"]["counts"], s["median"])
    return Section("Second-degree reach", lines, [Chart("reach-distribution", "Second-degree reach", chart)])


def _broker_line(broker: silos.Broker, names: dict[int, str], people: dict) -> str:
    person = people[broker.person_id]
    who = f"{names.get(broker.person_id, f'#{broker.person_id}')} ({person.function}, {person.region})"
    if broker.sole_links:
        return f"{who}: the only tie between {broker.group} and {', '.join(broker.sole_links)}."
    held = "; ".join(f"{p.share:.0%} of {broker.group}–{p.other_group} ties" for p in broker.pairs[:3])
    return f"{who}: holds {held or f'ties to {broker.groups_reached} other groups'}."


def brokers(data: ReportData) -> Section | None:
    """People whose departure would cut groups apart (names: this report is for the CNO only)."""
    people = data.network.people
    found = {attribute: data.silos(attribute).brokers for attribute in ("function", "region")}
    ids = {b.person_id for group in found.values() for b in group}
    if not ids:
        return None
    names = {pid: name for pid, name in data.session.execute(select(Person.id, Person.name).where(Person.id.in_(ids)))}
    lines = []
    for attribute, group in found.items():
        lines.extend(f"By {attribute}: {_broker_line(b, names, people)}" for b in group if b.score >= 0.5)
    if not lines:
        lines.append("Nobody holds half or more of the ties between two groups: no single point of failure.")
    lines.append("Hand their relationships over before they leave: intros with their contacts across the gap.")
    return Section("Brokers: who holds the groups together", lines)


def events(data: ReportData) -> Section | None:
    """Networking events of the last 12 weeks: attendance and the ties made there."""
    from bot.use_cases.events.results import event_figures

    figures = event_figures(data.session, data.today - timedelta(weeks=TREND_WEEKS))
    if figures.events == 0:
        return Section("Events", [f"No networking event was held in the last {TREND_WEEKS} weeks."])
    ties = figures.ties
    return Section("Events", [
        f"Last {TREND_WEEKS} weeks: {figures.events:,} event{'s' if figures.events != 1 else ''}, "
        f"{_people(figures.invited)} invited, {figures.going:,} going, {figures.attended:,} said whom they met.",
        f"Ties made at events: {ties.ties:,} ({ties.new_ties:,} new), {_pct(ties.cross_function_share)} across "
        f"functions, {_pct(ties.cross_region_share)} across regions.",
    ])


def intros(data: ReportData) -> Section:
    """Intro rounds of the last 12 weeks: answered and met rates, and people paused for silence."""
    from bot.use_cases.reports.intro_figures import intro_figures

    f = intro_figures(data.session, data.today - timedelta(weeks=TREND_WEEKS))
    if f.rounds == 0:
        return Section("Intros", [f"No intro round was held in the last {TREND_WEEKS} weeks.",
                                  f"Paused for not answering several intros in a row: {_people(f.quiet_paused)}."])
    lines = [f"Last {TREND_WEEKS} weeks: {f.rounds:,} round{'s' if f.rounds != 1 else ''}, {f.intros:,} intros "
             f"for {_people(f.people)}."]
    sending = latest_round_sending(data.session)
    per_minute = round(60 / SLACK_OPEN_GAP)
    if sending is not None and sending[1] > per_minute:  # more than Slack opens in a minute: say when it ends
        period, count, last = sending
        lines.append(f"Slack opens about {per_minute} new conversations a minute: the {count:,} intros of {period} "
                     f"go out until {last.astimezone(UTC):%a %d %b %H:%M} UTC.")
    if f.asked:
        lines.append(f"Of the {f.asked:,} intros asked \"did you meet?\", {_pct(f.answer_rate or 0.0)} were answered "
                     f"and {_pct(f.met_rate or 0.0)} met.")
    lines.append(f"Paused for not answering several intros in a row: {_people(f.quiet_paused)}.")
    return Section("Intros", lines)
