"""The engines' promises that no gradient test sees: defaults, refusals after a change, helpers.

Each test here was missing until mutation testing (CONTRIBUTING.md) showed a change of the
code that every other test let through.
"""
from __future__ import annotations

import numpy as np
import pytest

from bpcourse import MLP, Params, autodiff, datasets, gradcheck, scalar, train, vectorized
from bpcourse.mlp import check_batch

ENGINES = [scalar, vectorized, autodiff]


def small_problem(seed=0):
    rng = np.random.default_rng(seed)
    net = MLP([2, 3, 2], hidden="tanh", seed=seed)
    return net, rng.normal(size=(4, 2)), rng.normal(size=(4, 2))


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.__name__)
def test_default_loss_is_half_squared(engine):
    net, X, T = small_problem()
    J, g = engine.loss_and_grads(net, X, T)
    J_h, g_h = engine.loss_and_grads(net, X, T, "half_squared")
    assert J == J_h and np.array_equal(g.flat(), g_h.flat())
    assert J == pytest.approx(0.5 * np.sum((net.forward(X) - T) ** 2) / 4, rel=1e-12)


@pytest.mark.parametrize("engine", ENGINES, ids=lambda e: e.__name__)
def test_a_parameter_made_nan_in_place_after_a_call_is_still_refused(engine):
    net, X, T = small_problem()
    engine.loss_and_grads(net, X, T)                     # the parameters pass their check...
    net.weights[1][0, 0] = np.nan                         # ...then change in place
    with pytest.raises(ValueError, match=r"weights\[1\] or biases\[1\] contains NaN or inf"):
        engine.loss_and_grads(net, X, T)


def test_forward_refuses_parameters_changed_after_a_check():
    net, X, _ = small_problem()
    net.forward(X)
    net.biases[0][1] = np.nan                             # in place
    with pytest.raises(ValueError, match=r"weights\[0\] or biases\[0\] contains NaN or inf"):
        net.forward(X)
    net, X, _ = small_problem()
    net.forward(X)
    net.biases[1][0] = np.inf
    with pytest.raises(ValueError, match=r"weights\[1\] or biases\[1\] contains NaN or inf"):
        net.forward(X)
    net, X, _ = small_problem()
    net.forward(X)
    net.weights[0] = np.zeros((2, 2))                     # a new array of the wrong shape
    with pytest.raises(ValueError, match=r"weights\[0\] has shape \(2, 2\), expected \(3, 2\)"):
        net.forward(X)
    net.weights[0] = np.ones((3, 2))                      # a new, good array: accepted
    assert net.forward(X).shape == (4, 2)


def test_a_missing_layer_is_counted_in_the_message():
    net, X, _ = small_problem()
    net.biases.pop()
    with pytest.raises(ValueError, match=r"^the network has 2 layers but 2 weight matrices and 1 bias vectors"):
        net.check_params()
    net, X, _ = small_problem()
    net.weights.pop()
    with pytest.raises(ValueError, match=r"^the network has 2 layers but 1 weight matrices and 2 bias vectors"):
        net.forward(X)


def test_scale_sets_the_std_of_normal_init_and_is_checked():
    W = MLP([400, 300], scale=0.2, seed=0).weights[0]
    assert W.std() == pytest.approx(0.2, rel=0.02)
    assert MLP([2, 3], scale=0.5, seed=0).weights[0].std() > 0           # scales below 1 are fine
    for bad in (0.0, -1.0, np.inf, np.nan, True, "1"):
        with pytest.raises((ValueError, TypeError), match=r"^scale must be a positive(, finite)? number"):
            MLP([2, 3], scale=bad)
    with pytest.raises(ValueError, match=r"^scale= only goes with init='normal' \(init is 'zeros'\)"):
        MLP([2, 3], init="zeros", scale=1.0)


def test_refusals_name_what_they_got():
    net, X, T = small_problem()
    with pytest.raises(ValueError, match=r"^X has 1 column\(s\) but 2 were expected"):
        net.forward(X[:, :1])
    with pytest.raises(ValueError, match=r"^X has 1 column\(s\) but 2 were expected"):
        check_batch(net, X[:, :1], T, "squared")
    with pytest.raises(TypeError, match=r"^hidden must be an activation name or a list of names, got 3$"):
        MLP([2, 3, 1], hidden=3)
    with pytest.raises(TypeError, match=r"^net must be a bpcourse.MLP, got dict$"):
        check_batch({}, np.zeros((1, 2)), np.zeros((1, 1)), "squared")


