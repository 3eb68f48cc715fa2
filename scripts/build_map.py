"""Build the web map (src/electoral/web/static/map/states.json) from us-atlas once.

Input: ``states-albers-10m.json`` of the npm package ``us-atlas`` 3.x (ISC licence; the Census
Bureau's cartographic boundaries, 1:10,000,000, already projected by Albers USA to a 975 x 610
frame, Alaska and Hawaii inset). Install it outside the repository and pass its path::

    cd /tmp && npm install us-atlas@3
    python scripts/build_map.py path/to/node_modules/us-atlas/states-albers-10m.json

The script decodes the TopoJSON (delta-encoded, quantized arcs), simplifies each arc once
(Douglas-Peucker, so neighbouring states keep a common border), drops specks of islands, and
writes one SVG path per state keyed by postal code, a label point inside each state (the point
farthest from its border, found on a grid), callouts for the states too small to hold a label,
the boxes of the Maine and Nebraska districts, and the tile-grid layout (one square per state).
The output is committed; the app serves it as it is, no projection in the browser.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Final

from electoral.states import STATE_INFO, State

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "electoral" / "web" / "static" / "map" / "states.json"

Point = tuple[float, float]
Ring = list[Point]

TOLERANCE: Final = 0.35
"""Douglas-Peucker tolerance in pixels of the 975 x 610 frame."""
MIN_ISLAND: Final = 2.0
"""Polygons smaller than this (square pixels) are dropped, unless they are a state's largest."""
DIGITS: Final = 1

SMALL_STATES: Final[tuple[str, ...]] = ("VT", "NH", "MA", "RI", "CT", "NJ", "DE", "MD", "DC")
"""States labelled by a callout in the Atlantic, from north to south."""
CALLOUT_X: Final = 912.0
CALLOUT_TOP: Final = 160.0
CALLOUT_STEP: Final = 24.0

DISTRICT_BOX: Final = 16.0
DISTRICTS: Final[dict[str, tuple[Point, str]]] = {
    # First box's top-left corner and direction ("x": a row, "y": a column), beside the state.
    "ME": ((940.0, 46.0), "y"),
    "NE": ((419.0, 244.0), "x"),
}
DISTRICT_COUNT: Final[dict[str, int]] = {"ME": 2, "NE": 3}
LABEL_SHIFT: Final[dict[str, Point]] = {"NE": (-12.0, -10.0)}
"""Labels moved from the computed point (Nebraska's, to make room for its district boxes)."""

TILES: Final[dict[str, tuple[int, int]]] = {
    "AK": (0, 0), "ME": (11, 0),
    "VT": (10, 1), "NH": (11, 1),
    "WA": (0, 2), "ID": (1, 2), "MT": (2, 2), "ND": (3, 2), "MN": (4, 2), "IL": (5, 2),
    "WI": (6, 2), "MI": (7, 2), "NY": (8, 2), "RI": (9, 2), "MA": (10, 2),
    "OR": (0, 3), "NV": (1, 3), "WY": (2, 3), "SD": (3, 3), "IA": (4, 3), "IN": (5, 3),
    "OH": (6, 3), "PA": (7, 3), "NJ": (8, 3), "CT": (9, 3),
    "CA": (0, 4), "UT": (1, 4), "CO": (2, 4), "NE": (3, 4), "MO": (4, 4), "KY": (5, 4),
    "WV": (6, 4), "VA": (7, 4), "MD": (8, 4), "DE": (9, 4),
    "AZ": (1, 5), "NM": (2, 5), "KS": (3, 5), "AR": (4, 5), "TN": (5, 5), "NC": (6, 5),
    "SC": (7, 5), "DC": (8, 5),
    "OK": (3, 6), "LA": (4, 6), "MS": (5, 6), "AL": (6, 6), "GA": (7, 6),
    "HI": (0, 7), "TX": (3, 7), "FL": (8, 7),
}  # fmt: skip
"""The tile grid (12 columns x 8 rows), after the common newsroom layout."""


