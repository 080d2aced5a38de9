"""The one-neuron model of chapter 5 and the graphs of chapter 6, against finite differences."""
import numpy as np
import pytest

from bpcourse import MLP, activations, gradcheck, vectorized
from bpcourse.chapters import lectures, neuron

X, YD = neuron.example_data()


def test_example_data_is_seeded_and_in_range():
    x2, y2 = neuron.example_data()
    assert np.array_equal(X, x2) and np.array_equal(YD, y2)
    assert X.shape == YD.shape == (12,)
    assert np.all((YD >= 0) & (YD <= 1)) and np.all(np.abs(X) <= 2)


def test_cost_and_gradient_by_the_engine_match_the_formula_and_finite_differences():
    w, b = -1.0, 1.0
    J, g = neuron.cost_and_gradient(w, b, X, YD)
    y = activations.sigmoid(w * X + b)
    assert J == pytest.approx(np.mean((y - YD) ** 2), rel=1e-12)
    fd = gradcheck.numerical_derivative(
        lambda p: np.mean((activations.sigmoid(p[0] * X + p[1]) - YD) ** 2), [w, b])
    assert gradcheck.relative_error(g, fd) < 1e-7


def test_cost_grid_matches_cost():
    ws, bs = np.array([-1.0, 0.0, 2.0]), np.array([0.5, -1.0])
    grid = neuron.cost_grid(ws, bs, X, YD)
    assert grid.shape == (2, 3)
    assert grid[1, 2] == pytest.approx(neuron.cost_and_gradient(2.0, -1.0, X, YD)[0])


def test_descent_path_first_step_and_shapes():
    path, J = neuron.descent_path(2.5, 0.5, X, YD, lr=10.0, steps=5)
    assert path.shape == (6, 2) and J.shape == (6,)
    J0, g = neuron.cost_and_gradient(2.5, 0.5, X, YD)
    assert np.allclose(path[1], np.array([2.5, 0.5]) - 10.0 * g)
    assert J[0] == pytest.approx(J0)
    assert np.all(np.diff(J) < 0)


@pytest.mark.parametrize("call, match", [
    (lambda: neuron.cost_and_gradient(1.0, 0.0, [1.0, 2.0], [1.0]), "examples"),
    (lambda: neuron.cost_and_gradient(1.0, 0.0, [np.nan], [1.0]), "NaN"),
    (lambda: neuron.descent_path(0, 0, X, YD, lr=-1.0, steps=3), "lr"),
    (lambda: neuron.descent_path(0, 0, X, YD, lr=1.0, steps=-1), "steps"),
])
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_bad_types_raise_type_error():
    with pytest.raises(TypeError, match="w must be a real number"):
        neuron.cost_and_gradient("1", 0.0, X, YD)


def test_difference_quotients_converge_and_factor():
    from bpcourse.chapters import chainrule
    rows = chainrule.difference_quotients(np.sin, lambda x: x ** 2, 1.2, [1e-1, 1e-3, 1e-5])
    assert rows.shape == (3, 4)
    assert np.allclose(rows[:, 1], rows[:, 2] * rows[:, 3])           # the factorization is exact
    exact = np.cos(1.2 ** 2) * 2 * 1.2
    assert abs(rows[-1, 1] - exact) < 1e-4 < abs(rows[0, 1] - exact)
    with pytest.raises(ValueError, match="non-zero"):
        chainrule.difference_quotients(np.sin, np.cos, 1.0, [0.0])


def test_regularized_downstream_gives_each_bar():
    from bpcourse.chapters import chainrule
    args = (0.8, -0.3, 1.5, 1.0, 0.1)
    v = lectures.regularized_graph(*args)
    v["L_reg"].backward()
    for name in chainrule.REGULARIZED_NODES:
        E = chainrule.regularized_downstream(name, *args)
        assert E(v[name].value.reshape(1)) == pytest.approx(float(v["L_reg"].value), rel=1e-12)
        fd = gradcheck.numerical_derivative(E, v[name].value.reshape(1))
        assert gradcheck.relative_error(fd, v[name].bar) < 1e-7, name
    with pytest.raises(ValueError, match="unknown node"):
        chainrule.regularized_downstream("q", *args)


def test_reverse_mode_over_named_nodes_matches_autodiff():
    from bpcourse.chapters import chainrule
    w, b, x, t, lam = 0.8, -0.3, 1.5, 1.0, 0.1
    v = lectures.regularized_graph(w, b, x, t, lam)
    v["L_reg"].backward()
    z, y = w * x + b, float(activations.sigmoid(w * x + b))
    local = {("L_reg", "L"): 1.0, ("L_reg", "R"): lam, ("L", "y"): y - t,
             ("y", "z"): float(activations.sigmoid_prime(z)), ("z", "w"): x, ("z", "b"): 1.0,
             ("R", "w"): w}
    bars = chainrule.reverse_mode(["w", "b", "z", "y", "L", "R", "L_reg"], local)
    for name, bar in bars.items():
        assert bar == pytest.approx(float(v[name].bar), rel=1e-12), name
    with pytest.raises(ValueError, match="not topological"):
        chainrule.reverse_mode(["w", "b", "y", "z", "L", "R", "L_reg"], local)
    with pytest.raises(ValueError, match="not in order"):
        chainrule.reverse_mode(["w", "L_reg"], local)
