"""The `/team-reach` chart: reach over time, and the mix of functions and regions reached."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from bot.charts import FIRST, FUNCTION_COLOUR, MUTED, REGION_COLOUR, SECOND, new_figure, style_axes, to_png

MAX_BARS = 7
MAX_LABEL = 24  # characters of a function or region name beside its bar (a 100-character one squeezes the plot away)


def _label(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"


@dataclass(frozen=True)
class ReachPoint:
    """A team's reach on one day: counts, and the organisation's size then."""

    on: date
    first_degree: int
    second_degree: int
    org_size: int

    def share(self, count: int) -> float:
        return count / self.org_size if self.org_size else 0.0


def _over_time(ax: Axes, points: Sequence[ReachPoint]) -> None:
    days = date2num([p.on for p in points])
    first = [p.share(p.first_degree) for p in points]
    second = [p.share(p.second_degree) for p in points]
    ax.plot(days, second, marker="o", color=SECOND, linewidth=2.5, label="at one remove (2nd degree)")
    ax.plot(days, first, marker="o", color=FIRST, linewidth=2.5, label="directly (1st degree)")
    last = points[-1]
    for value, count, colour in ((second[-1], last.second_degree, SECOND), (first[-1], last.first_degree, FIRST)):
        ax.annotate(f"{count:,}", (days[-1], value), textcoords="offset points", xytext=(6, 0), va="center",
                    color=colour, fontweight="bold")
    ax.set_ylim(0, max(max(second + first) * 1.35, 0.05))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title("Share of the organisation reached", loc="left", fontsize=11)
    ax.legend(loc="upper left", frameon=False, fontsize=8, ncols=2)
    ax.set_xticks(days, [p.on.strftime("%d %b") for p in points])
    ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    style_axes(ax)


def _mix(ax: Axes, counts: Mapping[str, int], colour: str, title: str) -> None:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ordered) > MAX_BARS:
        ordered = ordered[: MAX_BARS - 1] + [("Other", sum(n for _, n in ordered[MAX_BARS - 1 :]))]
    total = sum(n for _, n in ordered) or 1
    names = [_label(name) for name, _ in ordered][::-1]
    shares = [n / total for _, n in ordered][::-1]
    bars = ax.barh(range(len(names)), shares, color=colour)  # by position: two cut names may read the same
    ax.set_yticks(range(len(names)), names)
    for bar, share in zip(bars, shares, strict=True):
        ax.annotate(f"{share:.0%}", (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=9)
    ax.set_xlim(0, max(shares, default=0.0) * 1.3 or 1.0)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_title(title, loc="left", fontsize=11)
    if not ordered:
        ax.text(0.5, 0.5, "no ties yet", ha="center", va="center", color=MUTED, transform=ax.transAxes)
    style_axes(ax)
    ax.grid(axis="y", visible=False)


def _panels(figure: Figure, width: float, height: float, label_lengths: Sequence[int]) -> list[Axes]:
    """The chart's panels, placed in inches from what they hold: the title above, the rotated dates
    below, the percentages left of the first panel and the count at its right end, and each bar
    panel's longest name left of it (a 10-point tick label is about 0.6 of that wide per character).
    Measuring every label instead (constrained layout) draws the figure twice: a third of its time."""
    left, right, top, bottom, after_counts = 0.55, 0.3, 0.62, 0.62, 0.55
    gaps = [after_counts + 0.15 + n * 0.6 * 10 / 72 for n in label_lengths]
    ratios = [1.3, *([1.0] * len(label_lengths))]
    unit = (width - left - right - sum(gaps)) / sum(ratios)
    panels, x = [], left
    for k, ratio in enumerate(ratios):
        panels.append(figure.add_axes((x / width, bottom / height, ratio * unit / width,
                                       (height - top - bottom) / height)))
        x += ratio * unit + (gaps[k] if k < len(gaps) else 0.0)
    return panels


def team_chart(
    points: Sequence[ReachPoint],
    functions: Mapping[str, int] | None = None,
    regions: Mapping[str, int] | None = None,
    title: str = "Team reach",
) -> bytes:
    """PNG: reach over time, plus the mix of functions and regions when given (large teams only)."""
    breakdown = functions is not None and regions is not None
    width, height = (12.0 if breakdown else 6.0), 4.0
    figure = new_figure(width, height, layout=None)
    mixes = [functions, regions] if functions is not None and regions is not None else []
    axes = _panels(figure, width, height, [max((len(_label(name)) for name in mix), default=5) for mix in mixes])
    figure.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    _over_time(axes[0], sorted(points, key=lambda p: p.on))
    if breakdown:
        assert functions is not None and regions is not None
        _mix(axes[1], functions, FUNCTION_COLOUR, "Functions reached")
        _mix(axes[2], regions, REGION_COLOUR, "Regions reached")
    return to_png(figure)
