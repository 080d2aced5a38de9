"""Log-scale sliders over 1-2-5 values: each value shown exactly (0.5, not 0.501)."""
from __future__ import annotations

import math

import pytest

from bpcourse.widgets._controls import WIDE, log_slider, one_two_five


def test_one_two_five_lists_the_decades_between_the_bounds():
    assert one_two_five(0.1, 1) == [0.1, 0.2, 0.5, 1.0]
    values = one_two_five(0.001, 10)
    assert len(values) == 3 * 4 + 1 and values[0] == 0.001 and values[-1] == 10.0
    ratios = [b / a for a, b in zip(values, values[1:])]
    assert set(round(r, 9) for r in ratios) == {2.0, 2.5}          # 1 -> 2 -> 5 -> 10
    assert all(float(f"{v:e}".split("e")[0]) in (1.0, 2.0, 5.0) for v in values)   # exact mantissas


@pytest.mark.parametrize("lo,hi", [(0, 1), (-1, 1), (2, 1), (1, math.inf)])
def test_one_two_five_refuses_bad_bounds(lo, hi):
    with pytest.raises(ValueError, match="lo"):
        one_two_five(lo, hi)


def test_log_slider_shows_its_values_exactly_with_a_wide_label():
    s = log_slider("learning rate", 0.5, 0.001, 10.0)
    assert s.value == 0.5 and s.label == "0.5" and s.style.description_width == WIDE["description_width"]
    s.value = 2.0
    assert s.label == "2"
    odd = log_slider("k", 3.0, 1.0, 10.0)                 # a value off the 1-2-5 grid is kept
    assert odd.value == 3.0 and [o[1] for o in odd.options] == [1.0, 2.0, 3.0, 5.0, 10.0]