def test_flat_holds_every_layer_in_order():
    net = MLP([2, 3, 1], seed=0)
    flat = net.params().flat()
    assert flat.size == net.n_params == 2 * 3 + 3 + 3 * 1 + 1
    parts = [net.weights[0].ravel(), net.biases[0], net.weights[1].ravel(), net.biases[1]]
    assert np.array_equal(flat, np.concatenate(parts))


# -- gradcheck's helpers ------------------------------------------------------------------
def test_numerical_derivative_of_integer_points_is_exact_for_a_quadratic():
    np.testing.assert_allclose(gradcheck.numerical_derivative(lambda v: np.sum(v ** 2), [1, 2]),
                               [2.0, 4.0], rtol=1e-8)


def test_finite_differences_use_the_step_they_are_given():
    net, X, T = small_problem()
    fine = gradcheck.finite_difference_grads(net, X, T, eps=1e-6).flat()
    coarse = gradcheck.finite_difference_grads(net, X, T, eps=0.5).flat()
    exact = vectorized.loss_and_grads(net, X, T)[1].flat()
    assert np.max(np.abs(fine - exact)) < 1e-7 < 1e-3 < np.max(np.abs(coarse - exact))


def test_relative_error_of_nothing_and_of_integers():
    assert gradcheck.relative_error([], []) == 0.0
    a, b = np.array([0.1, 0.7], dtype=np.float32), np.array([0.1, 0.3], dtype=np.float32)
    assert gradcheck.relative_error(a, b) == gradcheck.relative_error(a.astype(float), b.astype(float))
    assert gradcheck.relative_error([1, 2], [1, 3]) == pytest.approx(1 / 5)
    with pytest.raises(ValueError, match=r"^cannot compare arrays of 2 and 3 entries"):
        gradcheck.relative_error([1, 2], [1, 2, 3])


def test_compare_refuses_other_layers_and_shapes_by_name():
    a = MLP([2, 3, 1]).params()
    with pytest.raises(ValueError, match=r"^2 layers against 1"):
        gradcheck.compare(a, MLP([2, 1]).params())
    b = Params([np.zeros((3, 2)), np.zeros((1, 3))], [np.zeros(3), np.zeros(2)])
    with pytest.raises(ValueError, match=r"^layer 1: shapes \(1, 3\)/\(1,\) against \(1, 3\)/\(2,\)"):
        gradcheck.compare(a, b)


def test_report_lists_every_layer_and_the_max_last():
    a = MLP([2, 3, 1], seed=0).params()
    b = Params([W * 1.01 for W in a.weights], list(a.biases))
    lines = gradcheck.report(a, b, names=("mine", "theirs")).splitlines()
    assert lines[0] == "relative error, mine vs theirs:"
    assert [ln.split(":")[0].strip() for ln in lines[1:]] == ["W0", "b0", "W1", "b1", "max"]
    assert lines[-1] == f"  max : {max(gradcheck.compare(a, b).values()):.2e}"


# -- train's defaults and options -------------------------------------------------------------
def test_fit_defaults_are_lr_0_1_and_100_epochs():
    X, T = datasets.xor()
    a, b = MLP([2, 3, 1], hidden="tanh", seed=0), MLP([2, 3, 1], hidden="tanh", seed=0)
    history = train.fit(a, X, T)
    train.fit(b, X, T, lr=0.1, epochs=100)
    assert len(history) == 100 and np.array_equal(a.params().flat(), b.params().flat())


def test_schedule_defaults_and_refusals():
    halve = train.step_decay()                            # x 0.5 every 10 epochs
    assert [halve(e) for e in (0, 9, 10, 19, 20)] == [1.0, 1.0, 0.5, 0.5, 0.25]
    assert train.exponential_decay()(2) == pytest.approx(np.exp(-0.1))
    with pytest.raises(ValueError, match=r"^drop must be a positive"):
        train.step_decay(drop=0.0)
    with pytest.raises(TypeError, match=r"^every must be a positive integer"):
        train.step_decay(every=2.5)
    with pytest.raises(ValueError, match=r"^rate must be a finite number >= 0"):
        train.exponential_decay(rate=-1.0)