def decode_arcs(topology: dict[str, object]) -> list[list[Point]]:
    """The arcs in frame coordinates: undo the delta encoding, then the quantization."""
    transform = topology.get("transform")
    raw = topology["arcs"]
    if not isinstance(raw, list):
        raise SystemExit("not a TopoJSON topology: no arcs")
    if not isinstance(transform, dict):
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in raw]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs: list[list[Point]] = []
    for arc in raw:
        x = y = 0
        points: list[Point] = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, keeping both ends (so arcs still meet their neighbours)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def ring(indexes: list[int], arcs: list[list[Point]]) -> Ring:
    """A closed ring from arc indexes (``~i``: arc ``i`` reversed), shared points once."""
    points: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def area(r: Ring) -> float:
    """Signed area (shoelace)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1], strict=True)) / 2


def polygons_of(geometry: dict[str, object], arcs: list[list[Point]]) -> list[list[Ring]]:
    kind, raw = geometry["type"], geometry["arcs"]
    if not isinstance(raw, list):
        raise SystemExit(f"geometry {geometry.get('id')}: no arcs")
    polygons = raw if kind == "MultiPolygon" else [raw]
    return [[ring(r, arcs) for r in polygon] for polygon in polygons]


def path_data(polygons: list[list[Ring]]) -> str:
    """SVG path data: absolute moves, relative lines (shorter), one decimal."""
    parts: list[str] = []
    for polygon in polygons:
        for r in polygon:
            rounded = [(round(x, DIGITS), round(y, DIGITS)) for x, y in r]
            if len(rounded) < 3:
                continue
            x0, y0 = rounded[0]
            steps = [f"M{_n(x0)},{_n(y0)}"]
            px, py = x0, y0
            for x, y in rounded[1:]:
                dx, dy = round(x - px, DIGITS), round(y - py, DIGITS)
                if dx or dy:
                    steps.append(f"l{_n(dx)},{_n(dy)}")
                px, py = x, y
            parts.append("".join(steps) + "z")
    return "".join(parts)


def _n(value: float) -> str:
    text = f"{value:.{DIGITS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _inside(p: Point, r: Ring) -> bool:
    x, y = p
    hit = False
    for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def label_point(polygon: list[Ring]) -> Point:
    """The point of the polygon farthest from its border, on a one-pixel grid (holes counted)."""
    outer = polygon[0]
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    best, best_d = (sum(xs) / len(xs), sum(ys) / len(ys)), -1.0
    segments = [(a, b) for r in polygon for a, b in zip(r, r[1:] + r[:1], strict=True)]
    step = max(1.0, (max(xs) - min(xs)) / 60)
    y = min(ys)
    while y <= max(ys):
        x = min(xs)
        while x <= max(xs):
            p = (x, y)
            if _inside(p, outer) and not any(_inside(p, h) for h in polygon[1:]):
                d = min(_segment_distance(p, a, b) for a, b in segments)
                if d > best_d:
                    best, best_d = p, d
            x += step
        y += step
    return round(best[0], DIGITS), round(best[1], DIGITS)


def build(topology: dict[str, object]) -> dict[str, object]:
    arcs = [simplify(a, TOLERANCE) for a in decode_arcs(topology)]
    by_fips = {info.fips: state for state, info in STATE_INFO.items()}
    objects = topology["objects"]
    if not isinstance(objects, dict):
        raise SystemExit("not a TopoJSON topology: no objects")
    states: dict[str, dict[str, object]] = {}
    for geometry in objects["states"]["geometries"]:
        state = by_fips.get(str(geometry["id"]))
        if state is None:
            continue  # territories, if a later us-atlas adds them
        polygons = polygons_of(geometry, arcs)
        polygons.sort(key=lambda p: -abs(area(p[0])))
        kept = [polygons[0]] + [p for p in polygons[1:] if abs(area(p[0])) >= MIN_ISLAND]
        states[state.value] = {
            "name": STATE_INFO[state].name,
            "d": path_data(kept),
            "label": _shifted(state.value, label_point(kept[0])),
        }
    missing = sorted(s.value for s in State if s.value not in states)
    if missing:
        raise SystemExit(f"us-atlas lacks states {missing}")
    return {
        "source": "us-atlas 3 states-albers-10m (U.S. Census Bureau cartographic boundaries), "
        "converted by scripts/build_map.py",
        "width": 975,
        "height": 610,
        "states": dict(sorted(states.items())),
        "callouts": _callouts(states),
        "districts": _districts(),
        "tiles": {code: list(TILES[code]) for code in sorted(TILES)},
        "tile_columns": 12,
        "tile_rows": 8,
    }


def _shifted(code: str, point: Point) -> list[float]:
    dx, dy = LABEL_SHIFT.get(code, (0.0, 0.0))
    return [round(point[0] + dx, DIGITS), round(point[1] + dy, DIGITS)]


def _callouts(states: dict[str, dict[str, object]]) -> dict[str, list[float]]:
    """Small states: label box position (left, middle) and the anchor inside the state."""
    callouts: dict[str, list[float]] = {}
    for i, code in enumerate(SMALL_STATES):
        anchor = states[code]["label"]
        if not isinstance(anchor, list):
            raise SystemExit(f"{code}: no label point")
        callouts[code] = [CALLOUT_X, CALLOUT_TOP + i * CALLOUT_STEP, anchor[0], anchor[1]]
    return callouts


def _districts() -> dict[str, list[float]]:
    boxes: dict[str, list[float]] = {}
    for code, ((x, y), direction) in DISTRICTS.items():
        for n in range(DISTRICT_COUNT[code]):
            offset = n * (DISTRICT_BOX + 3)
            bx, by = (x + offset, y) if direction == "x" else (x, y + offset)
            boxes[f"{code}-{n + 1}"] = [bx, by, DISTRICT_BOX, DISTRICT_BOX]
    return boxes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("atlas", type=Path, help="path to us-atlas's states-albers-10m.json")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    topology = json.loads(args.atlas.read_text(encoding="utf-8"))
    result = build(topology)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, separators=(",", ":"), ensure_ascii=False)
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"{args.output}: {len(result['states'])} states, {len(text) // 1024} KB")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
