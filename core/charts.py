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


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering low..high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _fits(text: str) -> float:
    return len(text) * CHAR_WIDTH


def line_chart(
    points: list[tuple[str, Decimal]],
    *,
    title: str,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    unit: str = "",
    path: list[tuple[str, Decimal | None]] | None = None,
    heading: str = "",
    width: int = 560,
    height: int = 220,
) -> str:
    """Values over time: a visible heading, y-axis values with the unit, x-labels that never
    clip or overlap, the baseline and target as lines named in a legend below the plot (not
    across the data), and the path of milestones to the target (`path`, per point).

    `title` is the text alternative (first <title>, the PDF's /Alt); `unit` the suffix after a
    number ('%', ' per 1.000')."""
    desc = "; ".join(f"{label}: {fmt(v)}" for label, v in points) or _("geen waarden")
    if baseline is not None:
        desc += f"; {_('nulmeting')} {fmt(baseline)}"
    if target is not None:
        desc += f"; {_('streefwaarde')} {fmt(target)}"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="gm-chart" font-family="{FONT}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
    )
    top = 22 if heading else 8
    parts = [head]
    if heading:
        shown = (
            heading
            if _fits(heading) < width - 8
            else heading[: int((width - 8) / CHAR_WIDTH) - 1] + "…"
        )
        parts.append(
            f'<text x="0" y="14" font-size="13" font-weight="bold" fill="{INK}">'
            f"{escape(shown)}</text>"
        )
    if not points:
        parts.append(
            f'<text x="10" y="{(height + top) // 2}" fill="{MUTED}">{_("Nog geen waarden")}</text>'
        )
        return "".join(parts) + "</svg>"
    legend = [(GREEN, "", _("waarde"))]
    if baseline is not None:
        legend.append((BASE, "6 4", f"{_('nulmeting')} {fmt(baseline)}{unit}"))
    if target is not None:
        legend.append((TARGET, "6 4", f"{_('streefwaarde')} {fmt(target)}{unit}"))
    path_points = [(label, v) for label, v in (path or []) if v is not None]
    if path_points:
        legend.append((TARGET, "1 4", _("pad naar de streefwaarde")))
    # The legend under the plot, wrapped onto as many rows as the width needs.
    placed, lx, row = [], 0.0, 0
    for colour, dash, label in legend:
        w = 22 + len(label) * 6.4 + 14
        if lx and lx + w > width:
            lx, row = 0.0, row + 1
        placed.append((lx, row, colour, dash, label))
        lx += w
    legend_h = 16 * (row + 1) + 2
    bottom = 22 + legend_h  # x-labels, then the legend
    values = (
        [float(v) for _l, v in points]
        + [float(x) for x in (baseline, target) if x is not None]
        + [float(v) for _l, v in path_points]
    )
    ticks = nice_ticks(min(min(values), 0) if min(values) >= 0 else min(values), max(values))
    low, high = ticks[0], ticks[-1]
    tick_labels = [f"{fmt(t)}{unit}" for t in ticks]
    left = max(_fits(t) for t in tick_labels) + 10
    right = 12
    plot_h = height - top - bottom

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / ((high - low) or 1))

    for t, label in zip(ticks, tick_labels, strict=True):
        ty = y(t)
        parts.append(
            f'<line x1="{left:.1f}" x2="{width - right}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="#e0e0e0" stroke-width="1"/>'
            f'<text class="gm-y" x="{left - 6:.1f}" y="{ty + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="{MUTED}">{escape(label)}</text>'
        )
    usable = width - left - right
    step = usable / max(len(points) - 1, 1)
    xs = [left + (i * step if len(points) > 1 else usable / 2) for i in range(len(points))]
    for ref, colour in ((baseline, BASE), (target, TARGET)):
        if ref is not None:
            ry = y(float(ref))
            parts.append(
                f'<line x1="{left:.1f}" x2="{width - right}" y1="{ry:.1f}" y2="{ry:.1f}" '
                f'stroke="{colour}" stroke-dasharray="6 4" stroke-width="2"/>'
            )
    position = {label: x for x, (label, _v) in zip(xs, points, strict=True)}
    trail = [(position[label], v) for label, v in path_points if label in position]
    if len(trail) > 1:
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y(float(v)):.1f}" for i, (x, v) in enumerate(trail)
        )
        parts.append(
            f'<path d="{d}" fill="none" stroke="{TARGET}" stroke-width="2" '
            'stroke-dasharray="1 4" stroke-linecap="round"/>'
        )
    line = " ".join(
        f"{'M' if i == 0 else 'L'}{x:.1f},{y(float(v)):.1f}"
        for i, (x, (_l, v)) in enumerate(zip(xs, points, strict=True))
    )
    parts.append(f'<path d="{line}" fill="none" stroke="{GREEN}" stroke-width="3"/>')
    shown = axis_labels([label for label, _v in points], usable)
    label_y = top + plot_h + 16
    for i, (x, (label, v)) in enumerate(zip(xs, points, strict=True)):
        parts.append(f'<circle cx="{x:.1f}" cy="{y(float(v)):.1f}" r="4" fill="{GREEN}"/>')
        if i in shown:
            # Never past the edges: the first and last labels are anchored inwards.
            half = _fits(label) / 2
            lx = min(max(x, half + 1), width - half - 1)
            parts.append(
                f'<text class="gm-x" x="{lx:.1f}" y="{label_y:.1f}" text-anchor="middle" '
                f'font-size="12" fill="{INK}">{escape(label)}</text>'
            )
    for lx, row, colour, dash, label in placed:
        ly = height - legend_h + 12 + 16 * row
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{lx:.1f}" x2="{lx + 18:.1f}" y1="{ly - 4}" y2="{ly - 4}" '
            f'stroke="{colour}" stroke-width="{3 if not dash else 2}"{dash_attr}/>'
            f'<text x="{lx + 22:.1f}" y="{ly}" font-size="11" fill="{INK}">{escape(label)}</text>'
        )
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


