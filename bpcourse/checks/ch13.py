"""Checks for the coding exercises of chapter 13 (initialization by variance, validation)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..chapters.validation import best_and_stop
from ._core import call_watched, _fail, passed, refuse_package, returned
from ._watch import Hidden, new_seed

__all__ = ["ch13_he_weights", "ch13_early_stopping"]


#: (fan_in, fan_out, seed) of the layers the He check draws
HE_CASES = [(50, 20, 3), (20, 300, 0), (784, 100, 12345)]


def _he_statistics(what: str, W: np.ndarray, fan_in: int) -> None:
    """Fail unless W looks like independent N(0, 2/fan_in) draws; name the variance it has."""
    n = W.size
    std, he = W.std(), np.sqrt(2.0 / fan_in)
    if np.unique(W).size < n:
        _fail(f"{what}: {n - np.unique(W).size} entries repeat others\nHint: draw every entry "
              f"independently, in one call rng.normal(0, std, size=(fan_out, fan_in))")
    if abs(W.mean()) > 5 * std / np.sqrt(n):
        _fail(f"{what}: the mean of the entries is {W.mean():.3g}, not near 0\nHint: "
              f"normal(0, std) is centred on 0; its first argument is the mean, the second "
              f"the standard deviation")
    for axis in (0, 1):                       # neighbours along a column, along a row
        a, b = np.moveaxis(W, axis, 0)[:-1].ravel(), np.moveaxis(W, axis, 0)[1:].ravel()
        if abs(np.corrcoef(a, b)[0, 1]) > 5 / np.sqrt(a.size):
            _fail(f"{what}: neighbouring entries are correlated "
                  f"({np.corrcoef(a, b)[0, 1]:+.2f})\nHint: draw every entry independently")
    tol = 5 / np.sqrt(2 * n)                  # 5 standard errors of a sample std
    if abs(std / he - 1) <= tol:
        return
    fan_out = W.shape[0]
    named = [(np.sqrt(2.0 / fan_out), "He's variance uses the fan-in, the number of inputs "
                                      "of each unit (the columns of W), not the fan-out"),
             (2.0 / fan_in, "normal(0, s) takes the standard deviation s: the square root of "
                            "the variance 2/fan_in"),
             (np.sqrt(2.0 / (fan_in + fan_out)), "this is Xavier's 2/(fan_in + fan_out); He's "
                                                 "variance is 2/fan_in"),
             (np.sqrt(1.0 / fan_in), "this is the variance 1/fan_in, right for tanh; ReLU "
                                     "zeroes half of z, so He doubles it to 2/fan_in")]
    msg = (f"{what}: the entries have standard deviation {std:.3g}, "
           f"{std / he:.2f} times He's sqrt(2/fan_in)")
    hint = next((h for s, h in named if abs(std / s - 1) <= tol), None)
    _fail(msg + "\nHint: " + (hint or f"the variance should be 2/fan_in = {2 / fan_in:.3g}; "
                                        f"yours is {std ** 2:.3g}"))


def ch13_he_weights(he_weights: Callable) -> None:
    """Check ``he_weights(fan_in, fan_out, seed)``: He-initialized weights of one layer.

    Any correct draw passes, not one random stream: on several layer sizes and seeds the
    answer must have the shape (fan_out, fan_in), distinct entries with a mean near 0, no
    correlation between neighbours and a standard deviation within 5 standard errors of
    sqrt(2/fan_in); the same seed must give the same matrix and another seed another one.
    Drawing it with ``MLP(..., init="he")`` is refused. The hints name the variance a wrong
    standard deviation matches (fan-out, the variance as std, Xavier, 1/fan_in).
    """
    name = "he_weights"
    for fan_in, fan_out, seed in HE_CASES:
        what = f"{name}({fan_in}, {fan_out}, {seed})"
        got, called = call_watched(name, he_weights, fan_in, fan_out, seed)
        refuse_package(name, called, "draw the weights with rng.normal")
        returned(name, got)
        try:
            W = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            _fail(f"{what}: expected an array of numbers, got {type(got).__name__}\nHint: "
                  f"return the matrix rng.normal(...) draws")
        if W.shape != (fan_out, fan_in):
            hint = ("one row per unit, as for every W^(l): (fan_out, fan_in), not "
                    "(fan_in, fan_out)" if W.shape == (fan_in, fan_out)
                    else "W has one row per unit and one column per input")
            _fail(f"{what}: shape {W.shape}, expected ({fan_out}, {fan_in})\nHint: {hint}")
        _he_statistics(what, W, fan_in)
        again = np.asarray(call_watched(name, he_weights, fan_in, fan_out, seed)[0])
        if again.shape != W.shape or not np.array_equal(again, W):
            _fail(f"{what}: a second call with the same seed gave another matrix\nHint: make "
                  f"the generator inside the function, rng = np.random.default_rng(seed), "
                  f"so the seed decides the draw")
        other = np.asarray(call_watched(name, he_weights, fan_in, fan_out, seed + 1)[0])
        if other.shape == W.shape and np.array_equal(other, W):
            _fail(f"{what}: seeds {seed} and {seed + 1} gave the same matrix\nHint: draw from "
                  f"np.random.default_rng(seed), with the seed the function is given")
    passed(name)


#: validation curves the early-stopping check tries, with a patience for each
STOPPING_CASES = [
    ([2.0, 1.0, 1.5, 1.4, 1.3, 1.2, 1.1, 0.9, 1.0], 4),        # falls, but not below the best
    ([5.0, 4.0, 3.0, 3.5, 3.0, 2.5, 2.6, 2.7, 2.8, 2.9], 2),   # a tie that is not an improvement
    ([5.0, 4.0, 3.0, 3.5, 3.0, 2.5, 2.6, 2.7, 2.8, 2.9], 3),
    ([1.0, 0.9, 0.8, 0.7, 0.6], 2),                            # never stops
    ([0.5, 0.7, 0.9, 1.1], 1),                                 # best at the first epoch
    ([3.0, 2.0, 2.5, 2.6], 2),                                 # stops at the last epoch
    ([4.0, 3.0, 3.2, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, 2.7], 5),
]


def _stop_variant(costs, patience, ties_improve: bool = False, extra: int = 0,
                  zero_based: bool = False, previous: bool = False, run_on: bool = False):
    """``best_and_stop`` with one usual mistake, for the hints: ``<=`` for ``<``, stopping
    ``extra`` epochs late, epochs from 0, comparing with the previous epoch instead of the
    best, or scanning on to the end of the list for the best epoch."""
    best, last_better, stop = 1, 1, None
    for epoch in range(1, len(costs) + 1):
        c = costs[epoch - 1]
        ref = costs[epoch - 2] if previous and epoch > 1 else costs[best - 1]
        if epoch > 1 and (c < ref or (ties_improve and c == ref)):
            last_better = epoch
            best = epoch if c < costs[best - 1] or ties_improve else best
        elif epoch - (last_better if previous else best) >= patience + extra:
            stop = epoch
            break
    if run_on:
        best = int(np.argmin(costs)) + 1
    shift = 1 if zero_based else 0
    return best - shift, None if stop is None else stop - shift


STOPPING_HINTS = [
    (dict(ties_improve=True), "an equal cost is not an improvement: compare with <, not <="),
    (dict(extra=1), "stop as soon as `patience` epochs have passed without improvement, "
                    "one epoch earlier"),
    (dict(extra=-1), "stop when `patience` epochs have passed after the best one, one epoch "
                     "later"),
    (dict(zero_based=True), "count the epochs from 1, as the curves in the chapter do"),
    (dict(previous=True), "compare each cost with the best cost so far, not with the previous "
                          "epoch's: a cost that falls but stays above the best is no improvement"),
    (dict(run_on=True), "`best` is the best epoch when training stops; the epochs after the "
                        "stop are never trained"),
]


def _what_differs(got, expected, patience: int) -> str:
    """Which part of (best, stop) is wrong, without giving the right one."""
    if got[0] != expected[0]:
        return (f"best = {got[0]} is not the first epoch with the lowest cost among the "
                f"epochs trained before stopping")
    if expected[1] is None:
        return (f"best is right; but no epoch of this list comes {patience} epochs after "
                f"the best one, so stop must be None")
    if got[1] is None:
        return "best is right; but training stops within this list, so stop is an epoch"
    late = got[1] - expected[1]
    return (f"best is right; stop = {got[1]} is {abs(late)} epoch(s) too "
            f"{'late' if late > 0 else 'early'}")


def ch13_early_stopping(stopping: Callable) -> None:
    """Check ``stopping(costs, patience) -> (best_epoch, stop_epoch or None)`` on a few curves.

    Curves and patiences vary (ties, never stopping, a best first epoch, a cost that falls but
    not below the best, a stop at the last epoch); calling the chapter's helper is refused.
    """
    for costs, patience in STOPPING_CASES:
        expected = best_and_stop(costs, patience)
        got, called = call_watched("stopping", stopping, list(costs), patience)
        refuse_package("stopping", called, "write the rule")
        got = returned("stopping", got)
        try:
            got = (int(got[0]), None if got[1] is None else int(got[1]))
        except (TypeError, ValueError, IndexError):
            _fail(f"stopping must return a pair (best_epoch, stop_epoch or None), got {got!r}")
        if got != expected:
            hint = next((h for kw, h in STOPPING_HINTS
                         if got == _stop_variant(costs, patience, **kw)), None)
            _fail(f"stopping({costs}, patience={patience}) returned {got}\nHint: "
                  + (hint or _what_differs(got, expected, patience)))
    passed("stopping")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _draw_he(rng) -> list:
    return [(int(rng.integers(20, 800)), int(rng.integers(20, 300)), new_seed(rng)) for _ in range(3)]


def _draw_stopping(rng) -> list:
    cases = []
    for _ in range(6):
        steps = rng.normal(-0.25, 0.4, size=int(rng.integers(4, 13)))
        costs = np.round(3.0 + np.cumsum(steps), 1)       # one decimal: ties happen
        cases.append(([float(c) for c in costs], int(rng.integers(1, 5))))
    return cases


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch13_he_weights": Hidden("HE_CASES", _draw_he, (), "3 other layer sizes and seeds"),
    "ch13_early_stopping": Hidden("STOPPING_CASES", _draw_stopping, (),
                                  "6 other validation curves (ties included) and patiences"),
}
