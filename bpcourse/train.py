"""Training: the loop of lecture 002 (forward, cost, backprop, update), with minibatch SGD.

    for each epoch:                       (one pass through the data, lecture 003)
        shuffle the m examples; split them into minibatches of ``batch_size``
        for each minibatch:
            J, g = loss_and_grads(net, X_batch, T_batch)           forward + backprop
            theta  <-  theta - lr * g                              the update (``sgd``)

Options from lecture 003's list: a learning-rate ``schedule`` (a factor per epoch),
``momentum`` (plain or ``nesterov``) and ``l1`` / ``l2`` penalties on the weights (not the
biases), whose gradient is added to g:

    J_reg = J + l1 * sum |w| + (l2 / 2) * sum w^2,    dJ_reg/dw = dJ/dw + l1 sign(w) + l2 w

Each optimizer is one step function below, as Nielsen's ``update_mini_batch``: it asks for
the gradient g at the parameters as they are, and updates them in place. ``optimizer=
"rmsprop"`` and ``"adam"`` scale each parameter's step by a running average of its g^2 (the
updates of ``torch.optim.RMSprop``, no momentum, and of ``torch.optim.Adam`` without weight
decay; Hinton's lecture 6e, Kingma & Ba 2015). At step t = 1, 2, ... (one per minibatch):

    rmsprop:  r <- rho r + (1 - rho) g^2,         theta <- theta - lr * g / (sqrt(r) + eps)
    adam:     s <- beta1 s + (1 - beta1) g,       r <- beta2 r + (1 - beta2) g^2
              theta <- theta - lr * (s / (1 - beta1^t)) / (sqrt(r / (1 - beta2^t)) + eps)
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import autodiff, losses, scalar, vectorized
from ._validate import (at_most, choice, fraction, function, non_negative, one_per_row, pair,
                        positive)
from .mlp import MLP, check_batch

#: each engine's gradient step for inputs already checked: fit validates once, at the door
METHODS = {"vectorized": vectorized.unchecked_loss_and_grads,
           "scalar": scalar.unchecked_loss_and_grads,
           "autodiff": autodiff.unchecked_loss_and_grads}
Gradient = Callable[[], list]          # g: dJ/dtheta at the parameters as they are now


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


# -- the optimizers: one step each, on the parameter arrays in place -------------------------
@dataclass
class Optimizer:
    """An optimizer's settings and what it carries from one step to the next (per parameter)."""

    params: list[np.ndarray]           # the network's weights and biases, updated in place
    momentum: float = 0.0              # mu
    betas: tuple[float, float] = (0.9, 0.999)
    rho: float = 0.99                  # RMSprop's decay (torch's alpha)
    eps: float = 1e-8
    t: int = 0                         # steps taken (Adam's bias correction)

    def __post_init__(self):
        self.v = [np.zeros_like(p) for p in self.params]   # momentum's velocity
        self.s = [np.zeros_like(p) for p in self.params]   # Adam's average of g
        self.r = [np.zeros_like(p) for p in self.params]   # RMSprop's and Adam's average of g^2


def sgd_step(opt: Optimizer, gradient: Gradient, lr: float) -> None:
    """theta <- theta - lr g."""
    for p, g in zip(opt.params, gradient()):
        p -= lr * g


def momentum_step(opt: Optimizer, gradient: Gradient, lr: float) -> None:
    """v <- mu v - lr g;  theta <- theta + v."""
    for p, v, g in zip(opt.params, opt.v, gradient()):
        v *= opt.momentum
        v -= lr * g
        p += v


def nesterov_step(opt: Optimizer, gradient: Gradient, lr: float) -> None:
    """The momentum step with g taken at the look-ahead point theta + mu v."""
    for p, v in zip(opt.params, opt.v):
        p += opt.momentum * v
    g = gradient()
    for p, v in zip(opt.params, opt.v):
        p -= opt.momentum * v
    momentum_step(opt, lambda: g, lr)


