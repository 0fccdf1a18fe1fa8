"""Server-rendered SVG maps of Drenthe: a choropleth of the twelve municipalities.

The boundaries are CBS's generalised municipal boundaries (via cartomap/nl), cut to Drenthe
and simplified by scripts/build_maps.py into core/data/drenthe_gemeenten.json; docs/maps.md
names the source and licence. Drenthe's division has not changed since 1998, so one set of
boundaries serves every year the portal holds.

Accessibility: the SVG's accessible name (its first <title>, also the PDF's /Alt) starts with
"Kaart van Drenthe:"; each municipality is a shape of its own with its name and value as
accessible name; classes are told apart by colour *and* by a pattern or a printed value; pages
show the same numbers in a table beside the map.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape
from pathlib import Path

from django.utils.translation import gettext as _

from .charts import FONT, INK, MUTED, fmt

DATA = Path(__file__).resolve().parent / "data" / "drenthe_gemeenten.json"

# A sequential palette that colour-blind readers can order (ColorBrewer "Blues", 4 classes).
SEQUENTIAL = ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"]
NO_VALUE = "#ffffff"
# Verdicts (monitoring.trajectory's green/amber/red/''): colour plus a pattern, so that they
# differ without colour as well.
VERDICTS = {
    "green": "#1b7837",
    "amber": "url(#gm-dots)",
    "red": "url(#gm-hatch)",
    "": "url(#gm-none)",
}


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]

    def centroid(self) -> tuple[float, float]:
        """The centroid of the largest ring (where a value label goes)."""
        ring = max(self.rings, key=lambda r: abs(_signed_area(r)))
        a = _signed_area(ring)
        cx = cy = 0.0
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            cross = x1 * y2 - x2 * y1
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
        return cx / (6 * a), cy / (6 * a)


def _signed_area(ring) -> float:
    return (
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


@lru_cache(maxsize=1)
def boundaries() -> dict:
    """The map data: {'year', 'source', 'licence', 'areas': [Area]} (read once per process)."""
    raw = json.loads(DATA.read_text())
    areas = tuple(
        Area(a["code"], a["name"], tuple(tuple(tuple(p) for p in r) for r in a["rings"]))
        for a in raw["areas"]
    )
    return {**{k: v for k, v in raw.items() if k != "areas"}, "areas": areas}


def municipalities() -> tuple[Area, ...]:
    return boundaries()["areas"]


def classes(values: list[float], count: int = 4) -> list[tuple[float, float]]:
    """Equal-interval classes over the values (fewer when there are fewer distinct values)."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [(low, high)]
    count = min(count, len(set(values)))
    step = (high - low) / count
    return [
        (low + i * step, high if i == count - 1 else low + (i + 1) * step) for i in range(count)
    ]


def class_of(value: float, bounds: list[tuple[float, float]]) -> int:
    for i, (_low, high) in enumerate(bounds):
        if value <= high:
            return i
    return len(bounds) - 1


def _with_unit(value, suffix: str) -> str:
    """The value with its unit's suffix ('%', ' per 1.000'); 'geen waarde' for None."""
    return _("geen waarde") if value is None else f"{fmt(value)}{suffix}"


def _path(area: Area, project) -> str:
    parts = []
    for ring in area.rings:
        points = [project(x, y) for x, y in ring]
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
    return "".join(parts)


PATTERNS = (
    "<defs>"
    '<pattern id="gm-hatch-@" width="8" height="8" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="8" height="8" fill="#b2182b"/>'
    '<line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="3"/></pattern>'
    '<pattern id="gm-dots-@" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#fdb863"/><circle cx="3" cy="3" r="1.3" fill="#1a1a1a"/>'
    "</pattern>"
    '<pattern id="gm-none-@" width="8" height="8" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
    '<line x1="0" y1="0" x2="0" y2="8" stroke="#bdbdbd" stroke-width="1"/></pattern>'
    "</defs>"
)


