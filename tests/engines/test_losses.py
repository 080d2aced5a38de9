"""Losses: every loss with every output activation it allows, in every engine; values by formula.

The property tests (test_gradients.py) draw random combinations; here each combination of loss,
output activation and hidden activation is run once, so none is left to chance.
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy import special

from bpcourse import MLP, autodiff, gradcheck, losses, scalar, vectorized
from strategies import ELEMENTWISE, OUTPUT_OF_LOSS, OUTPUTS, far_from_kinks, targets

COMBINATIONS = [(loss, output, hidden) for loss in losses.LOSSES
                for output in ([OUTPUT_OF_LOSS[loss]] if loss in OUTPUT_OF_LOSS else OUTPUTS)
                for hidden in ELEMENTWISE]


def problem(loss, output, hidden, seed=0):
    rng = np.random.default_rng(seed)
    net = MLP([3, 4, 3], hidden=hidden, output=output, seed=seed)
    for b in net.biases:
        b[:] = rng.normal(0.0, 0.5, b.shape)
    X = rng.normal(size=(5, 3))
    return net, X, targets(loss, 5, 3, rng)


@pytest.mark.parametrize("loss, output, hidden", COMBINATIONS)
def test_every_combination_in_every_engine_and_by_finite_differences(loss, output, hidden):
    net, X, T = problem(loss, output, hidden)
    assert far_from_kinks(net, X)
    J, g = vectorized.loss_and_grads(net, X, T, loss)
    assert J == pytest.approx(losses.cost(loss, vectorized.forward(net, X)[0][-1], T, output))
    for engine in (scalar, autodiff):
        J_e, g_e = engine.loss_and_grads(net, X, T, loss)
        assert J_e == pytest.approx(J, rel=1e-12)
        np.testing.assert_allclose(g_e.flat(), g.flat(), rtol=1e-10, atol=1e-13)
    fd = gradcheck.finite_difference_grads(net, X, T, loss)
    np.testing.assert_allclose(g.flat(), fd.flat(), rtol=1e-6, atol=1e-8)
    assert np.any(g.flat() != 0) or output == "step"        # a real test: the gradient moves


def by_formula(loss, Z, T, output):
    """J from the definitions of DESIGN.md, with scipy's activations."""
    Y = {"identity": Z, "sigmoid": special.expit(Z), "tanh": np.tanh(Z),
         "softmax": special.softmax(Z, axis=1)}[output]
    per_example = {
        "squared": lambda: np.sum((Y - T) ** 2, axis=1),
        "half_squared": lambda: 0.5 * np.sum((Y - T) ** 2, axis=1),
        "bce": lambda: -np.sum(T * np.log(Y) + (1 - T) * np.log(1 - Y), axis=1),
        "cross_entropy": lambda: -np.sum(T * np.log(Y), axis=1),
    }[loss]
    return per_example().mean()


@pytest.mark.parametrize("loss, output", [("squared", "identity"), ("squared", "tanh"),
                                          ("half_squared", "sigmoid"), ("half_squared", "softmax"),
                                          ("bce", "sigmoid"), ("cross_entropy", "softmax")])
def test_cost_is_the_formula(loss, output):
    rng = np.random.default_rng(1)
    Z = rng.normal(0, 2, (6, 3))
    T = targets(loss, 6, 3, rng)
    assert losses.cost(loss, Z, T, output) == pytest.approx(by_formula(loss, Z, T, output), rel=1e-12)


def test_logsumexp_of_rows_at_very_different_scales():
    Z = np.array([[0.0, 0.0], [1000.0, 1000.0], [-1000.0, -1000.0]])
    np.testing.assert_allclose(losses.logsumexp(Z), np.array([[0.0], [1000.0], [-1000.0]]) + np.log(2),
                               rtol=1e-15)


@pytest.mark.parametrize("f", [losses.softplus, losses.logsumexp])
def test_helpers_compute_in_float64(f):
    z32 = np.array([[-3.3, 0.1, 2.7]], dtype=np.float32)
    out = f(z32)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, f(z32.astype(np.float64)))


def test_bce_refuses_targets_below_0_and_above_1():
    net = MLP([2, 1], output="sigmoid")
    for bad in (-0.5, 1.5):
        with pytest.raises(ValueError, match=r"loss 'bce' needs targets T in \[0, 1\]"):
            vectorized.loss_and_grads(net, np.zeros((2, 2)), np.array([[0.5], [bad]]), "bce")


def test_bce_hint_names_cross_entropy_only_for_a_softmax_output():
    with pytest.raises(ValueError, match="use output='sigmoid'") as e:
        losses.check("bce", "identity")
    assert "cross_entropy" not in str(e.value)
    with pytest.raises(ValueError, match="use loss='cross_entropy'"):
        losses.check("bce", "softmax")
