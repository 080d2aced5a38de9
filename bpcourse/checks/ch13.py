"""Checks for the coding exercises of chapter 13 (initialization by variance, validation)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..chapters.validation import best_and_stop
from ..mlp import MLP
from ._core import _fail, call, check_array, check_true, returned

__all__ = ["ch13_he_weights", "ch13_early_stopping"]


def ch13_he_weights(W, fan_in: int, fan_out: int, seed: int) -> None:
    """Check He-initialized weights drawn as ``np.random.default_rng(seed).normal(0, std, size)``.

    The reference is the first layer of ``MLP([fan_in, fan_out], init="he", seed=seed)``,
    which draws the same numbers; the hints are the usual wrong standard deviations.
    """
    expected = MLP([fan_in, fan_out], init="he", seed=seed).weights[0]

    def drawn(std: float) -> np.ndarray:
        return np.random.default_rng(seed).normal(0.0, std, size=(fan_out, fan_in))

    mistakes = [
        (drawn(np.sqrt(2.0 / fan_out)), "He's variance uses the fan-in, the number of inputs of "
                                        "each unit (the columns of W), not the fan-out"),
        (drawn(2.0 / fan_in), "normal(0, s) takes the standard deviation s: the square root of "
                              "the variance 2/fan_in"),
        (MLP([fan_in, fan_out], init="xavier", seed=seed).weights[0],
         "this is Xavier's 2/(fan_in + fan_out); He's variance is 2/fan_in"),
        (drawn(np.sqrt(1.0 / fan_in)), "this is the variance 1/fan_in, right for tanh; ReLU zeroes "
                                       "half of z, so He doubles it to 2/fan_in"),
    ]
    check_array("W_he", W, expected, mistakes, rtol=1e-12, atol=0.0)


#: validation curves the early-stopping check tries, with a patience for each
STOPPING_CASES = [
    ([5.0, 4.0, 3.0, 3.5, 3.0, 2.5, 2.6, 2.7, 2.8, 2.9], 2),   # a tie that is not an improvement
    ([5.0, 4.0, 3.0, 3.5, 3.0, 2.5, 2.6, 2.7, 2.8, 2.9], 3),
    ([1.0, 0.9, 0.8, 0.7, 0.6], 2),                            # never stops
    ([0.5, 0.7, 0.9, 1.1], 1),                                 # best at the first epoch
]


def _stop_variant(costs, patience, ties_improve: bool = False, extra: int = 0,
                  zero_based: bool = False):
    """``best_and_stop`` with one usual mistake, for the hints."""
    best, stop = 1, None
    for epoch in range(1, len(costs) + 1):
        better = costs[epoch - 1] <= costs[best - 1] if ties_improve else costs[epoch - 1] < costs[best - 1]
        if better and epoch > 1:
            best = epoch
        elif epoch - best >= patience + extra:
            stop = epoch
            break
    shift = 1 if zero_based else 0
    return best - shift, None if stop is None else stop - shift


def ch13_early_stopping(stopping: Callable) -> None:
    """Check ``stopping(costs, patience) -> (best_epoch, stop_epoch or None)`` on a few curves."""
    hints = [(dict(ties_improve=True), "an equal cost is not an improvement: compare with <, not <="),
             (dict(extra=1), "stop as soon as `patience` epochs have passed without improvement, "
                             "one epoch earlier"),
             (dict(zero_based=True), "count the epochs from 1, as the curves in the chapter do")]
    for costs, patience in STOPPING_CASES:
        expected = best_and_stop(costs, patience)
        got = returned("stopping", call("stopping", stopping, list(costs), patience))
        try:
            got = (int(got[0]), None if got[1] is None else int(got[1]))
        except (TypeError, ValueError, IndexError):
            _fail(f"stopping must return a pair (best_epoch, stop_epoch or None), got {got!r}")
        if got != expected:
            msg = (f"stopping({costs}, patience={patience}) returned {got}, expected {expected}")
            for kw, hint in hints:
                if got == _stop_variant(costs, patience, **kw):
                    msg += f"\nHint: {hint}"
                    break
            _fail(msg)
    check_true("stopping", True, "")
