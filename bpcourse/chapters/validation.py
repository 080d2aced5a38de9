"""Chapter 13: training watched on a validation set; early stopping."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import train
from .._validate import positive
from ..draw import plotting
from ..mlp import MLP


@dataclass
class Curves:
    """What ``fit_with_validation`` records, one entry per epoch trained."""

    train: list[float] = field(default_factory=list)       # J on the training set
    validation: list[float] = field(default_factory=list)  # J on the validation set
    best_epoch: int = 0                    # counting from 1; 0 before training
    best_net: MLP | None = None            # a copy at the lowest validation cost

    @property
    def best_validation(self) -> float:
        return self.validation[self.best_epoch - 1]


class _Stop(Exception):
    """Ends training early."""


def best_and_stop(validation: list[float], patience: int) -> tuple[int, int | None]:
    """(first lowest epoch, the epoch ``patience`` after it or None), from 1."""
    best = 1
    for epoch in range(1, len(validation) + 1):
        if validation[epoch - 1] < validation[best - 1]:
            best = epoch
        elif epoch - best >= patience:
            return best, epoch
    return best, None


def fit_with_validation(net: MLP, X, T, X_val, T_val, loss: str,
                        patience: int | None = None, **fit_kw) -> Curves:
    """``train.fit`` recording J on (X_val, T_val); stops ``patience`` epochs
    after the lowest validation J, whose network is then ``best_net``."""
    if patience is not None:
        positive("patience", patience, integer=True)
    curves = Curves()

    def watch(epoch: int, net_: MLP, J: float) -> None:
        curves.train.append(J)
        curves.validation.append(train.vectorized_cost(net_, X_val, T_val, loss))
        if curves.best_epoch == 0 or curves.validation[-1] < curves.best_validation:
            curves.best_epoch, curves.best_net = epoch + 1, net_.copy()
        elif patience is not None and epoch + 1 - curves.best_epoch >= patience:
            raise _Stop

    try:
        train.fit(net, X, T, loss=loss, callback=watch, **fit_kw)
    except _Stop:
        pass
    return curves


def plot_curves(ax, curves: Curves, title: str) -> None:
    """Training and validation J against the epoch (log scale), the best epoch dotted."""
    epochs = np.arange(1, len(curves.train) + 1)
    ax.semilogy(epochs, curves.train, color=plotting.BLUE, label="training")
    ax.semilogy(epochs, curves.validation, color=plotting.VERMILION, label="validation")
    ax.axvline(curves.best_epoch, color="grey", lw=0.8, ls=":",
               label=f"best validation (epoch {curves.best_epoch})")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost J")
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=10)