def rmsprop_step(opt: Optimizer, gradient: Gradient, lr: float) -> None:
    """r <- rho r + (1 - rho) g^2;  theta <- theta - lr g / (sqrt(r) + eps)."""
    for p, r, g in zip(opt.params, opt.r, gradient()):
        r *= opt.rho
        r += (1 - opt.rho) * g * g
        p -= lr * g / (np.sqrt(r) + opt.eps)


def adam_step(opt: Optimizer, gradient: Gradient, lr: float) -> None:
    """s <- beta1 s + (1 - beta1) g;  r <- beta2 r + (1 - beta2) g^2;  bias-corrected step."""
    opt.t += 1
    (beta1, beta2), t = opt.betas, opt.t
    for p, s, r, g in zip(opt.params, opt.s, opt.r, gradient()):
        s *= beta1
        s += (1 - beta1) * g
        r *= beta2
        r += (1 - beta2) * g * g
        p -= lr * (s / (1 - beta1 ** t)) / (np.sqrt(r / (1 - beta2 ** t)) + opt.eps)


#: the step of each ``optimizer=`` ("sgd" with a momentum: ``momentum_step``, ``nesterov_step``)
STEPS = {"sgd": sgd_step, "rmsprop": rmsprop_step, "adam": adam_step}


# -- the loop --------------------------------------------------------------------------------
def fit(net: MLP, X, T, loss: str = "half_squared", lr: float = 0.1, epochs: int = 100,
        batch_size: int | None = None, seed: int | None = 0,
        schedule: Callable[[int], float] | None = None, momentum: float = 0.0,
        nesterov: bool = False, l1: float = 0.0, l2: float = 0.0,
        method: str = "vectorized", optimizer: str = "sgd",
        betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, rho: float = 0.99,
        callback: Callable[[int, MLP, float], None] | None = None) -> History:
    """Train ``net`` in place by (minibatch) gradient descent; return the ``History``.

    ``batch_size=None`` means full-batch gradient descent. ``schedule(epoch)`` returns a
    factor for the learning rate in that epoch (epochs count from 0). ``callback(epoch, net,
    loss)`` is called after every epoch (to draw progress or take snapshots). ``optimizer``:
    ``"sgd"`` (with ``momentum``, ``nesterov``), ``"rmsprop"`` (``rho``, ``eps``: torch's
    RMSprop, alpha=0.99, eps=1e-8) or ``"adam"`` (``betas``, ``eps``); see the module docstring.
    """
    X, T = check_batch(net, X, T, loss)
    batch_size = _loop_options(X.shape[0], lr, epochs, batch_size, schedule, method)
    step, opt = _optimizer(net, optimizer, momentum, nesterov, betas, eps, rho)
    reuse = method == "vectorized" and batch_size == X.shape[0] and not nesterov
    objective = Objective(net, X, T, loss, METHODS[method], non_negative("l1", l1),
                          non_negative("l2", l2), reuse)
    rng, history = np.random.default_rng(seed), History()
    for epoch in range(epochs):
        rate = _learning_rate(lr, schedule, epoch)
        for rows in _minibatches(rng, X.shape[0], batch_size):
            step(opt, lambda: objective.gradient(rows), rate)
        J = objective.cost()
        history.loss.append(J)
        history.regularized_loss.append(objective.regularized(J))
        history.lr.append(rate)
        if callback is not None:
            callback(epoch, net, J)
            objective.forward = None                   # the callback may have changed net
    return history


