"""Tests of the universality builder (bpcourse.widgets.universality): its logic as plain functions."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bpcourse.widgets import universality as U  # noqa: E402


def test_error_decreases_as_bumps_are_added_for_sin():
    errs = [U.evaluate("sin(x)", U.auto_bumps("sin(x)", n, 50.0)) for n in (2, 5, 10, 20, 40)]
    maxes = [e["max_abs"] for e in errs]
    rms = [e["rms"] for e in errs]
    assert all(a > b for a, b in zip(maxes, maxes[1:])), maxes
    assert all(a > b for a, b in zip(rms, rms[1:])), rms
    assert maxes[0] > 0.9 and maxes[-1] < 0.1


@pytest.mark.parametrize("name", list(U.TARGETS))
def test_auto_fit_matches_target_at_bin_centres(name):
    b = U.auto_bumps(name, 10, 30.0)
    e = np.linspace(*U.INTERVAL, 11)                    # the edges of 10 equal bins
    c = (e[:-1] + e[1:]) / 2
    y = b.network().forward(c[:, None])[:, 0]
    np.testing.assert_allclose(y, U.target(name)(c), atol=1e-8)


def test_evaluate_numbers():
    b = U.auto_bumps("|x|", 4, 20.0)
    r = U.evaluate("|x|", b, m=11)
    x = np.linspace(-np.pi, np.pi, 11)
    np.testing.assert_allclose(r["x"], x)
    np.testing.assert_allclose(r["t"], np.abs(x))
    np.testing.assert_allclose(r["parts"].sum(axis=1), r["y"], atol=1e-12)
    assert r["max_abs"] == pytest.approx(np.max(np.abs(r["y"] - np.abs(x))))
    assert r["rms"] == pytest.approx(np.sqrt(np.mean((r["y"] - np.abs(x)) ** 2)))
    # a widget's bumps round-trip through the network: edges and heights are recovered
    back = U._from_network(b.network(), 20.0)
    np.testing.assert_allclose(back.lefts, b.lefts)
    np.testing.assert_allclose(back.heights, b.heights)


def test_a_hand_made_bump_has_height_equal_to_its_output_weight_when_steep():
    b = U.Bumps(np.array([-3.0]), np.array([-2.0]), np.array([0.0]), 1000.0)
    b = U.set_bump(b, 0, centre=1.0, width=2.0, height=0.8)
    np.testing.assert_allclose([b.lefts[0], b.rights[0], b.heights[0]], [0.0, 2.0, 0.8])
    net = b.network()
    assert net.weights[1][0, 0] == 0.8
    r = U.evaluate("sin(x)", b, m=801)
    inside = (r["x"] > 0.1) & (r["x"] < 1.9)
    np.testing.assert_allclose(r["y"][inside], 0.8, atol=1e-12)
    np.testing.assert_allclose(r["y"][np.abs(r["x"] - 1) > 1.1], 0.0, atol=1e-12)


def test_editing_one_bump_changes_only_that_bump_and_the_error():
    b = U.auto_bumps("sin(x)", 5, 50.0)
    before = U.evaluate("sin(x)", b)
    b2 = U.set_bump(b, 2, centre=0.0, width=1.0, height=3.0)
    after = U.evaluate("sin(x)", b2)
    np.testing.assert_allclose(b2.heights[[0, 1, 3, 4]], b.heights[[0, 1, 3, 4]])
    assert b.heights[2] != 3.0                           # the original is not modified
    np.testing.assert_allclose(after["parts"][:, [0, 1, 3, 4]], before["parts"][:, [0, 1, 3, 4]])
    assert after["max_abs"] > 2.5 > before["max_abs"]


def test_bad_controls():
    b = U.auto_bumps("sin(x)", 3, 10.0)
    with pytest.raises(ValueError, match="unknown target"):
        U.auto_bumps("cos", 3, 10.0)
    with pytest.raises(ValueError, match="from 0 to 2"):
        U.set_bump(b, 3, 0.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="width"):
        U.set_bump(b, 0, 0.0, 0.0, 1.0)


def test_builder_returns_interactive_with_static_grid():
    from bpcourse.draw.display import Interactive
    w = U.universality_builder("sin(x)", n_bumps=5, steepness=50.0)
    assert isinstance(w, Interactive)
    assert w.static_html.count("<img") == 4 and "n = 20" in w.static_html
    r = U.evaluate("sin(x)", U.auto_bumps("sin(x)", 5, 50.0))
    assert f"max error {r['max_abs']:.3f}" in w.summary
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle and "text/html" in bundle


def test_edit_bump_changes_one_part_of_one_bump():
    b = U.auto_bumps("sin(x)", 4, 20.0)
    centre, width, height = (b.lefts[1] + b.rights[1]) / 2, b.rights[1] - b.lefts[1], b.heights[1]
    moved = U.edit_bump(b, 1, "centre", centre + 0.5)
    np.testing.assert_allclose([moved.lefts[1], moved.rights[1], moved.heights[1]],
                               [b.lefts[1] + 0.5, b.rights[1] + 0.5, height])
    wider = U.edit_bump(b, 1, "width", 2 * width)
    np.testing.assert_allclose(wider.rights[1] - wider.lefts[1], 2 * width)
    np.testing.assert_allclose((wider.lefts[1] + wider.rights[1]) / 2, centre)
    taller = U.edit_bump(b, 1, "height", 3.0)
    assert taller.heights[1] == 3.0 and taller.lefts[1] == b.lefts[1]
    np.testing.assert_allclose(np.delete(taller.heights, 1), np.delete(b.heights, 1))
