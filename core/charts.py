"""Server-rendered SVG charts, shared by the dashboards and the PDF report.

Each function returns an SVG string with a <title> and <desc>; pages also show the same
numbers as a table, so screen-reader users get the data, not only a picture.
"""

from __future__ import annotations

import math
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

GREEN, INK, MUTED, TARGET, BASE = "#1d6b35", "#1a1a1a", "#4a4a4a", "#8a1c00", "#1f4e99"
FONT = "DejaVu Sans, Verdana, sans-serif"  # one sans-serif family in pages and PDF


def fmt(value: Decimal | float | None) -> str:
    if value is None:
        return "–"
    text = f"{float(value):,.1f}".replace(",", " ").replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _scale(values: list[float], height: float, pad: float) -> tuple[float, float, callable]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    low = min(low, 0) if low >= 0 else low
    span = high - low

    def y(v: float) -> float:
        return pad + (height - 2 * pad) * (1 - (v - low) / span)

    return low, high, y


CHAR_WIDTH = 7.2  # px of a 12 px sans-serif digit, a little generous
LABEL_GAP = 10


def axis_labels(labels: list[str], usable: float) -> set[int]:
    """The indexes of the x-axis labels to draw so that none overlap: every n-th one, and
    the last one (in place of the n-th before it when they would touch)."""
    if not labels:
        return set()
    widest = max(len(label) for label in labels) * CHAR_WIDTH + LABEL_GAP
    step = usable / max(len(labels) - 1, 1)
    every = max(1, math.ceil(widest / step)) if len(labels) > 1 else 1
    shown = set(range(0, len(labels), every))
    last = len(labels) - 1
    if last not in shown:
        previous = max(shown)
        if (last - previous) * step < widest:
            shown.discard(previous)
        shown.add(last)
    return shown


def _reference_lines(baseline, target, y, x1: float, x2: float) -> list[str]:
    """The baseline and the target as dashed horizontal lines with their labels."""
    parts = []
    for ref, colour, label in (
        (baseline, BASE, _("nulmeting")),
        (target, TARGET, _("streefwaarde")),
    ):
        if ref is not None:
            ry = y(float(ref))
            parts.append(
                f'<line x1="{x1}" x2="{x2}" y1="{ry:.1f}" y2="{ry:.1f}" stroke="{colour}" '
                f'stroke-dasharray="6 4" stroke-width="2"/>'
            )
            parts.append(
                f'<text x="{x2}" y="{ry - 4:.1f}" text-anchor="end" font-size="12" '
                f'fill="{colour}">{label} {fmt(ref)}</text>'
            )
    return parts


