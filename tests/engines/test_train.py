"""train.fit: the update rule, reproducibility, minibatches and the options of lecture 003."""
from __future__ import annotations

import numpy as np
import pytest

from bpcourse import MLP, datasets, train, vectorized


def test_one_full_batch_epoch_is_one_gradient_step():
    X, T = datasets.xor()
    net = MLP([2, 3, 1], hidden="tanh", seed=1)
    expected = net.copy()
    _, g = vectorized.loss_and_grads(expected, X, T, "half_squared")
    for p, gp in zip(expected.weights + expected.biases, g.weights + g.biases):
        p -= 0.5 * gp
    h = train.fit(net, X, T, lr=0.5, epochs=1)
    for p, q in zip(net.weights + net.biases, expected.weights + expected.biases):
        np.testing.assert_allclose(p, q, rtol=1e-14)
    assert np.isclose(h.loss[0], vectorized.loss_and_grads(net, X, T)[0])


def test_seeded_training_is_reproducible_and_learns_xor():
    X, T = datasets.xor()
    runs = []
    for _ in range(2):
        net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", seed=0)
        runs.append(train.fit(net, X, T, loss="bce", lr=1.0, epochs=300, batch_size=2, seed=3))
    assert runs[0].loss == runs[1].loss
    assert runs[0].loss[-1] < 0.05 < runs[0].loss[0]
    assert np.array_equal(net.forward(X) > 0.5, T > 0.5)


@pytest.mark.parametrize("method", ["scalar", "autodiff"])
def test_methods_train_identically(method):
    X, T = datasets.moons(20, seed=2)
    a, b = MLP([2, 3, 1], output="sigmoid", seed=4), MLP([2, 3, 1], output="sigmoid", seed=4)
    ha = train.fit(a, X, T, loss="bce", lr=0.3, epochs=5, batch_size=7)
    hb = train.fit(b, X, T, loss="bce", lr=0.3, epochs=5, batch_size=7, method=method)
    np.testing.assert_allclose(ha.loss, hb.loss, rtol=1e-12)


def test_schedules():
    assert [train.step_decay(0.5, 2)(e) for e in range(5)] == [1, 1, 0.5, 0.5, 0.25]
    assert np.isclose(train.exponential_decay(0.1)(10), np.exp(-1.0))
    X, T = datasets.xor()
    h = train.fit(MLP([2, 2, 1], seed=0), X, T, lr=0.4, epochs=6, schedule=train.step_decay(0.5, 3))
    assert h.lr == [0.4, 0.4, 0.4, 0.2, 0.2, 0.2]


def test_momentum_accumulates_velocity():
    # two full-batch steps on a 1-weight linear model, by hand: v1 = -lr g0, v2 = mu v1 - lr g1
    X, T = np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]])
    net = MLP([1, 1], output="identity", init="zeros")
    train.fit(net, X, T, lr=0.1, epochs=2, momentum=0.9)
    w, b, v_w, v_b = 0.0, 0.0, 0.0, 0.0
    for _ in range(2):
        r = w * X[:, 0] + b - T[:, 0]
        g_w, g_b = np.mean(r * X[:, 0]), np.mean(r)
        v_w, v_b = 0.9 * v_w - 0.1 * g_w, 0.9 * v_b - 0.1 * g_b
        w, b = w + v_w, b + v_b
    assert np.isclose(net.weights[0][0, 0], w) and np.isclose(net.biases[0][0], b)


def test_nesterov_evaluates_the_gradient_at_the_look_ahead_point():
    X, T = np.array([[1.0], [2.0]]), np.array([[2.0], [4.0]])
    net = MLP([1, 1], output="identity", init="zeros")
    train.fit(net, X, T, lr=0.1, epochs=2, momentum=0.9, nesterov=True)
    w, b, v_w, v_b = 0.0, 0.0, 0.0, 0.0
    for _ in range(2):
        wl, bl = w + 0.9 * v_w, b + 0.9 * v_b
        r = wl * X[:, 0] + bl - T[:, 0]
        v_w, v_b = 0.9 * v_w - 0.1 * np.mean(r * X[:, 0]), 0.9 * v_b - 0.1 * np.mean(r)
        w, b = w + v_w, b + v_b
    assert np.isclose(net.weights[0][0, 0], w) and np.isclose(net.biases[0][0], b)


def test_l1_and_l2_penalties_shrink_weights_not_biases():
    X, T = datasets.moons(40, seed=0)
    norms = {}
    for name, kw in {"none": {}, "l2": {"l2": 0.05}, "l1": {"l1": 0.01}}.items():
        net = MLP([2, 8, 1], hidden="tanh", output="sigmoid", seed=0)
        h = train.fit(net, X, T, loss="bce", lr=0.5, epochs=200, **kw)
        norms[name] = (sum((W**2).sum() for W in net.weights),
                       sum((np.abs(W) < 1e-2).sum() for W in net.weights))
        assert h.regularized_loss[-1] >= h.loss[-1]
        assert np.isclose(h.regularized_loss[-1] - h.loss[-1], train.penalty(net, **kw))
    assert norms["l2"][0] < norms["none"][0]
    assert norms["l1"][1] > norms["none"][1]          # L1 drives more weights to (near) zero


def test_callback_sees_every_epoch():
    seen = []
    X, T = datasets.xor()
    train.fit(MLP([2, 2, 1], seed=0), X, T, epochs=4, callback=lambda e, net, J: seen.append((e, J)))
    assert [e for e, _ in seen] == [0, 1, 2, 3]


def test_minibatches_visit_every_example_once_per_epoch(monkeypatch):
    batches = []
    real = vectorized.loss_and_grads

    def spy(net, X, T, loss):
        batches.append(len(X))
        return real(net, X, T, loss)
    monkeypatch.setitem(train.METHODS, "vectorized", spy)
    X, T = datasets.circles(10, seed=0)
    train.fit(MLP([2, 2, 1], seed=0), X, T, epochs=2, batch_size=4)
    assert batches == [4, 4, 2, 4, 4, 2]


def test_datasets_are_seeded_and_shaped():
    for name, make in [("circles", datasets.circles), ("moons", datasets.moons), ("spiral", datasets.spiral)]:
        X1, T1 = make(m=50, seed=1)
        X2, _ = make(m=50, seed=1)
        X3, _ = make(m=50, seed=2)
        assert X1.shape == (50, 2) and T1.shape == (50, 1), name
        assert np.array_equal(X1, X2) and not np.array_equal(X1, X3), name
        assert set(np.unique(T1)) == {0.0, 1.0}, name
    X, T = datasets.digits()
    assert X.shape == (1797, 64) and T.shape == (1797, 10) and X.max() == 1.0
    assert np.array_equal(T.sum(axis=1), np.ones(1797))