class Objective:
    """J on (X, T) and its gradient g, for ``fit``: the engine's step plus the penalty's.

    Full-batch ``vectorized`` descent reuses the forward pass that measured J after an epoch
    for the next epoch's gradient (``reuse``): the parameters have not changed in between.
    """

    def __init__(self, net: MLP, X: np.ndarray, T: np.ndarray, loss: str, engine: Callable,
                 l1: float, l2: float, reuse: bool):
        self.net, self.X, self.T, self.loss, self.engine = net, X, T, loss, engine
        self.l1, self.l2, self.reuse = l1, l2, reuse
        self.forward = None                            # (Z, A) on all of X, if still current

    def gradient(self, rows) -> list[np.ndarray]:
        """g on the examples ``rows`` (a slice or an index array), weights then biases."""
        net = self.net
        if self.reuse:                                 # full batch: rows is all of X
            Z, A = self.forward or vectorized.forward(net, self.X)
            self.forward = None
            g = vectorized.backward(net, Z, A, self.T, self.loss)
        else:
            g = self.engine(net, self.X[rows], self.T[rows], self.loss)[1]
        grads = g.weights + g.biases
        if self.l1 or self.l2:                         # the penalty's gradient, weights only
            for l, W in enumerate(net.weights):
                grads[l] = grads[l] + self.l1 * np.sign(W) + self.l2 * W
        return grads

    def cost(self) -> float:
        """J on all of X; its forward pass is kept for the next gradient."""
        Z, A = vectorized.forward(self.net, self.X)
        J = checked_cost(self.net, Z, self.T, self.loss)
        self.forward = (Z, A)
        return J

    def regularized(self, J: float) -> float:
        """J_reg = J + the penalty."""
        return J + penalty(self.net, self.l1, self.l2) if self.l1 or self.l2 else J


def _minibatches(rng: np.random.Generator, m: int, batch_size: int) -> list:
    """The rows of each minibatch of one epoch: all of them (a slice), or shuffled batches."""
    if batch_size == m:
        return [slice(None)]
    order = rng.permutation(m)
    return [order[start:start + batch_size] for start in range(0, m, batch_size)]


def _learning_rate(lr: float, schedule, epoch: int) -> float:
    """lr times the schedule's factor for this epoch; refused unless positive and finite."""
    rate = lr * (schedule(epoch) if schedule is not None else 1.0)
    if not (math.isfinite(rate) and rate > 0):
        raise ValueError(f"the schedule gave a learning rate of {rate!r} at epoch {epoch}; "
                         f"it must be positive")
    return rate


def _loop_options(m: int, lr, epochs, batch_size, schedule, method) -> int:
    """Refuse a bad learning rate, epoch count, batch size, schedule or method; the batch size."""
    positive("lr", lr)
    positive("epochs", epochs, integer=True)
    batch_size = m if batch_size is None else positive("batch_size", batch_size, integer=True)
    at_most("batch_size", batch_size, m, "training examples")
    if schedule is not None:
        function("schedule", schedule, "a function of the epoch")
    choice("method", method, METHODS)
    return batch_size


def _optimizer(net: MLP, name: str, mu, nesterov: bool, betas, eps, rho) -> tuple:
    """The step function for ``name`` and its ``Optimizer``, once the options are checked."""
    choice("optimizer", name, STEPS)
    mu = fraction("momentum", mu)
    if nesterov and mu == 0:
        raise ValueError("nesterov=True needs a momentum > 0")
    if name != "sgd" and (mu != 0 or nesterov):
        raise ValueError(f"momentum and nesterov go with optimizer='sgd'; {name} keeps its own "
                         f"moving averages")
    beta1, beta2 = pair("betas", betas, ("beta1", "beta2"))
    opt = Optimizer(net.weights + net.biases, mu, (fraction("beta1", beta1),
                    fraction("beta2", beta2)), fraction("rho", rho), positive("eps", eps))
    if name == "sgd" and mu:
        return (nesterov_step if nesterov else momentum_step), opt
    return STEPS[name], opt


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
    T = one_per_row("T", T, len(Y))
    if Y.shape[1] == 1:
        return float(np.mean((Y > 0.5) == (T.reshape(-1, 1) > 0.5)))
    labels = T.argmax(axis=1) if T.ndim == 2 else T
    return float(np.mean(Y.argmax(axis=1) == labels))
