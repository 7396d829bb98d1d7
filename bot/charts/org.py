"""The CNO report's charts: new ties per week, tie-density heatmaps, E-I index, reach distribution."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
from matplotlib.dates import date2num
from matplotlib.ticker import PercentFormatter

from bot.charts import FIRST, FUNCTION_COLOUR, MUTED, REGION_COLOUR, SECOND, new_figure, style_axes, to_png


def new_ties_chart(weeks: Sequence[tuple[date, int, float, float]]) -> bytes:
    """Bars of new ties per week (Monday, count), and the shares across functions and regions."""
    figure = new_figure(10.0, 4.2)
    bars, shares = figure.subplots(1, 2, width_ratios=[1.4, 1])
    figure.suptitle("New ties per week", x=0.01, ha="left", fontsize=13, fontweight="bold")
    labels = [d.strftime("%d %b") for d, *_ in weeks]
    x = np.arange(len(weeks))
    bars.bar(x, [n for _, n, _, _ in weeks], color=FIRST)
    bars.set_xticks(x, labels, rotation=45, fontsize=8)
    bars.set_title("New ties (week starting)", loc="left", fontsize=11)
    style_axes(bars)
    bars.grid(axis="x", visible=False)
    shares.plot(x, [f for _, _, f, _ in weeks], marker="o", color=FUNCTION_COLOUR, label="across functions")
    shares.plot(x, [r for _, _, _, r in weeks], marker="o", color=REGION_COLOUR, label="across regions")
    shares.set_ylim(0, 1.05)
    shares.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    shares.set_xticks(x, labels, rotation=45, fontsize=8)
    shares.set_title("Share of new ties that cross…", loc="left", fontsize=11)
    shares.legend(frameon=False, fontsize=8, loc="lower left")
    style_axes(shares)
    return to_png(figure)


def density_heatmap(groups: Sequence[str], density: Sequence[Sequence[float]], title: str) -> bytes:
    """A group-by-group heatmap of ties per 1,000 possible pairs."""
    values = np.array(density, dtype=float) * 1000
    size = max(4.0, 0.7 * len(groups) + 2.5)
    figure = new_figure(size + 1.2, size)
    ax = figure.subplots()
    image = ax.imshow(values, cmap="Blues", vmin=0)
    ax.set_xticks(range(len(groups)), groups, rotation=45, ha="right", fontsize=9)
    ax.set_yticks(range(len(groups)), groups, fontsize=9)
    top = values.max() if values.size else 0
    for i in range(len(groups)):
        for j in range(len(groups)):
            v = values[i, j]
            ax.text(j, i, f"{v:.1f}" if v < 10 else f"{v:.0f}", ha="center", va="center", fontsize=8,
                    color="white" if top and v > top * 0.6 else "#111827")
    figure.colorbar(image, ax=ax, shrink=0.8, label="ties per 1,000 possible pairs")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    return to_png(figure)


def ei_chart(now: Mapping[str, float], before: Mapping[str, float], title: str, before_label: str) -> bytes:
    """Horizontal bars of the E-I index per group now, with a marker where it was before."""
    names = sorted(now, key=lambda g: now[g])
    figure = new_figure(7.0, max(2.5, 0.45 * len(names) + 1.4))
    ax = figure.subplots()
    y = np.arange(len(names))
    ax.barh(y, [now[g] for g in names], color=[FIRST if now[g] >= 0 else SECOND for g in names],
            label="now")
    old = [(i, before[g]) for i, g in enumerate(names) if g in before]
    if old:
        ax.scatter([v for _, v in old], [i for i, _ in old], marker="|", s=250, color="#111827", zorder=3,
                   label=before_label)
    ax.axvline(0, color=MUTED, linewidth=1)
    ax.set_xlim(-1, 1)
    ax.set_yticks(y, names, fontsize=9)
    ax.set_xlabel("E-I index: -1 all ties inside the group · +1 all ties outside it")
    ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    style_axes(ax)
    return to_png(figure)


def reach_histogram(edges: Sequence[float], counts: Sequence[int], median: float) -> bytes:
    """The distribution of second-degree reach, with the median marked."""
    figure = new_figure(7.0, 3.6)
    ax = figure.subplots()
    if counts:
        widths = np.diff(edges)
        ax.bar(edges[:-1], counts, width=widths, align="edge", color=FUNCTION_COLOUR, edgecolor="white")
        ax.axvline(median, color="#111827", linestyle="--", linewidth=1.2)
        ax.annotate(f"median {median:,.0f}", (median, max(counts)), xytext=(4, -2), textcoords="offset points",
                    va="top", fontsize=9)
    ax.set_xlabel("people at two removes (second-degree reach)")
    ax.set_ylabel("people")
    ax.set_title("How far each person's network reaches", loc="left", fontsize=12, fontweight="bold")
    style_axes(ax)
    ax.grid(axis="x", visible=False)
    return to_png(figure)


def ei_trend_chart(points: Sequence[tuple[date, float | None, float | None]]) -> bytes:
    """The organisation-wide E-I index by function and by region, week by week."""
    figure = new_figure(7.0, 3.4)
    ax = figure.subplots()
    days = [d for d, _, _ in points]
    for index, colour, label in ((1, FUNCTION_COLOUR, "across functions"), (2, REGION_COLOUR, "across regions")):
        shown = [(d, v) for d, v in ((d, p[index]) for d, p in zip(days, points, strict=True)) if isinstance(v, float)]
        ax.plot(date2num([d for d, _ in shown]), [v for _, v in shown], marker="o", color=colour,
                label=label)
    ax.axhline(0, color=MUTED, linewidth=1)
    ax.set_ylim(-1, 1)
    ax.set_xticks(date2num(days), [d.strftime("%d %b") for d in days], rotation=45, fontsize=8)
    ax.set_ylabel("E-I index")
    ax.set_title("Is the organisation opening up? (E-I index, higher is more open)", loc="left", fontsize=11,
                 fontweight="bold")
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    style_axes(ax)
    return to_png(figure)
