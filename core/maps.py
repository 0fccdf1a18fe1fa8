"""Server-rendered SVG maps of Drenthe: choropleths of the twelve municipalities, and of the
wijken of one municipality.

The boundaries are CBS's generalised municipal and wijk boundaries (via cartomap/nl), cut to
Drenthe and simplified by scripts/build_maps.py into core/data/drenthe_gemeenten.json and
core/data/drenthe_wijken.json; docs/maps.md names the source, the licence and which
municipalities' wijken are shipped. Drenthe's municipal division has not changed since 1998, so
one set of municipal boundaries serves every year the portal holds.

Accessibility: the SVG's accessible name (its first <title>, also the PDF's /Alt) starts with
"Kaart van Drenthe:"; each municipality is a shape of its own with its name and value as
accessible name; classes are told apart by colour *and* by a pattern or a printed value; pages
show the same numbers in a table beside the map.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape
from pathlib import Path

from django.utils.translation import gettext as _

from .charts import FONT, INK, MUTED, fmt

DATA = Path(__file__).resolve().parent / "data" / "drenthe_gemeenten.json"
WIJK_DATA = Path(__file__).resolve().parent / "data" / "drenthe_wijken.json"

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
    label: tuple[float, float, float] | None = None  # label_point(), stored by build_maps

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


def _inside(x: float, y: float, ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _edge_distance(x: float, y: float, ring) -> float:
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / ((dx * dx + dy * dy) or 1)))
        best = min(best, math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)))
    return best


@lru_cache(maxsize=512)
def label_point(area: Area) -> tuple[float, float, float]:
    """Where an area's value goes: a point inside its largest ring far from its edges (a coarse
    'pole of inaccessibility', as a ring with a notch, like a rural wijk around a town, has its
    centroid outside itself), and that distance in map units. scripts/build_maps.py stores it
    with each area, so pages do not search for it."""
    if area.label is not None:
        return area.label
    ring = max(area.rings, key=lambda r: abs(_signed_area(r)))
    xs, ys = [x for x, _y in ring], [y for _x, y in ring]
    best = (*area.centroid(), 0.0)
    if _inside(best[0], best[1], ring):
        best = (best[0], best[1], _edge_distance(best[0], best[1], ring))
    # Coarse to fine: a grid over the ring's box, then finer grids around the best point.
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    found = best
    for _round in range(3):
        for i in range(-4, 5):
            for j in range(-4, 5):
                x, y = cx + w * i / 9, cy + h * j / 9
                if _inside(x, y, ring) and (d := _edge_distance(x, y, ring)) > found[2]:
                    found = (x, y, d)
        cx, cy, w, h = found[0], found[1], w / 3, h / 3
    # The centroid wins unless it is clearly worse placed.
    return found if found[2] > best[2] * 1.25 else best


def _signed_area(ring) -> float:
    return (
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _read(path: Path) -> dict:
    raw = json.loads(path.read_text())
    areas = tuple(
        Area(
            a["code"],
            a["name"],
            tuple(tuple(tuple(p) for p in r) for r in a["rings"]),
            tuple(a["label"]) if a.get("label") else None,
        )
        for a in raw["areas"]
    )
    parents = {a["code"]: a.get("municipality") for a in raw["areas"]}
    return {**{k: v for k, v in raw.items() if k != "areas"}, "areas": areas, "parents": parents}


@lru_cache(maxsize=1)
def boundaries() -> dict:
    """The map data: {'year', 'source', 'licence', 'areas': [Area]} (read once per process)."""
    return _read(DATA)


@lru_cache(maxsize=1)
def wijk_boundaries() -> dict:
    """The wijk map data, as boundaries(); each wijk's municipality in 'parents'."""
    return _read(WIJK_DATA)


def wijk_name(code: str) -> str | None:
    """CBS's name of a wijk of 2023 (WK010601 -> 'Lariks'), or None for a code it lacks."""
    return _wijk_names().get(code)


@lru_cache(maxsize=1)
def _wijk_names() -> dict[str, str]:
    return {a.code: a.name for a in wijk_boundaries()["areas"]}


