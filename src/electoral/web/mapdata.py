"""The map's geometry: the SVG paths built by ``scripts/build_map.py`` from us-atlas, read once."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final, cast

from electoral.states import State

__all__ = ["DISTRICT_UNITS", "MAP_FILE", "MapData", "Shape", "load_map"]

MAP_FILE: Final = Path(__file__).parent / "static" / "map" / "states.json"
DISTRICT_UNITS: Final[dict[State, tuple[str, ...]]] = {
    State.ME: ("ME-1", "ME-2"),
    State.NE: ("NE-1", "NE-2", "NE-3"),
}
"""The congressional districts that each choose an elector (Maine since 1972, Nebraska since
1992), as the map draws them."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Shape:
    """A state's outline (SVG path data in the 975 x 610 frame) and where its label goes."""

    state: State
    name: str
    d: str
    label_x: float
    label_y: float
    callout: tuple[float, float] | None
    """Where the label box of a state too small to hold its label sits (left, middle)."""
    tile_col: int
    tile_row: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MapData:
    width: int
    height: int
    shapes: dict[State, Shape]
    district_boxes: dict[str, tuple[float, float, float, float]]
    """x, y, width, height of each district's box, by unit code ("ME-1")."""
    tile_columns: int
    tile_rows: int
    source: str


@functools.cache
def load_map(path: Path = MAP_FILE) -> MapData:
    """The map data, parsed once per process."""
    raw = cast("dict[str, object]", json.loads(path.read_text(encoding="utf-8")))
    states = cast("dict[str, dict[str, object]]", raw["states"])
    callouts = cast("dict[str, list[float]]", raw["callouts"])
    tiles = cast("dict[str, list[int]]", raw["tiles"])
    shapes: dict[State, Shape] = {}
    for code, item in states.items():
        state = State(code)
        label = cast("list[float]", item["label"])
        callout = callouts.get(code)
        shapes[state] = Shape(
            state=state,
            name=str(item["name"]),
            d=str(item["d"]),
            label_x=label[0],
            label_y=label[1],
            callout=(callout[0], callout[1]) if callout else None,
            tile_col=tiles[code][0],
            tile_row=tiles[code][1],
        )
    boxes = cast("dict[str, list[float]]", raw["districts"])
    return MapData(
        width=cast("int", raw["width"]),
        height=cast("int", raw["height"]),
        shapes={s: shapes[s] for s in State},
        district_boxes={k: (v[0], v[1], v[2], v[3]) for k, v in boxes.items()},
        tile_columns=cast("int", raw["tile_columns"]),
        tile_rows=cast("int", raw["tile_rows"]),
        source=str(raw["source"]),
    )
