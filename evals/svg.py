"""Tiny inline-SVG charts for the HTML report (no plotting library, nothing external)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

GOOD = "#2e7d32"
BAD = "#c62828"
NEUTRAL = "#5c6bc0"
MISSING = "#bdbdbd"


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.1f}"


def bin_counts(values: Sequence[float], lo: float, hi: float, bins: int) -> list[int]:
    """Counts per equal-width bin over [lo, hi]; ``hi`` itself falls in the last bin."""
    counts = [0] * bins
    width = (hi - lo) / bins if hi > lo else 1.0
    for value in values:
        index = int((value - lo) / width) if hi > lo else 0
        counts[min(max(index, 0), bins - 1)] += 1
    return counts


def histogram(
    values: Sequence[float],
    title: str,
    *,
    lo: float = 0.0,
    hi: float | None = 1.0,
    bins: int = 10,
    unit: str = "",
    width: int = 300,
    height: int = 170,
) -> str:
    """A bar per bin with its count above it; ``hi=None`` spans up to the largest value."""
    top = hi if hi is not None else max([lo + 1.0, *values])
    counts = bin_counts(values, lo, top, bins)
    pad_left, pad_bottom, pad_top = 28, 32, 26
    plot_w, plot_h = width - pad_left - 8, height - pad_bottom - pad_top
    tallest = max(counts) or 1
    bar_w = plot_w / bins
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{width / 2:.1f}" y="15" text-anchor="middle" class="chart-title">{escape(title)}</text>',
    ]
    base_y = pad_top + plot_h
    for i, count in enumerate(counts):
        bar_h = plot_h * count / tallest
        x = pad_left + i * bar_w
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{base_y - bar_h:.1f}" width="{bar_w - 2:.1f}" height="{bar_h:.1f}" '
            f'fill="{NEUTRAL}"><title>{count}</title></rect>'
        )
        if count:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{base_y - bar_h - 3:.1f}" text-anchor="middle" '
                f'class="chart-count">{count}</text>'
            )
    parts.append(
        f'<line x1="{pad_left}" y1="{base_y}" x2="{pad_left + plot_w}" y2="{base_y}" stroke="#555"/>'
    )
    suffix = f" {unit}" if unit else ""
    for fraction, anchor in ((0.0, "start"), (0.5, "middle"), (1.0, "end")):
        label = _fmt(lo + (top - lo) * fraction) + (suffix if fraction == 1.0 else "")
        parts.append(
            f'<text x="{pad_left + plot_w * fraction:.1f}" y="{base_y + 16}" text-anchor="{anchor}" '
            f'class="chart-axis">{escape(label)}</text>'
        )
    parts.append(
        f'<text x="{pad_left + plot_w / 2:.1f}" y="{height - 3}" text-anchor="middle" class="chart-axis">'
        f"n = {len(values)}</text></svg>"
    )
    return "".join(parts)


@dataclass(frozen=True)
class PassFail:
    label: str
    passed: int
    failed: int
    missing: int = 0  # not applicable / not scored


def pass_fail_bars(rows: Sequence[PassFail], title: str, *, width: int = 420) -> str:
    """One horizontal bar per row, green = passed, red = failed, grey = not scored."""
    row_h, label_w, pad_top = 22, 150, 24
    height = pad_top + row_h * len(rows) + 8
    plot_w = width - label_w - 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{width / 2:.1f}" y="15" text-anchor="middle" class="chart-title">{escape(title)}</text>',
    ]
    for i, row in enumerate(rows):
        y = pad_top + i * row_h
        total = row.passed + row.failed + row.missing or 1
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" class="chart-axis">'
            f"{escape(row.label)}</text>"
        )
        x = float(label_w)
        for count, colour, name in (
            (row.passed, GOOD, "passed"),
            (row.failed, BAD, "failed"),
            (row.missing, MISSING, "not scored"),
        ):
            if not count:
                continue
            w = plot_w * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{colour}">'
                f"<title>{escape(row.label)}: {count} {name}</title></rect>"
            )
            if w > 18:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle" class="chart-bar">'
                    f"{count}</text>"
                )
            x += w
    parts.append("</svg>")
    return "".join(parts)
