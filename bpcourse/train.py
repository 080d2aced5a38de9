"""Training: the loop of lecture 002 (forward, cost, backprop, update), with minibatch SGD.

    for each epoch:                       (one pass through the data, lecture 003)
        shuffle the m examples; split them into minibatches of ``batch_size``
        for each minibatch:
            J, grad = loss_and_grads(net, X_batch, T_batch)       forward + backprop
            theta  <-  theta - lr * grad                           the update

Options from lecture 003's list: a learning-rate ``schedule``, ``momentum`` (plain or
``nesterov``) and ``l1`` / ``l2`` penalties on the weights (not the biases):

    J_reg = J + l1 * sum |w| + (l2 / 2) * sum w^2,    dJ_reg/dw = dJ/dw + l1 sign(w) + l2 w

``optimizer="adam"`` replaces the update by Adam's (Kingma & Ba 2015; the updates of
``torch.optim.Adam`` without weight decay), at step t = 1, 2, ... (one per minibatch):

    m <- beta1 m + (1 - beta1) g,        v <- beta2 v + (1 - beta2) g^2
    theta <- theta - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import math

import numpy as np

from . import autodiff, losses, scalar, vectorized
from ._validate import choice, non_negative, positive
from .mlp import MLP, check_batch

#: each engine's gradient step for inputs already checked: fit validates once, at the door
METHODS = {"vectorized": vectorized.unchecked_loss_and_grads,
           "scalar": scalar.unchecked_loss_and_grads,
           "autodiff": autodiff.unchecked_loss_and_grads}
OPTIMIZERS = ("sgd", "adam")


@dataclass
class History:
    """What ``fit`` records, one entry per epoch (after that epoch's updates)."""

    loss: list[float] = field(default_factory=list)     # J on the whole training set
    regularized_loss: list[float] = field(default_factory=list)   # J_reg: J plus the l1/l2 penalty
    lr: list[float] = field(default_factory=list)       # the learning rate used in the epoch

    def __len__(self) -> int:
        return len(self.loss)


def step_decay(drop: float = 0.5, every: int = 10) -> Callable[[int], float]:
    """Schedule: multiply the learning rate by ``drop`` every ``every`` epochs."""
    positive("drop", drop)
    positive("every", every, integer=True)
    return lambda epoch: drop ** (epoch // every)


def exponential_decay(rate: float = 0.05) -> Callable[[int], float]:
    """Schedule: learning rate times $e^{-\\text{rate}\\cdot\\text{epoch}}$."""
    non_negative("rate", rate)
    return lambda epoch: float(np.exp(-rate * epoch))


def penalty(net: MLP, l1: float = 0.0, l2: float = 0.0) -> float:
    """$\\lambda_1 \\sum |w| + \\frac{\\lambda_2}{2} \\sum w^2$ over all weights (biases excluded)."""
    return sum(l1 * np.abs(W).sum() + 0.5 * l2 * (W * W).sum() for W in net.weights)


def fit(net: MLP, X, T, loss: str = "half_squared", lr: float = 0.1, epochs: int = 100,
        batch_size: int | None = None, seed: int | None = 0,
        schedule: Callable[[int], float] | None = None, momentum: float = 0.0,
        nesterov: bool = False, l1: float = 0.0, l2: float = 0.0,
        method: str = "vectorized", optimizer: str = "sgd",
        betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
        callback: Callable[[int, MLP, float], None] | None = None) -> History:
    """Train ``net`` in place by (minibatch) gradient descent; return the ``History``.

    ``batch_size=None`` means full-batch gradient descent. ``schedule(epoch)`` returns a
    factor for the learning rate in that epoch (epochs count from 0). ``callback(epoch, net,
    loss)`` is called after every epoch (to draw progress or take snapshots).
    ``optimizer="adam"`` uses ``betas`` and ``eps`` (see the module's docstring); momentum
    and Nesterov belong to ``optimizer="sgd"``.
    """
    X, T = check_batch(net, X, T, loss)
    positive("lr", lr)
    positive("epochs", epochs, integer=True)
    m = X.shape[0]
    if batch_size is None:
        batch_size = m
    positive("batch_size", batch_size, integer=True)
    if batch_size > m:
        raise ValueError(f"batch_size {batch_size} is larger than the {m} training examples")
    momentum = non_negative("momentum", momentum)
    if momentum >= 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}")
    if nesterov and momentum == 0:
        raise ValueError("nesterov=True needs a momentum > 0")
    l1, l2 = non_negative("l1", l1), non_negative("l2", l2)
    choice("method", method, METHODS)
    choice("optimizer", optimizer, OPTIMIZERS)
    if optimizer == "adam":
        if momentum != 0 or nesterov:
            raise ValueError("momentum and nesterov go with optimizer='sgd'; Adam keeps its own "
                             "moving averages (betas=...)")
        beta1, beta2 = _betas(betas)
        positive("eps", eps)
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function of the epoch, got {schedule!r}")
    loss_and_grads = METHODS[method]

    rng = np.random.default_rng(seed)
    params = net.weights + net.biases                  # updated in place
    velocity = [np.zeros_like(p) for p in params]     # sgd's v, or Adam's first moment m
    second = [np.zeros_like(p) for p in params]       # Adam's second moment v
    t = 0                                              # Adam's step count
    L = len(net.weights)
    # Full-batch vectorized descent reuses the forward pass that measured J after an epoch
    # for the next epoch's gradient: the parameters have not changed in between.
    reuse_forward = method == "vectorized" and batch_size == m and not nesterov
    last_forward = None                                # (Z, A) on all of X, if still current
    history = History()
    for epoch in range(epochs):
        rate = lr * (schedule(epoch) if schedule is not None else 1.0)
        if not (np.isfinite(rate) and rate > 0):
            raise ValueError(f"the schedule gave a learning rate of {rate!r} at epoch {epoch}; "
                             f"it must be positive")
        order = rng.permutation(m) if batch_size < m else None
        for start in range(0, m, batch_size):
            batch = slice(None) if order is None else order[start:start + batch_size]
            if nesterov:                               # gradient at the look-ahead point
                for p, v in zip(params, velocity):
                    p += momentum * v
            if reuse_forward:
                Z, A = last_forward or vectorized.forward(net, X)
                g = vectorized.backward(net, Z, A, T, loss)
            else:
                _, g = loss_and_grads(net, X[batch], T[batch], loss)
            if nesterov:
                for p, v in zip(params, velocity):
                    p -= momentum * v
            grads = g.weights + g.biases
            if l1 or l2:
                for l in range(L):                     # the penalty's gradient, weights only
                    W = net.weights[l]
                    grads[l] = grads[l] + l1 * np.sign(W) + l2 * W
            if optimizer == "adam":
                t += 1
                for p, m1, m2, gp in zip(params, velocity, second, grads):
                    m1 *= beta1                        # m <- beta1 m + (1 - beta1) g
                    m1 += (1 - beta1) * gp
                    m2 *= beta2                        # v <- beta2 v + (1 - beta2) g^2
                    m2 += (1 - beta2) * gp * gp
                    p -= rate * (m1 / (1 - beta1 ** t)) / (np.sqrt(m2 / (1 - beta2 ** t)) + eps)
            elif momentum:
                for p, v, gp in zip(params, velocity, grads):
                    v *= momentum                      # v <- mu v - lr grad
                    v -= rate * gp
                    p += v                             # theta <- theta + v
            else:
                for p, gp in zip(params, grads):       # the same as above with mu = 0
                    p -= rate * gp
        Z, A = vectorized.forward(net, X)
        J = checked_cost(net, Z, T, loss)
        history.loss.append(J)
        history.regularized_loss.append(J + penalty(net, l1, l2) if l1 or l2 else J)
        history.lr.append(rate)
        last_forward = (Z, A)
        if callback is not None:
            callback(epoch, net, J)
            last_forward = None                        # the callback may have changed net
    return history


def _betas(betas) -> tuple[float, float]:
    """Adam's (beta1, beta2), each a number in [0, 1)."""
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
        raise TypeError(f"betas must be a pair of numbers (beta1, beta2), got {betas!r}")
    for name, b in zip(("beta1", "beta2"), betas):
        non_negative(name, b)
        if b >= 1:
            raise ValueError(f"{name} must be in [0, 1), got {b!r}")
    return float(betas[0]), float(betas[1])


def vectorized_cost(net: MLP, X: np.ndarray, T: np.ndarray, loss: str) -> float:
    """J on (X, T), already checked; NaN or inf is refused: did training diverge?"""
    Z, _ = vectorized.forward(net, X)
    return checked_cost(net, Z, T, loss)


def checked_cost(net: MLP, Z: list, T: np.ndarray, loss: str) -> float:
    """J from a forward pass's Z; NaN or inf is refused: did training diverge?"""
    J = losses.cost(loss, Z[-1], T, net.output)
    if not math.isfinite(J):
        net.check_params()                             # names the layer if a parameter is bad
        raise ValueError(f"the loss J is NaN or inf ({J}): did training diverge? try a smaller "
                         f"learning rate")
    return J


def accuracy(net: MLP, X, T) -> float:
    """The share of examples classified right.

    One output unit: y > 0.5 against t > 0.5 (T of shape (m, 1) or (m,)). K output units: the
    largest output against the target class (T one-hot of shape (m, K), or labels of shape (m,)).
    """
    Y = net.forward(X)
    T = np.asarray(T)
    if T.ndim not in (1, 2) or len(T) != len(Y):
        raise ValueError(f"T must hold one target per example of X: {len(Y)} rows, got shape "
                         f"{T.shape}")
    if Y.shape[1] == 1:
        return float(np.mean((Y > 0.5) == (T.reshape(-1, 1) > 0.5)))
    labels = T.argmax(axis=1) if T.ndim == 2 else T
    return float(np.mean(Y.argmax(axis=1) == labels))