def labelled_bars(
    rows: list[tuple[str, list[tuple[str, str, int]]]],
    *,
    title: str,
    width: int = 420,
    bar_height: int = 22,
) -> str:
    """Stacked bars with a label before each and the count printed in each part wide enough
    for it: [(row label, [(part label, colour, count)])]; e.g. a theme's goals per status and
    its KPIs on and off track. The counts are in the text alternative too."""
    label_w, gap = 70, 14
    height = len(rows) * (bar_height + gap) + 4
    desc = "; ".join(
        f"{row}: " + ", ".join(f"{label} {count}" for label, _c, count in parts)
        for row, parts in rows
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="gm-chart gm-theme-picture" font-family="{FONT}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
    ]
    usable = width - label_w - 4
    for i, (row, parts) in enumerate(rows):
        y = 2 + i * (bar_height + gap)
        out.append(
            f'<text x="0" y="{y + bar_height - 6}" font-size="12" fill="{INK}">{escape(row)}</text>'
        )
        total = sum(c for _l, _c, c in parts)
        if not total:
            out.append(
                f'<text x="{label_w}" y="{y + bar_height - 6}" font-size="12" '
                f'fill="{MUTED}">{_("geen")}</text>'
            )
            continue
        x = float(label_w)
        for label, colour, count in parts:
            if not count:
                continue
            w = usable * count / total
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{colour}" stroke="#ffffff" stroke-width="1"><title>{escape(label)}: '
                f"{count}</title></rect>"
            )
            if w >= 9 * len(str(count)) + 6:
                ink = INK if colour.lower() in LIGHT_FILLS else "#ffffff"
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar_height - 6}" text-anchor="middle" '
                    f'font-size="12" font-weight="bold" fill="{ink}">{count}</text>'
                )
            x += w
    out.append("</svg>")
    return "".join(out)


# Fills light enough that a count on them is printed in black.
LIGHT_FILLS = {"#d9d9d9", "#fdb863", "#eff3ff", "#bdd7e7", "#ffffff"}
