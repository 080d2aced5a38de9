"""Chapter 11's cost of each mode: timing two Jacobian methods, and their plot.

The forward-mode engine itself (``Dual``) and both Jacobians are written in the chapter's cells
and checked there against the reverse engine and finite differences (nbval runs them).
"""
import numpy as np
import pytest

from bpcourse.chapters import forward_mode as F


def test_time_jacobians_runs_each_method_repeats_times_and_keeps_the_best():
    calls = {"a": 0, "b": 0}

    def a(f, x):
        calls["a"] += 1
        return f(x)

    def b(f, x):
        calls["b"] += 1
        return sum(f(x) for _ in range(200))

    times = F.time_jacobians([a, b], lambda x: np.sin(x).sum(), np.ones(100), repeats=3)
    assert calls == {"a": 3, "b": 3}
    assert len(times) == 2 and 0 < times[0] < times[1] < 5


def test_time_jacobians_refuses_a_bad_repeat_count():
    with pytest.raises(TypeError, match="repeats must be a positive integer"):
        F.time_jacobians([lambda f, x: f(x)], abs, 1.0, repeats=1.5)
    with pytest.raises(ValueError):
        F.time_jacobians([lambda f, x: f(x)], abs, 1.0, repeats=0)


def test_plot_costs_draws_both_modes_in_milliseconds():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    F.plot_costs(ax, {1: (0.001, 0.002), 10: (0.01, 0.002)}, "inputs")
    forward, reverse = ax.get_lines()
    assert list(forward.get_xdata()) == [1, 10]
    assert list(forward.get_ydata()) == pytest.approx([1.0, 10.0])
    assert list(reverse.get_ydata()) == pytest.approx([2.0, 2.0])
    assert ax.get_xscale() == ax.get_yscale() == "log" and "ms" in ax.get_ylabel()
    plt.close(fig)
