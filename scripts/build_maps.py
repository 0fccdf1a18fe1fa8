"""Derive the portal's map of Drenthe from CBS's municipal boundaries.

Input: a TopoJSON file of CBS's generalised municipal or wijk boundaries in RD New
(EPSG:28992), as published in the public repository cartomap/nl (`rd/gemeente_<year>.topojson`,
`rd/wijk_<year>.topojson`, from CBS/PDOK "Wijk- en Buurtkaart", licence CC BY 4.0). A file
holding only some of the arcs, as an object `{"<index>": arc}`, and only some geometries works
as well. Output: `core/data/drenthe_gemeenten.json` (Drenthe's twelve municipalities) or
`core/data/drenthe_wijken.json` (the wijken of Drenthe's municipalities in the file, each with
its municipality), each arc simplified (Douglas-Peucker, shared borders stay shared) and
rounded to 10 m. See docs/maps.md.

    python scripts/build_maps.py path/to/gemeente_2023.topojson [--tolerance 120]
    python scripts/build_maps.py --level wijk path/to/wijk_2023.topojson [--tolerance 40]
"""

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from core.maps import Area, label_point

DRENTHE = {
    "GM0106", "GM0109", "GM0114", "GM0118", "GM0119", "GM1680",
    "GM1681", "GM1690", "GM1699", "GM1701", "GM1730", "GM1731",
}  # fmt: skip
DATA = Path(__file__).resolve().parent.parent / "core" / "data"
OUT = {"gemeente": DATA / "drenthe_gemeenten.json", "wijk": DATA / "drenthe_wijken.json"}


def decode(arc, transform):
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    x = y = 0
    points = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x * sx + tx, y * sy + ty))
    return points


def simplify(points, tolerance):
    """Douglas-Peucker; the end points stay, so neighbours keep a common border."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    far, index = 0.0, 0
    for i, (x, y) in enumerate(points[1:-1], start=1):
        if length:
            d = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
        else:
            d = math.hypot(x - x1, y - y1)
        if d > far:
            far, index = d, i
    if far <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def ring_area(ring):
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
    )


def _wanted(code: str, level: str) -> bool:
    if level == "gemeente":
        return code in DRENTHE
    return code.startswith("WK") and f"GM{code[2:6]}" in DRENTHE


def build(source: Path, tolerance: float, level: str = "gemeente") -> dict:
    topo = json.loads(source.read_text())
    raw = topo["arcs"]
    arcs = raw if isinstance(raw, dict) else dict(enumerate(raw))
    arcs = {int(k): v for k, v in arcs.items()}
    cache = {}

    def arc(i):
        j = ~i if i < 0 else i
        if j not in cache:
            cache[j] = simplify(decode(arcs[j], topo["transform"]), tolerance)
        return cache[j][::-1] if i < 0 else cache[j]

    def ring(indexes):
        points = []
        for i in indexes:
            part = arc(i)
            points.extend(part if not points else part[1:])
        return [[round(x, -1), round(y, -1)] for x, y in points[:-1]]

    (collection,) = topo["objects"].values()
    areas = []
    for geometry in collection["geometries"]:
        props = geometry["properties"]
        if not _wanted(props["statcode"], level):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(r) for polygon in polygons for r in polygon]
        area = {"code": props["statcode"], "name": props["statnaam"], "rings": rings}
        if level == "wijk":
            area["municipality"] = f"GM{props['statcode'][2:6]}"
        areas.append(area)
    if level == "gemeente" and {a["code"] for a in areas} != DRENTHE:
        raise SystemExit(f"missing: {sorted(DRENTHE - {a['code'] for a in areas})}")
    for a in areas:
        km2 = sum(ring_area(r) for r in a["rings"]) / 2 / 1e6
        print(f"{a['code']} {a['name']:40} {km2:7.1f} km2 {sum(map(len, a['rings']))} points")
    if level == "wijk":
        per = {}
        for a in areas:
            per.setdefault(a["municipality"], []).append(a)
        for code, rows in sorted(per.items()):
            km2 = sum(ring_area(r) for a in rows for r in a["rings"]) / 2 / 1e6
            print(f"{code}: {len(rows)} wijken, {km2:.1f} km2")
    return {
        "division": level,
        "year": int("".join(c for c in source.stem if c.isdigit())[:4] or 0),
        "crs": "EPSG:28992",
        "source": "CBS/PDOK Wijk- en Buurtkaart, gegeneraliseerd (via github.com/cartomap/nl)",
        "licence": "CC BY 4.0, Centraal Bureau voor de Statistiek / Kadaster",
        "tolerance_m": tolerance,
        "areas": sorted(areas, key=lambda a: a["code"]),
    }


def with_labels(data: dict) -> dict:
    """Store each area's label point (core.maps.label_point), rounded to metres."""
    for a in data["areas"]:
        rings = tuple(tuple(tuple(p) for p in r) for r in a["rings"])
        a["label"] = [round(v) for v in label_point(Area(a["code"], a["name"], rings))]
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "source",
        type=Path,
        help="a cartomap/nl TopoJSON file, or with --relabel a file this script wrote",
    )
    parser.add_argument(
        "--relabel",
        action="store_true",
        help="only (re)compute the label points of a file this script wrote",
    )
    parser.add_argument("--level", choices=sorted(OUT), default="gemeente")
    parser.add_argument("--tolerance", type=float, help="metres (default 120, wijk 40)")
    args = parser.parse_args()
    if args.relabel:
        args.source.write_text(
            json.dumps(with_labels(json.loads(args.source.read_text())), separators=(",", ":"))
            + "\n"
        )
        print(f"labelled {args.source}")
        return
    tolerance = args.tolerance or (40.0 if args.level == "wijk" else 120.0)
    data = with_labels(build(args.source, tolerance, args.level))
    out = OUT[args.level]
    out.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