def municipalities() -> tuple[Area, ...]:
    return boundaries()["areas"]


def wijken(municipality_code: str) -> tuple[Area, ...]:
    """The wijken of one municipality (GM0106) whose boundaries the portal holds; () when it
    holds none for that municipality (docs/maps.md says which it holds)."""
    data = wijk_boundaries()
    return tuple(a for a in data["areas"] if data["parents"][a.code] == municipality_code)


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
    areas: tuple[Area, ...] | None = None,
    place: str = "Drenthe",
    notes: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
) -> str:
    """A map of Drenthe's municipalities, or of the given `areas` (a municipality's wijken)
    named "Kaart van <place>". `values` maps CBS codes (GM0106, WK010601) to a value or None;
    `notes` gives the text for an area without a value where "geen waarde" would be wrong (a
    suppressed small count); `names` the name an area goes by where the portal holds one of
    its own (a wijk renamed in the register).

    With `verdicts` ({code: 'green' | 'amber' | 'red' | ''}) and their `verdict_labels` the
    areas are coloured by verdict (with patterns), otherwise by value class; each area prints
    its value where there is room for it (the accessible names and the table carry every
    value)."""
    areas = areas or municipalities()
    notes = notes or {}
    if names:
        areas = tuple(dataclasses.replace(a, name=names.get(a.code, a.name)) for a in areas)
    xs = [x for a in areas for r in a.rings for x, _y in r]
    ys = [y for a in areas for r in a.rings for _x, y in r]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    map_w = width - 20
    scale = map_w / (max_x - min_x)
    map_h = (max_y - min_y) * scale
    legend_top = map_h + 24

    def project(x: float, y: float) -> tuple[float, float]:
        return 10 + (x - min_x) * scale, 10 + (max_y - y) * scale

    codes = {a.code for a in areas}

    def shown(area: Area) -> str:
        value = values.get(area.code)
        if value is None and area.code in notes:
            return notes[area.code]
        return _with_unit(value, unit)

    known = [float(v) for code, v in values.items() if v is not None and code in codes]
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

    full_title = _("Kaart van %(place)s: %(t)s") % {"place": place, "t": title}
    # Pattern ids unique per map, so that several maps on one page stay valid.
    uid = hashlib.blake2s(
        f"{full_title}{sorted(values.items())}{verdicts}".encode(), digest_size=4
    ).hexdigest()
    desc = "; ".join(
        f"{a.name}: {shown(a)}"
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
        name = f"{area.name}: {shown(area)}"
        if verdicts is not None:
            name += f" ({labels.get(verdicts.get(area.code) or '', '')})"
        stroke, stroke_w = (INK, 2.5) if area.code == highlight else (MUTED, 0.8)
        parts.append(
            f'<path d="{_path(area, project)}" fill="{fill}" fill-rule="evenodd" stroke="{stroke}" '
            f'stroke-width="{stroke_w}" stroke-linejoin="round" role="img" '
            f'aria-label="{escape(name)}" data-code="{area.code}">'
            f"<title>{escape(name)}</title></path>"
        )
        text = fmt(value) if value is not None else "–"
        lx, ly, room = label_point(area)
        if room * scale < 7 or (len(text) * 6.5 + 2) / 2 > room * scale * 1.5:
            continue  # too small to print its value legibly; its name and the table carry it
        cx, cy = project(lx, ly)
        chip = len(text) * 6.5 + 6
        # A light chip behind the value, legible on every class, colour and pattern, in the
        # browser and in the PDF alike (WeasyPrint draws no paint-order halo).
        labels_svg.append(
            f'<rect x="{cx - chip / 2:.1f}" y="{cy - 8:.1f}" width="{chip:.1f}" height="15" '
            f'rx="3" fill="#ffffff" fill-opacity="0.85" aria-hidden="true"/>'
            f'<text x="{cx:.1f}" y="{cy + 4:.1f}" text-anchor="middle" font-size="11" '
            f'fill="{INK}" aria-hidden="true">{escape(text)}</text>'
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
