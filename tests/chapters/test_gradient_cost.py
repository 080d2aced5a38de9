"""Timing finite differences against backprop: robust properties only (times vary run to run)."""
import numpy as np
import pytest

from bpcourse import MLP
from bpcourse.chapters import gradient_cost as cost


def test_fit_slope_recovers_a_power_law():
    P = np.array([10, 100, 1000, 10000])
    assert cost.fit_slope(P, 3e-6 * P ** 1.0) == pytest.approx(1.0)
    assert cost.fit_slope(P, 2e-4 * P ** 0.0) == pytest.approx(0.0, abs=1e-12)
    assert cost.fit_slope(P, 1e-9 * P ** 2.0) == pytest.approx(2.0)


def test_best_time_is_the_minimum_and_positive():
    t = cost.best_time(lambda: sum(range(20000)), repeats=3)
    assert 0 < t < 1.0


def test_time_gradients_shapes_and_growth():
    r = cost.time_gradients(widths=(2, 8, 24), m=4, repeats=1)
    assert list(r["P"]) == [MLP([4, h, h, 1]).n_params for h in (2, 8, 24)]
    assert all(r[k].shape == (3,) and np.all(r[k] > 0) for k in ("fd", "backprop", "forward"))
    # finite differences do 2P forward passes: far slower than backprop at the largest P
    assert r["fd"][-1] > 20 * r["backprop"][-1]
    assert cost.fit_slope(r["P"], r["fd"]) > 0.6


def test_scalar_vs_vectorized_and_format():
    net = MLP([3, 8, 1], seed=0)
    X = np.random.default_rng(0).normal(size=(16, 3))
    r = cost.time_scalar_vs_vectorized(net, X, X[:, :1], repeats=1)
    assert set(r) == {"scalar", "vectorized"} and r["scalar"] > r["vectorized"] > 0
    assert cost.format_time(0.0032) == "3.2 ms"
    assert cost.format_time(2.5) == "2.5 s"
    assert cost.format_time(4.2e-5) == "42 µs"


def test_plot_cost_draws_four_lines():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    r = {"P": np.array([10, 100]), "fd": np.array([1e-3, 1e-2]),
         "backprop": np.array([1e-4, 1.1e-4]), "forward": np.array([3e-5, 3.2e-5])}
    fig, ax = plt.subplots()
    cost.plot_cost(ax, r)
    assert len(ax.lines) == 4 and ax.get_xscale() == "log"
    plt.close(fig)
