"""The map's geometry (built from us-atlas by scripts/build_map.py) and its colours."""

from __future__ import annotations

import itertools
import re

import pytest

from electoral.states import STATE_INFO, State
from electoral.web.mapdata import DISTRICT_UNITS, load_map
from electoral.web.palette import BLANK, BLUE, GREY, OTHERS, VERMILLION, Shade, contrast, text_on

FAMILIES = (BLUE, VERMILLION, *OTHERS, GREY)


def test_every_state_and_dc_has_a_shape_with_its_name():
    geo = load_map()
    assert set(geo.shapes) == set(State)
    for state, shape in geo.shapes.items():
        assert shape.name == STATE_INFO[state].name
        assert shape.d.startswith("M")
        assert shape.d.endswith("z")
        assert len(shape.d) > 40, state


def test_label_points_and_callouts_lie_in_the_frame():
    geo = load_map()
    for shape in geo.shapes.values():
        assert 0 <= shape.label_x <= geo.width
        assert 0 <= shape.label_y <= geo.height
        if shape.callout:
            assert 0 <= shape.callout[0] <= geo.width - 40


def _points(d: str) -> list[tuple[float, float]]:
    """Absolute points of a path of absolute moves and relative lines."""
    points: list[tuple[float, float]] = []
    for command, x, y in re.findall(r"([Ml])(-?[\d.]+),(-?[\d.]+)", d):
        if command == "M":
            points.append((float(x), float(y)))
        else:
            px, py = points[-1]
            points.append((px + float(x), py + float(y)))
    return points


@pytest.mark.parametrize(("state", "x_range"), [("CA", (0, 200)), ("ME", (850, 975))])
def test_shapes_are_projected_where_the_state_is(state, x_range):
    xs = [x for x, _ in _points(load_map().shapes[State(state)].d)]
    assert x_range[0] <= min(xs)
    assert max(xs) <= x_range[1]


def test_tile_grid_has_one_square_per_state_and_no_overlap():
    geo = load_map()
    cells = [(s.tile_col, s.tile_row) for s in geo.shapes.values()]
    assert len(set(cells)) == len(State)
    assert all(0 <= c < geo.tile_columns and 0 <= r < geo.tile_rows for c, r in cells)


def test_district_boxes_for_maine_and_nebraska_do_not_overlap():
    boxes = load_map().district_boxes
    assert set(boxes) == {c for codes in DISTRICT_UNITS.values() for c in codes}
    for (_, a), (_, b) in itertools.combinations(boxes.items(), 2):
        apart_x = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0]
        apart_y = a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
        assert apart_x or apart_y


@pytest.mark.parametrize("fill", [BLANK, *(f.fill(s) for f in FAMILIES for s in Shade)])
def test_labels_on_every_fill_meet_wcag_aa(fill):
    assert contrast(fill, text_on(fill)) >= 4.5


def test_each_hue_is_distinct_in_every_shade():
    for shade in Shade:
        fills = [f.fill(shade) for f in FAMILIES]
        assert len(set(fills)) == len(fills)