def test_l1_from_zero_weights_stays_finite():
    # d|w|/dw is taken as sign(w) = 0 at w = 0: no division by the sign
    X, T = datasets.xor()
    net = MLP([2, 2, 1], init="zeros")
    history = train.fit(net, X, T, l1=0.01, epochs=3)
    assert np.all(np.isfinite(net.params().flat())) and np.all(np.isfinite(history.loss))


def test_callback_gets_the_epoch_the_net_and_its_loss():
    X, T = datasets.xor()
    net = MLP([2, 3, 1], hidden="tanh", seed=1)
    seen = []
    history = train.fit(net, X, T, epochs=4, callback=lambda e, n, J: seen.append((e, n, J)))
    assert [e for e, _, _ in seen] == [0, 1, 2, 3] and all(n is net for _, n, _ in seen)
    assert [J for _, _, J in seen] == history.loss


# -- helpers the chapters call ----------------------------------------------------------------
def test_scalar_forward_example_is_one_row_of_the_batched_forward_pass():
    net, X, _ = small_problem()
    Z, A = vectorized.forward(net, X)
    z, a = scalar.forward_example(net, X[1].tolist())
    assert z[0] == [] and a[0] == X[1].tolist() and len(z) == len(a) == 3
    for l in (1, 2):
        np.testing.assert_allclose(z[l], Z[l][1], rtol=1e-13)
        np.testing.assert_allclose(a[l], A[l][1], rtol=1e-13)


def test_accuracy_with_one_output_and_with_several():
    net = MLP([1, 1], output="identity", init="constant", value=1.0)     # y = x
    X = np.array([[0.2], [0.7], [0.9], [0.4]])
    assert train.accuracy(net, X, np.array([[0.0], [1.0], [0.0], [1.0]])) == 0.5
    assert train.accuracy(net, X, np.array([0, 1, 1, 0])) == 1.0          # labels (m,)
    # y = 0.5 and t = 0.5 are both "not above one half": the same class
    assert train.accuracy(net, np.array([[0.5], [0.5]]), np.array([[0.5], [0.0]])) == 1.0
    net = MLP([2, 2], output="identity", init="zeros")
    net.weights[0][:] = np.eye(2)                                         # y = x: class = argmax x
    X = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 3.0]])
    assert train.accuracy(net, X, np.eye(2)[[0, 1, 0]]) == pytest.approx(2 / 3)
    assert train.accuracy(net, X, np.array([0, 1, 1])) == 1.0
    with pytest.raises(ValueError, match=r"^T must hold one target per example of X: 3 rows, got shape \(2,\)"):
        train.accuracy(net, X, np.array([0, 1]))


def test_vectorized_cost_is_J_and_refuses_a_diverged_net():
    net, X, T = small_problem()
    assert train.vectorized_cost(net, X, T, "squared") == vectorized.loss_and_grads(net, X, T, "squared")[0]
    net.weights[0][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"weights\[0\] or biases\[0\] contains NaN or inf"):
        train.vectorized_cost(net, X, T, "squared")


def test_deltas_are_the_bars_of_Z_one_per_layer():
    net, X, T = small_problem()
    Z, A = vectorized.forward(net, X)
    Delta = vectorized.deltas(net, Z, A, T, "half_squared")
    G = autodiff.network_graph(net, X, T, "half_squared")
    G.J.backward()
    assert len(Delta) == len(Z) == 3 and Delta[0] is None
    for l in (1, 2):
        np.testing.assert_allclose(Delta[l], G.Z[l].bar, rtol=1e-12)


def test_split_and_accuracy():
    X, T = np.arange(20.0).reshape(10, 2), np.eye(2)[np.arange(10) % 2]
    Xtr, Ttr, Xte, Tte = datasets.split(X, T, 0.3, seed=0)
    assert Xtr.shape == (7, 2) and Xte.shape == (3, 2)
    assert sorted(np.r_[Xtr[:, 0], Xte[:, 0]]) == list(X[:, 0])
    net = MLP([2, 2], output="identity", init="zeros")
    net.weights = [np.array([[0.0, 0.0], [0.0, 1.0]])]      # predicts class 1 always
    assert train.accuracy(net, X, T) == 0.5
    assert train.accuracy(net, X, np.arange(10) % 2) == 0.5
    with pytest.raises(ValueError, match="test_fraction"):
        datasets.split(X, T, 1.5)