def choropleth(
    values: dict[str, Decimal | float | None],
    *,
    title: str,
    unit: str = "",  # the suffix after a number: '%', ' per 1.000'
    verdicts: dict[str, str] | None = None,
    verdict_labels: dict[str, str] | None = None,
    highlight: str | None = None,
    width: int = 420,
) -> str:
    """A map of Drenthe's municipalities. `values` maps CBS codes (GM0106) to a value or None.

    With `verdicts` ({code: 'green' | 'amber' | 'red' | ''}) and their `verdict_labels` the
    areas are coloured by verdict (with patterns), otherwise by value class; each area prints
    its value."""
    areas = municipalities()
    xs = [x for a in areas for r in a.rings for x, _y in r]
    ys = [y for a in areas for r in a.rings for _x, y in r]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    map_w = width - 20
    scale = map_w / (max_x - min_x)
    map_h = (max_y - min_y) * scale
    legend_top = map_h + 24

    def project(x: float, y: float) -> tuple[float, float]:
        return 10 + (x - min_x) * scale, 10 + (max_y - y) * scale

    known = [float(v) for v in values.values() if v is not None]
    bounds = classes(known)
    legend: list[tuple[str, str]] = []
    labels = verdict_labels or {}
    if verdicts is not None:
        legend = [(fill, str(labels.get(key, key))) for key, fill in VERDICTS.items()]
    else:
        legend = [
            (SEQUENTIAL[i], f"{_with_unit(low, unit)} – {_with_unit(high, unit)}")
            for i, (low, high) in enumerate(bounds)
        ]
        legend.append(("url(#gm-none)", _("geen waarde")))
    height = int(legend_top + 22 * len(legend) + 8)

    full_title = _("Kaart van Drenthe: %(t)s") % {"t": title}
    # Pattern ids unique per map, so that several maps on one page stay valid.
    uid = hashlib.blake2s(
        f"{full_title}{sorted(values.items())}{verdicts}".encode(), digest_size=4
    ).hexdigest()
    desc = "; ".join(
        f"{a.name}: {_with_unit(values.get(a.code), unit)}"
        + (f" ({labels.get(verdicts.get(a.code, ''), '')})" if verdicts is not None else "")
        for a in areas
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="group" class="gm-map" font-family="{FONT}" aria-label="{escape(full_title)}">'
        f"<title>{escape(full_title)}</title><desc>{escape(desc)}</desc>"
        + PATTERNS.replace("-@", f"-{uid}")
    ]
    labels_svg = []
    for area in areas:
        value = values.get(area.code)
        if verdicts is not None:
            fill = VERDICTS.get(verdicts.get(area.code) or "", VERDICTS[""])
            fill = fill.replace(")", f"-{uid})") if "url(" in fill else fill
        elif value is None:
            fill = f"url(#gm-none-{uid})"
        else:
            fill = SEQUENTIAL[class_of(float(value), bounds)]
        name = f"{area.name}: {_with_unit(value, unit)}"
        if verdicts is not None:
            name += f" ({labels.get(verdicts.get(area.code) or '', '')})"
        stroke, stroke_w = (INK, 2.5) if area.code == highlight else (MUTED, 0.8)
        parts.append(
            f'<path d="{_path(area, project)}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{stroke_w}" stroke-linejoin="round" role="img" '
            f'aria-label="{escape(name)}" data-code="{area.code}">'
            f"<title>{escape(name)}</title></path>"
        )
        cx, cy = project(*area.centroid())
        labels_svg.append(
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="11" '
            f'fill="{INK}" stroke="#ffffff" stroke-width="3" paint-order="stroke" '
            f'aria-hidden="true">{escape(fmt(value) if value is not None else "–")}</text>'
        )
    parts.extend(labels_svg)
    legend = [
        (fill.replace(")", f"-{uid})") if "url(" in fill else fill, label) for fill, label in legend
    ]
    for i, (fill, label) in enumerate(legend):
        y = legend_top + i * 22
        parts.append(
            f'<rect x="10" y="{y:.1f}" width="18" height="14" fill="{fill}" stroke="{MUTED}" '
            f'stroke-width="0.5" aria-hidden="true"/>'
            f'<text x="34" y="{y + 11:.1f}" font-size="12" fill="{INK}" '
            f'aria-hidden="true">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
