"""Each optimizer's step function in bpcourse.train, against its formula written out here.

Three steps on the quadratic J(theta) = 1/2 theta^T A theta - c^T theta (g = A theta - c,
asked for at the parameters as they are, so Nesterov's look-ahead point matters), with
settings far from the defaults (eps that matters, betas and rho not 0.9/0.999/0.99): a
changed constant, sign or bias correction in any step makes its test fail.
"""
from __future__ import annotations

import numpy as np
import pytest

from bpcourse import MLP, datasets, train, vectorized
from torch_reference import fit_both

A = np.array([[3.0, 0.5], [0.5, 1.0]])
c = np.array([1.0, -2.0])
THETA0 = np.array([0.3, -0.7])
B0 = np.array([0.25])                  # a second parameter array: the step covers every array
LR, MU, BETAS, RHO, EPS = 0.1, 0.7, (0.8, 0.95), 0.6, 1e-2


def g_of(theta, b):
    return [A @ theta - c, 2.0 * b - 1.0]       # J_b = (b - 1/2)^2 for the second array


def run(step, steps=3):
    """``steps`` steps of ``step`` from THETA0, B0; returns the parameters after each."""
    params = [THETA0.copy(), B0.copy()]
    opt = train.Optimizer(params, momentum=MU, betas=BETAS, rho=RHO, eps=EPS)
    out = []
    for _ in range(steps):
        step(opt, lambda: g_of(*params), LR)
        out.append([p.copy() for p in params])
    return out


def by_hand(update, steps=3):
    """The same ``steps`` steps, with ``update(theta, state, t)`` written out below."""
    theta = [THETA0.copy(), B0.copy()]
    state = [dict(v=0.0, s=0.0, r=0.0) for _ in theta]
    out = []
    for t in range(1, steps + 1):
        theta = update(theta, state, t)
        out.append([p.copy() for p in theta])
    return out


def sgd_by_hand(theta, state, t):
    return [p - LR * g for p, g in zip(theta, g_of(*theta))]


def momentum_by_hand(theta, state, t):
    new = []
    for p, g, st in zip(theta, g_of(*theta), state):
        st["v"] = MU * st["v"] - LR * g                # v <- mu v - lr g
        new.append(p + st["v"])                       # theta <- theta + v
    return new


def nesterov_by_hand(theta, state, t):
    look = [p + MU * st["v"] for p, st in zip(theta, state)]     # theta + mu v
    new = []
    for p, g, st in zip(theta, g_of(*look), state):
        st["v"] = MU * st["v"] - LR * g
        new.append(p + st["v"])
    return new


def rmsprop_by_hand(theta, state, t):
    new = []
    for p, g, st in zip(theta, g_of(*theta), state):
        st["r"] = RHO * st["r"] + (1 - RHO) * g ** 2              # r <- rho r + (1 - rho) g^2
        new.append(p - LR * g / (np.sqrt(st["r"]) + EPS))
    return new


def adam_by_hand(theta, state, t):
    b1, b2 = BETAS
    new = []
    for p, g, st in zip(theta, g_of(*theta), state):
        st["s"] = b1 * st["s"] + (1 - b1) * g
        st["r"] = b2 * st["r"] + (1 - b2) * g ** 2
        s_hat, r_hat = st["s"] / (1 - b1 ** t), st["r"] / (1 - b2 ** t)
        new.append(p - LR * s_hat / (np.sqrt(r_hat) + EPS))
    return new


@pytest.mark.parametrize("step, reference", [
    (train.sgd_step, sgd_by_hand),
    (train.momentum_step, momentum_by_hand),
    (train.nesterov_step, nesterov_by_hand),
    (train.rmsprop_step, rmsprop_by_hand),
    (train.adam_step, adam_by_hand),
], ids=lambda v: getattr(v, "__name__", ""))
def test_each_step_is_its_formula_over_three_steps(step, reference):
    ours, theirs = run(step), by_hand(reference)
    for k, (a, b) in enumerate(zip(ours, theirs)):
        for p, q in zip(a, b):
            np.testing.assert_allclose(p, q, rtol=1e-13, atol=1e-15, err_msg=f"step {k + 1}")


def test_the_steps_move_differently():
    finals = {step.__name__: run(step)[-1][0] for step in train.STEPS.values()}
    finals |= {s.__name__: run(s)[-1][0] for s in (train.momentum_step, train.nesterov_step)}
    names = sorted(finals)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert np.max(np.abs(finals[a] - finals[b])) > 1e-3, (a, b)


