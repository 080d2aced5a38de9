"""Every bad input is refused with a ValueError/TypeError that names the problem."""
from __future__ import annotations

import numpy as np
import pytest

from bpcourse import MLP, autodiff, datasets, gradcheck, scalar, train, vectorized

GRADIENT_FUNCTIONS = [scalar.loss_and_grads, vectorized.loss_and_grads, autodiff.loss_and_grads,
                      gradcheck.finite_difference_grads]


@pytest.fixture
def net():
    return MLP([2, 3, 1], seed=0)


X_OK = np.zeros((4, 2))
T_OK = np.zeros((4, 1))


@pytest.mark.parametrize("f", GRADIENT_FUNCTIONS)
@pytest.mark.parametrize("X, T, match", [
    (np.zeros((4, 3)), T_OK, r"X has 3 column\(s\) but 2 were expected"),
    (np.zeros(2), T_OK[:1], r"X must be 2-D"),
    (X_OK, np.zeros((4, 2)), r"T has 2 column\(s\) but 1 were expected"),
    (X_OK, np.zeros(4), r"T must be 2-D .*reshape\(-1, 1\)"),     # no silent broadcasting
    (X_OK, np.zeros((3, 1)), r"X has 4 examples but T has 3"),
    (np.zeros((0, 2)), np.zeros((0, 1)), r"empty batch"),
    (np.array([[0.0, np.nan]]), np.zeros((1, 1)), r"X contains NaN or inf"),
    (X_OK, np.full((4, 1), np.inf), r"T contains NaN or inf"),
    ("abc", T_OK, r"X must be a 2-D array of numbers"),
    ([["a", "b"]], np.zeros((1, 1)), r"X must be a 2-D array of numbers"),
])
def test_bad_data(net, f, X, T, match):
    with pytest.raises((ValueError, TypeError), match=match):
        f(net, X, T, "half_squared")


@pytest.mark.parametrize("f", GRADIENT_FUNCTIONS)
def test_unknown_loss(net, f):
    with pytest.raises(ValueError, match=r"unknown loss 'mse'; expected one of"):
        f(net, X_OK, T_OK, "mse")


@pytest.mark.parametrize("f", GRADIENT_FUNCTIONS)
def test_bce_needs_sigmoid_output_and_targets_in_0_1(f):
    with pytest.raises(ValueError, match=r"use output='sigmoid'"):
        f(MLP([2, 1], output="identity"), X_OK, T_OK, "bce")
    with pytest.raises(ValueError, match=r"targets T in \[0, 1\]"):
        f(MLP([2, 1], output="sigmoid"), X_OK, np.full((4, 1), 1.5), "bce")


@pytest.mark.parametrize("f", GRADIENT_FUNCTIONS)
def test_cross_entropy_needs_softmax_and_distributions(f):
    X = np.zeros((2, 2))
    with pytest.raises(ValueError, match=r"loss 'cross_entropy' needs a softmax output"):
        f(MLP([2, 3], output="sigmoid"), X, np.eye(3)[:2], "cross_entropy")
    with pytest.raises(ValueError, match=r"use output='sigmoid'.*use loss='cross_entropy'"):
        f(MLP([2, 3], output="softmax"), X, np.eye(3)[:2], "bce")
    net = MLP([2, 3], output="softmax")
    with pytest.raises(ValueError, match=r"needs targets T >= 0 .* minimum of -0.5"):
        f(net, X, np.array([[1.5, -0.5, 0.0], [0, 0, 1]]), "cross_entropy")
    with pytest.raises(ValueError, match=r"each row of T to sum to 1 .* row 1 sums to 0.9"):
        f(net, X, np.array([[0.2, 0.3, 0.5], [0.3, 0.3, 0.3]]), "cross_entropy")


@pytest.mark.parametrize("f", GRADIENT_FUNCTIONS)
def test_bad_parameters(f):
    net = MLP([2, 3, 1], seed=0)
    net.weights[0][1, 1] = np.nan
    with pytest.raises(ValueError, match=r"weights\[0\] or biases\[0\] contains NaN or inf"):
        f(net, X_OK, T_OK, "half_squared")
    net = MLP([2, 3, 1], seed=0)
    net.weights[1] = np.zeros((3, 1))
    with pytest.raises(ValueError, match=r"weights\[1\] has shape \(3, 1\), expected \(1, 3\)"):
        f(net, X_OK, T_OK, "half_squared")
    net = MLP([2, 3, 1], seed=0)
    net.biases[0] = np.zeros((3, 1))
    with pytest.raises(ValueError, match=r"biases\[0\] has shape \(3, 1\), expected \(3,\)"):
        f(net, X_OK, T_OK, "half_squared")


def test_not_a_network():
    with pytest.raises(TypeError, match="net must be a bpcourse.MLP"):
        vectorized.loss_and_grads("net", X_OK, T_OK)


