"""Chapter 12: the optimizers' paths on a linear unit, and the rotated valley."""
import matplotlib
import numpy as np
import pytest

from bpcourse import train
from bpcourse.chapters import optimizers as O

matplotlib.use("Agg")


def test_least_squares_is_the_minimum_of_the_cost():
    X, T = O.scaled_data(m=50, seed=1)
    w1, w2, b = O.least_squares(X, T)
    J = lambda *p: train.vectorized_cost(O.linear_unit(*p), X, T, "half_squared")
    for dp in ([1e-3, 0, 0], [0, 1e-3, 0], [0, 0, 1e-3], [-1e-3, 0, 0]):
        assert J(w1 + dp[0], w2 + dp[1], b + dp[2]) > J(w1, w2, b)
    assert np.allclose([w1, w2], O.W_TRUE, atol=0.1)


def test_rotating_the_inputs_rotates_the_cost():
    angle = 0.7
    X, T = O.scaled_data(seed=2)
    Xr, Tr = O.scaled_data(angle=angle, seed=2)
    assert np.array_equal(T, Tr)
    R = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    assert np.allclose(O.least_squares(Xr, Tr)[:2], R @ O.least_squares(X, T)[:2], atol=1e-12)
    w = np.array([0.3, -0.8])
    J = train.vectorized_cost(O.linear_unit(*w), X, T, "half_squared")
    Jr = train.vectorized_cost(O.linear_unit(*(R @ w)), Xr, Tr, "half_squared")
    assert Jr == pytest.approx(J, rel=1e-12)


def test_gradient_descent_ignores_the_rotation_and_adam_does_not():
    X, T = O.scaled_data(seed=0)
    Xr, Tr = O.scaled_data(angle=np.pi / 4, seed=0)
    gd, gd_r = (O.path_costs(x, t, O.record_path(x, t, lr=0.2, epochs=100)) for x, t in [(X, T), (Xr, Tr)])
    assert np.allclose(gd, gd_r, rtol=1e-9, atol=1e-12)
    adam, adam_r = (O.path_costs(x, t, O.record_path(x, t, lr=0.05, optimizer="adam", epochs=100))
                    for x, t in [(X, T), (Xr, Tr)])
    assert adam[-1] < gd[-1] / 10 and adam_r[-1] > gd_r[-1]


def test_record_path_starts_at_zero_and_has_one_point_per_epoch():
    X, T = O.scaled_data(m=20)
    path = O.record_path(X, T, lr=0.1, epochs=7)
    assert path.shape == (8, 2) and np.array_equal(path[0], [0.0, 0.0])
    net = O.linear_unit()
    train.fit(net, X, T, loss="half_squared", lr=0.1, epochs=7)
    assert np.array_equal(path[-1], net.weights[0][0])


def test_path_costs_are_the_cost_above_the_minimum():
    X, T = O.scaled_data(m=20)
    w1, w2, b = O.least_squares(X, T)
    path = np.array([[w1, w2], [0.0, 0.0], [1.5, -2.5]])
    J = [train.vectorized_cost(O.linear_unit(*w, b), X, T, "half_squared") for w in path]
    gaps = O.path_costs(X, T, path)
    assert gaps[0] == pytest.approx(0.0, abs=1e-15)
    assert np.allclose(gaps, np.array(J) - J[0], rtol=1e-12)
    assert np.all(gaps[1:] > 0)


def test_plot_paths_draws_contours_each_path_and_the_minimum():
    import matplotlib.pyplot as plt
    X, T = O.scaled_data(m=20)
    w1s, w2s = np.linspace(0, 2, 4), np.linspace(-3, 0, 3)
    fig, ax = plt.subplots()
    O.plot_paths(ax, X, T, {"a": np.zeros((3, 2)), "b": np.ones((2, 2))}, w1s, w2s)
    lines = ax.get_lines()
    assert len(lines) == 3 and lines[-1].get_label() == "minimum"
    assert np.allclose(lines[-1].get_xydata()[0], O.least_squares(X, T)[:2])
    assert ax.collections                              # the contours
    plt.close(fig)