def line_chart(
    points: list[tuple[str, Decimal]],
    *,
    title: str,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    unit: str = "",
    width: int = 560,
    height: int = 220,
) -> str:
    """Values over time, with the baseline and target as horizontal lines."""
    desc = "; ".join(f"{label}: {fmt(v)}" for label, v in points) or _("geen waarden")
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="gm-chart" font-family="{FONT}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
    )
    if not points:
        return (
            head
            + f'<text x="10" y="{height // 2}" fill="{MUTED}">{_("Nog geen waarden")}</text></svg>'
        )
    values = [float(v) for _l, v in points] + [
        float(x) for x in (baseline, target) if x is not None
    ]
    left, right, pad = 56, 16, 20
    _low, _high, y = _scale(values, height, pad)
    step = (width - left - right) / max(len(points) - 1, 1)
    xs = [left + i * step for i in range(len(points))]
    parts = [head, *_reference_lines(baseline, target, y, left, width - right)]
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x:.1f},{y(float(v)):.1f}"
        for i, (x, (_l, v)) in enumerate(zip(xs, points, strict=True))
    )
    parts.append(f'<path d="{path}" fill="none" stroke="{GREEN}" stroke-width="3"/>')
    shown = axis_labels([label for label, _v in points], width - left - right)
    for i, (x, (label, v)) in enumerate(zip(xs, points, strict=True)):
        parts.append(f'<circle cx="{x:.1f}" cy="{y(float(v)):.1f}" r="4" fill="{GREEN}"/>')
        if i in shown:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" font-size="12" '
                f'fill="{INK}">{escape(label)}</text>'
            )
    parts.append(f'<text x="4" y="14" font-size="12" fill="{MUTED}">{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    items: list[tuple[str, Decimal | None]],
    *,
    title: str,
    target: Decimal | None = None,
    width: int = 560,
    bar_height: int = 18,
) -> str:
    """Horizontal bars, e.g. the 12 municipalities side by side; missing values are labelled."""
    gap, label_w, value_w = 6, 150, 60
    height = max(1, len(items)) * (bar_height + gap) + 10
    desc = "; ".join(f"{label}: {fmt(v)}" for label, v in items) or _("geen waarden")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="gm-chart" font-family="{FONT}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
    ]
    known = [float(v) for _l, v in items if v is not None] + (
        [float(target)] if target is not None else []
    )
    top = max(known + [0.0]) or 1.0
    usable = width - label_w - value_w
    for i, (label, v) in enumerate(items):
        yy = 5 + i * (bar_height + gap)
        parts.append(
            f'<text x="{label_w - 6}" y="{yy + bar_height - 4}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{escape(label)}</text>'
        )
        if v is None:
            parts.append(
                f'<text x="{label_w + 4}" y="{yy + bar_height - 4}" font-size="12" '
                f'fill="{MUTED}">{_("geen waarde")}</text>'
            )
            continue
        w = max(1.0, usable * max(float(v), 0) / top)
        parts.append(
            f'<rect x="{label_w}" y="{yy}" width="{w:.1f}" height="{bar_height}" fill="{GREEN}"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{yy + bar_height - 4}" font-size="12" '
            f'fill="{INK}">{fmt(v)}</text>'
        )
    if target is not None:
        tx = label_w + usable * float(target) / top
        parts.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="0" y2="{height}" stroke="{TARGET}" '
            'stroke-dasharray="4 3" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def status_bar(
    counts: list[tuple[str, str, int]], *, title: str, width: int = 320, height: int = 18
) -> str:
    """A stacked bar of goal counts per status: [(label, colour, count)]."""
    total = sum(c for _l, _c, c in counts) or 1
    desc = "; ".join(f"{label}: {c}" for label, _col, c in counts)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        'class="gm-status-bar" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
    ]
    x = 0.0
    for _label, colour, c in counts:
        if c:
            w = width * c / total
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{colour}"/>'
            )
            x += w
    parts.append("</svg>")
    return "".join(parts)


def scatter_chart(
    points: list[tuple[str, float | None, float | None]],
    *,
    title: str,
    x_label: str,
    y_label: str,
    width: int = 520,
    height: int = 360,
) -> str:
    """Labelled points, e.g. recommendations by importance (x) and urgency (y) votes."""
    known = [
        (label, float(x), float(y)) for label, x, y in points if x is not None and y is not None
    ]
    desc = "; ".join(f"{label}: {fmt(x)}, {fmt(y)}" for label, x, y in known) or _("geen waarden")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="gm-chart" font-family="{FONT}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
    ]
    pad = 44
    top = max([x for _l, x, _y in known] + [y for _l, _x, y in known] + [1.0])
    sx = lambda v: pad + (width - 2 * pad) * v / top  # noqa: E731
    sy = lambda v: height - pad - (height - 2 * pad) * v / top  # noqa: E731
    parts.append(
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="{INK}"/>'
    )
    parts.append(f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="{INK}"/>')
    parts.append(
        f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle" font-size="12" '
        f'fill="{INK}">{escape(x_label)}</text>'
    )
    parts.append(
        f'<text x="12" y="{height / 2}" font-size="12" fill="{INK}" transform="rotate(-90 12 '
        f'{height / 2})" '
        f'text-anchor="middle">{escape(y_label)}</text>'
    )
    for label, x, y in known:
        parts.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="6" fill="{GREEN}"/>')
        parts.append(
            f'<text x="{sx(x) + 8:.1f}" y="{sy(y) + 4:.1f}" font-size="12" '
            f'fill="{INK}">{escape(label)}</text>'
        )
    if not known:
        parts.append(
            f'<text x="{pad + 10}" y="{height / 2}" '
            f'fill="{MUTED}">{_("Nog geen stemmen ingevoerd")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
