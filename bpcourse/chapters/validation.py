"""Chapter 13: overfitting seen on held-out data, early stopping, and what L2 does to it.

- ``fit_with_validation``: ``train.fit`` that also records the cost on a validation set after
  every epoch, keeps a copy of the network at its best validation epoch, and can stop early
  after ``patience`` epochs without improvement;
- ``Curves``: the two curves and the best epoch;
- ``best_and_stop``: the early-stopping rule on a list of validation costs;
- ``plot_curves``: training and validation cost against the epoch, the best epoch marked.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import losses, train, vectorized
from ..draw import plotting
from ..mlp import MLP, check_batch


@dataclass
class Curves:
    """What ``fit_with_validation`` records, one entry per epoch trained."""

    train: list[float] = field(default_factory=list)       # J on the training set
    validation: list[float] = field(default_factory=list)  # J on the validation set
    best_epoch: int = 0                                    # counting from 1; 0 before training
    best_net: MLP | None = None                            # a copy at the best validation cost
    stopped_early: bool = False

    @property
    def best_validation(self) -> float:
        return self.validation[self.best_epoch - 1]


class _Stop(Exception):
    """Raised by the callback to end training early."""


def cost(net: MLP, X, T, loss: str) -> float:
    """$J$ of ``net`` on (X, T)."""
    Z, _ = vectorized.forward(net, X)
    return losses.cost(loss, Z[-1], T, net.output)


def best_and_stop(validation, patience: int) -> tuple[int, int | None]:
    """The best epoch (the first lowest cost, counting from 1) and the epoch at which early
    stopping with ``patience`` ends training: the first epoch ``patience`` epochs after the best
    one seen so far, or None if training runs to the end of the list."""
    if isinstance(patience, bool) or not isinstance(patience, int) or patience < 1:
        raise ValueError(f"patience must be a positive whole number of epochs, got {patience!r}")
    costs = np.asarray(validation, dtype=np.float64)
    if costs.ndim != 1 or costs.size == 0:
        raise ValueError(f"validation must be a non-empty list of costs, got shape {costs.shape}")
    best = 1
    for epoch in range(1, costs.size + 1):
        if costs[epoch - 1] < costs[best - 1]:
            best = epoch
        elif epoch - best >= patience:
            return best, epoch
    return best, None


def fit_with_validation(net: MLP, X, T, X_val, T_val, loss: str, patience: int | None = None,
                        **fit_kw) -> Curves:
    """Train ``net`` in place with ``train.fit(net, X, T, loss=loss, **fit_kw)``, watching (X_val, T_val).

    With ``patience=p``, training stops once the validation cost has not improved for p
    epochs (early stopping); ``best_net`` is then the network to keep. ``net`` itself is left
    as it was at the last epoch trained.
    """
    X, T = check_batch(net, X, T, loss)
    X_val, T_val = check_batch(net, X_val, T_val, loss)
    if patience is not None:
        best_and_stop([0.0], patience)                 # refuses a bad patience before training
    if "callback" in fit_kw:
        raise ValueError("fit_with_validation uses fit's callback itself; pass no callback=")
    curves = Curves()

    def watch(epoch: int, net_: MLP, J: float) -> None:
        curves.train.append(J)
        curves.validation.append(cost(net_, X_val, T_val, loss))
        if curves.best_epoch == 0 or curves.validation[-1] < curves.best_validation:
            curves.best_epoch, curves.best_net = epoch + 1, net_.copy()
        elif patience is not None and best_and_stop(curves.validation, patience)[1] is not None:
            curves.stopped_early = True
            raise _Stop

    try:
        train.fit(net, X, T, loss=loss, callback=watch, **fit_kw)
    except _Stop:
        pass
    return curves


def plot_curves(ax, curves: Curves, title: str | None = None, mark_best: bool = True) -> None:
    """Training and validation cost against the epoch (log scale), the best validation epoch dotted."""
    epochs = np.arange(1, len(curves.train) + 1)
    ax.semilogy(epochs, curves.train, color=plotting.BLUE, label="training")
    ax.semilogy(epochs, curves.validation, color=plotting.VERMILION, label="validation")
    if mark_best:
        ax.axvline(curves.best_epoch, color="grey", lw=0.8, ls=":",
                   label=f"best validation (epoch {curves.best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost J")
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
