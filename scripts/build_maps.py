"""Derive the portal's map of Drenthe from CBS's municipal boundaries.

Input: a TopoJSON file of CBS's generalised municipal boundaries in RD New (EPSG:28992), as
published in the public repository cartomap/nl (`rd/gemeente_<year>.topojson`, from CBS/PDOK
"Wijk- en Buurtkaart", licence CC BY 4.0). A file holding only some of the arcs, as an object
`{"<index>": arc}`, works as well. Output: `core/data/drenthe_gemeenten.json`, only Drenthe's
twelve municipalities, each arc simplified (Douglas-Peucker, shared borders stay shared) and
rounded to 10 m. See docs/maps.md.

    python scripts/build_maps.py path/to/gemeente_2023.topojson [--tolerance 120]
"""

import argparse
import json
import math
from pathlib import Path

DRENTHE = {
    "GM0106", "GM0109", "GM0114", "GM0118", "GM0119", "GM1680",
    "GM1681", "GM1690", "GM1699", "GM1701", "GM1730", "GM1731",
}  # fmt: skip
OUT = Path(__file__).resolve().parent.parent / "core" / "data" / "drenthe_gemeenten.json"


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


def build(source: Path, tolerance: float) -> dict:
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
        if props["statcode"] not in DRENTHE:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [ring(r) for polygon in polygons for r in polygon]
        areas.append({"code": props["statcode"], "name": props["statnaam"], "rings": rings})
    if {a["code"] for a in areas} != DRENTHE:
        raise SystemExit(f"missing: {sorted(DRENTHE - {a['code'] for a in areas})}")
    for a in areas:
        km2 = sum(ring_area(r) for r in a["rings"]) / 2 / 1e6
        print(f"{a['code']} {a['name']:16} {km2:6.0f} km2 {sum(map(len, a['rings']))} points")
    return {
        "division": "gemeente",
        "year": int("".join(c for c in source.stem if c.isdigit())[:4] or 0),
        "crs": "EPSG:28992",
        "source": "CBS/PDOK Wijk- en Buurtkaart, gegeneraliseerd (via github.com/cartomap/nl)",
        "licence": "CC BY 4.0, Centraal Bureau voor de Statistiek / Kadaster",
        "tolerance_m": tolerance,
        "areas": sorted(areas, key=lambda a: a["code"]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--tolerance", type=float, default=120.0)
    args = parser.parse_args()
    data = build(args.source, args.tolerance)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
