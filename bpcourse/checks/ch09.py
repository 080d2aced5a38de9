"""Checks for the coding exercises of chapter 09: one SGD epoch, and the L2 penalty's gradient."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import datasets, train, vectorized
from ..mlp import MLP, Params
from ._core import _fail, call, check_array, returned

__all__: list[str] = ["ch09_sgd_epoch", "ch09_l2_grads"]


def _flat(net: MLP) -> np.ndarray:
    return net.params().flat()


def _sgd_epoch_variant(net: MLP, X, T, lr: float, batch_size: int, rng, loss: str = "bce",
                       shuffle: bool = True, average: bool = True, sign: float = 1.0,
                       whole_set: bool = False) -> None:
    """One SGD epoch with a usual mistake switched on (``shuffle=False``, ``average=False``, ...)."""
    m = X.shape[0]
    order = rng.permutation(m) if shuffle else np.arange(m)
    for start in range(0, m, batch_size):
        batch = order[start:start + batch_size]
        Xb, Tb = (X, T) if whole_set else (X[batch], T[batch])
        _, g = vectorized.loss_and_grads(net, Xb, Tb, loss)
        scale = 1.0 if average else len(Xb)          # a sum over the batch instead of a mean
        for p, gp in zip(net.weights + net.biases, g.weights + g.biases):
            p -= sign * lr * scale * gp


def _sgd_problem():
    X, T = datasets.moons(m=40, seed=1)
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=1)
    return net, X, T, dict(lr=0.5, batch_size=16, loss="bce", seed=7)


def ch09_sgd_epoch(sgd_epoch: Callable) -> None:
    """Run ``sgd_epoch(net, X, T, lr, batch_size, rng, loss)`` once; compare with ``train.fit(..., epochs=1)``.

    The parameters after one epoch (all of W^(0), b^(0), W^(1), b^(1) in one vector) must equal
    those of ``bpcourse.train.fit`` with the same seed.
    """
    net, X, T, s = _sgd_problem()
    ref = net.copy()
    train.fit(ref, X, T, loss=s["loss"], lr=s["lr"], epochs=1, batch_size=s["batch_size"],
              seed=s["seed"])
    student = net.copy()
    call("sgd_epoch", sgd_epoch, student, X.copy(), T.copy(), s["lr"], s["batch_size"],
         np.random.default_rng(s["seed"]), s["loss"])
    if np.array_equal(_flat(student), _flat(net)):
        _fail("sgd_epoch did not change the network: update net.weights and net.biases in place "
              "(theta -= lr * dtheta), not a copy of them")
    mistakes = []
    for kw, hint in [
            (dict(shuffle=False), "the examples were taken in their stored order: shuffle them "
                                  "first with order = rng.permutation(m) and slice order"),
            (dict(average=False), "each step used the SUM of the batch's gradients: the cost J is "
                                  "the mean over the batch, and loss_and_grads already divides by "
                                  "the batch size, so do not multiply by it"),
            (dict(sign=-1.0), "the update went uphill: subtract lr * gradient (theta <- theta - "
                              "lr * dJ/dtheta)"),
            (dict(whole_set=True), "every step used the whole data set: compute the gradient on "
                                   "X[batch], T[batch] only")]:
        wrong = net.copy()
        _sgd_epoch_variant(wrong, X, T, s["lr"], s["batch_size"],
                           np.random.default_rng(s["seed"]), s["loss"], **kw)
        mistakes.append((_flat(wrong), hint))
    check_array("the parameters after one epoch of sgd_epoch", _flat(student), _flat(ref), mistakes,
                rtol=1e-9, atol=1e-12)


def _l2_problem():
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=3)
    rng = np.random.default_rng(3)
    net.biases = [rng.normal(0, 1, b.shape) for b in net.biases]   # nonzero, so a bias mistake shows
    X, T = datasets.moons(m=10, seed=3)
    _, grads = vectorized.loss_and_grads(net, X, T, "bce")
    return net, grads, 0.1


def ch09_l2_grads(l2_grads: Callable) -> None:
    r"""Check ``l2_grads(net, grads, l2)``: the gradient of $J + \frac{\lambda_2}{2}\sum w^2$.

    Weights get $+\lambda_2 W$, biases are not penalized; compared with ``bpcourse.train``'s rule.
    """
    net, grads, l2 = _l2_problem()
    copy = Params([g.copy() for g in grads.weights], [g.copy() for g in grads.biases])
    got = returned("l2_grads", call("l2_grads", l2_grads, net, copy, l2))
    if not isinstance(got, Params):
        _fail(f"l2_grads: return a bpcourse.Params(weights, biases), got {type(got).__name__}")
    ref = Params([g + l2 * W for g, W in zip(grads.weights, net.weights)], grads.biases)
    mistakes = [
        (Params([g + l2 * W for g, W in zip(grads.weights, net.weights)],
                [g + l2 * b for g, b in zip(grads.biases, net.biases)]).flat(),
         "the biases were penalized too: the penalty (l2/2) sum w^2 covers the weights only, "
         "so leave the bias gradients unchanged"),
        (Params([g - l2 * W for g, W in zip(grads.weights, net.weights)], grads.biases).flat(),
         "wrong sign: the penalty grows with |w|, its gradient l2 * W is ADDED to dJ/dW"),
        (Params([g + 2 * l2 * W for g, W in zip(grads.weights, net.weights)], grads.biases).flat(),
         "a factor 2 too much: the derivative of (l2/2) w^2 is l2 * w"),
        (Params([l2 * W for W in net.weights], [np.zeros_like(g) for g in grads.biases]).flat(),
         "only the penalty's gradient is there: add it to the loss's gradient dJ/dW"),
        (Params([g + W for g, W in zip(grads.weights, net.weights)], grads.biases).flat(),
         "the factor l2 is missing: the penalty's gradient is l2 * W"),
    ]
    if [np.shape(a) for a in got.weights + got.biases] != [np.shape(a) for a in ref.weights + ref.biases]:
        _fail("l2_grads: the returned Params must have the same shapes as grads (one array per "
              "weight matrix and bias vector)")
    check_array("the gradients of l2_grads with the L2 penalty", got.flat(), ref.flat(), mistakes)