# -- RMSprop through fit --------------------------------------------------------------------
def rmsprop_fit_by_hand(net, X, T, loss, lr, steps, rho=0.99, eps=1e-8, batches=None):
    """torch.optim.RMSprop's algorithm (alpha = rho, no momentum, not centered), written out."""
    net = net.copy()
    params = net.weights + net.biases
    r = [np.zeros_like(p) for p in params]
    for k in range(steps):
        rows = slice(None) if batches is None else batches[k]
        _, g = vectorized.loss_and_grads(net, X[rows], T[rows], loss)
        for p, r_, gp in zip(params, r, g.weights + g.biases):
            r_[...] = rho * r_ + (1 - rho) * gp * gp
            p -= lr * gp / (np.sqrt(r_) + eps)
    return net


@pytest.mark.parametrize("rho, eps", [(0.99, 1e-8), (0.5, 1e-3)])
def test_rmsprop_is_the_running_average_of_squares(rho, eps):
    X, T = datasets.moons(m=40, seed=3)
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=4)
    expected = rmsprop_fit_by_hand(net, X, T, "bce", 0.01, 5, rho, eps)
    h = train.fit(net, X, T, loss="bce", lr=0.01, epochs=5, optimizer="rmsprop", rho=rho, eps=eps)
    np.testing.assert_allclose(net.params().flat(), expected.params().flat(), rtol=1e-12,
                               atol=1e-15)
    assert h.lr == [0.01] * 5


def test_rmsprop_first_step_is_about_lr_over_sqrt_one_minus_rho():
    # r = (1 - rho) g^2 after one step, so the step is lr g / (sqrt(1 - rho) |g| + eps)
    X, T = datasets.moons(m=40, seed=3)
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=4)
    before = net.params().flat()
    _, g = vectorized.loss_and_grads(net, X, T, "bce")
    train.fit(net, X, T, loss="bce", lr=0.001, epochs=1, optimizer="rmsprop")
    gf = g.flat()
    np.testing.assert_allclose(before - net.params().flat(),
                               0.001 * gf / (np.sqrt(1 - 0.99) * np.abs(gf) + 1e-8), rtol=1e-9)
    np.testing.assert_allclose(before - net.params().flat(), 0.01 * np.sign(gf), rtol=1e-3)


def test_rmsprop_with_minibatches_steps_once_per_batch():
    X, T = datasets.moons(m=40, seed=3)
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=4)
    order = np.random.default_rng(0).permutation(40)         # fit's shuffle for seed=0
    batches = [order[i:i + 10] for i in range(0, 40, 10)]
    expected = rmsprop_fit_by_hand(net, X, T, "bce", 0.02, 4, batches=batches)
    train.fit(net, X, T, loss="bce", lr=0.02, epochs=1, batch_size=10, optimizer="rmsprop")
    np.testing.assert_allclose(net.params().flat(), expected.params().flat(), rtol=1e-12,
                               atol=1e-15)


@pytest.mark.parametrize("alpha, eps", [(0.99, 1e-8), (0.9, 1e-6)])
def test_rmsprop_matches_torch(alpha, eps):
    torch = pytest.importorskip("torch")
    pairs = fit_both(torch, lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=alpha, eps=eps),
                     lr=0.01, optimizer="rmsprop", rho=alpha, eps=eps)
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_nesterov_takes_the_penalty_at_the_look_ahead_point_too():
    # the gradient of J_reg, penalty included, is taken at theta + mu v
    X, T = datasets.moons(m=40, seed=3)
    mu, lr, l2 = 0.8, 0.2, 0.1
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=1)
    by_hand = net.copy()
    params = by_hand.weights + by_hand.biases
    v = [np.zeros_like(p) for p in params]
    for _ in range(3):
        look = by_hand.copy()
        for p, vp in zip(look.weights + look.biases, v):
            p += mu * vp
        _, g = vectorized.loss_and_grads(look, X, T, "bce")
        grads = [gW + l2 * W for gW, W in zip(g.weights, look.weights)] + g.biases
        for p, vp, gp in zip(params, v, grads):
            vp[...] = mu * vp - lr * gp
            p += vp
    train.fit(net, X, T, loss="bce", lr=lr, epochs=3, momentum=mu, nesterov=True, l2=l2)
    np.testing.assert_allclose(net.params().flat(), by_hand.params().flat(), rtol=1e-12,
                               atol=1e-14)