@pytest.mark.parametrize("kwargs, match", [
    (dict(sizes=[2]), "at least an input and an output"),
    (dict(sizes=[2, 0, 1]), "positive integer"),
    (dict(sizes=[2, 2.5, 1]), "positive integer"),
    (dict(sizes="2-3-1"), "list of layer widths"),
    (dict(sizes=[2, 3, 1], hidden="softmax"), r"'softmax' is an output activation only"),
    (dict(sizes=[2, 3, 1], output="Sigmoid"), r"unknown activation 'Sigmoid'"),
    (dict(sizes=[2, 3, 3, 1], hidden=["tanh"]), r"lists 1 activation\(s\) but the network has 2"),
    (dict(sizes=[2, 3, 1], init="uniform"), r"unknown init 'uniform'"),
    (dict(sizes=[2, 3, 1], init="constant"), r"init='constant' needs a finite number value="),
    (dict(sizes=[2, 3, 1], init="constant", value=np.nan), r"needs a finite number"),
    (dict(sizes=[2, 3, 1], value=1.0), r"value= only goes with init='constant'"),
    (dict(sizes=[2, 3, 1], init="normal", scale=-1.0), r"scale must be a positive, finite number"),
    (dict(sizes=[2, 3, 1], init="normal", scale="1"), r"scale must be a positive number"),
])
def test_bad_network(kwargs, match):
    kwargs = dict(kwargs)                   # the parameter is shared by every run of this test
    sizes = kwargs.pop("sizes")
    with pytest.raises((ValueError, TypeError), match=match):
        MLP(sizes, **kwargs)


def test_forward_checks_its_input(net):
    with pytest.raises(ValueError, match=r"X has 1 column\(s\) but 2 were expected"):
        net.forward(np.zeros((5, 1)))
    assert net.forward(np.zeros((5, 2))).shape == (5, 1)


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(lr=0.0), ValueError, "lr must be a positive, finite number"),
    (dict(lr=-0.1), ValueError, "lr must be a positive"),
    (dict(lr=float("nan")), ValueError, "lr must be a positive"),
    (dict(lr="0.1"), TypeError, "lr must be a positive number"),
    (dict(epochs=0), ValueError, "epochs must be a positive integer"),
    (dict(epochs=2.5), TypeError, "epochs must be a positive integer"),
    (dict(batch_size=0), ValueError, "batch_size must be a positive integer"),
    (dict(batch_size=-2), ValueError, "batch_size must be a positive integer"),
    (dict(batch_size=5), ValueError, "batch_size 5 is larger than the 4 training examples"),
    (dict(momentum=1.0), ValueError, r"momentum must be in \[0, 1\)"),
    (dict(momentum=-0.5), ValueError, "momentum must be a finite number >= 0"),
    (dict(nesterov=True), ValueError, "nesterov=True needs a momentum > 0"),
    (dict(l2=-1.0), ValueError, "l2 must be a finite number >= 0"),
    (dict(method="numeric"), ValueError, "unknown method 'numeric'"),
    (dict(schedule=0.5), TypeError, "schedule must be a function of the epoch"),
    (dict(schedule=lambda e: 0.0), ValueError, "the schedule gave a learning rate of 0.0 at epoch 0"),
    (dict(loss="bce"), ValueError, "use output='sigmoid'"),
    (dict(optimizer="lbfgs"), ValueError,
     r"unknown optimizer 'lbfgs'; expected one of \['adam', 'rmsprop', 'sgd'\]"),
    (dict(optimizer="rmsprop", rho=1.0), ValueError, r"rho must be in \[0, 1\), got 1.0"),
    (dict(optimizer="rmsprop", rho=-0.5), ValueError, r"rho must be a finite number >= 0"),
    (dict(optimizer="rmsprop", eps=0.0), ValueError, r"eps must be a positive, finite number"),
    (dict(optimizer="rmsprop", momentum=0.9), ValueError,
     r"momentum and nesterov go with optimizer='sgd'; rmsprop keeps its own"),
    (dict(optimizer="rmsprop", momentum=0.5, nesterov=True), ValueError, r"go with optimizer='sgd'"),
    (dict(optimizer="adam", betas=(1.0, 0.999)), ValueError, r"beta1 must be in \[0, 1\), got 1.0"),
    (dict(optimizer="adam", betas=(0.9, -0.1)), ValueError, r"beta2 must be a finite number >= 0"),
    (dict(optimizer="adam", betas=0.9), TypeError, r"betas must be a pair of numbers"),
    (dict(optimizer="adam", betas=(0.9, 0.99, 0.9)), TypeError, r"betas must be a pair"),
    (dict(optimizer="adam", eps=0.0), ValueError, r"eps must be a positive, finite number"),
    (dict(optimizer="adam", eps=-1e-8), ValueError, r"eps must be a positive"),
    (dict(optimizer="adam", momentum=0.9), ValueError, r"momentum and nesterov go with optimizer='sgd'"),
])
def test_bad_training_options(net, kwargs, error, match):
    X, T = datasets.xor()
    before = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(error, match=match):
        train.fit(net, X, T, **{"epochs": 2, **kwargs})
    for p, q in zip(net.weights + net.biases, before):   # nothing was changed
        assert np.array_equal(p, q)


def test_diverging_training_is_reported():
    net = MLP([2, 8, 1], hidden="relu", seed=0)
    X, T = datasets.moons(50, seed=1)
    with pytest.raises(ValueError, match="did training diverge"):
        with np.errstate(over="ignore", invalid="ignore"):
            train.fit(net, X * 1e3, T * 1e3, lr=10.0, epochs=50)


@pytest.mark.parametrize("f, kwargs, match", [
    (datasets.circles, dict(m=0), "m must be a positive integer"),
    (datasets.moons, dict(noise=-1.0), "noise must be a finite number >= 0"),
    (datasets.spiral, dict(turns=0), "turns must be a positive"),
])
def test_bad_dataset_arguments(f, kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        f(**kwargs)


def test_autodiff_engine_refusals():
    x = autodiff.Node(np.ones((2, 2)))
    with pytest.raises(ValueError, match="backward\\(\\) starts from a scalar output"):
        (x * 2.0).backward()
    with pytest.raises(ValueError, match="@ takes two 2-D nodes"):
        x @ autodiff.Node(np.ones(2))
    with pytest.raises(TypeError, match="only constant powers"):
        x ** x
