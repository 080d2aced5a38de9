"""Checks for the coding exercises of chapter 1 (introduction)."""
from __future__ import annotations

from ..mlp import MLP
from ._core import call, check_array, returned

__all__ = ["ch01_n_params"]

#: no two layers of equal width next to each other, first and last widths differ
_SIZES = ([2, 3, 1], [784, 256, 10], [5, 1], [3, 4, 6, 2])


def ch01_n_params(n_params) -> None:
    """Check a function ``n_params(sizes)`` that counts the weights and biases of an MLP."""
    answers = [returned("n_params", call("n_params", n_params, list(s))) for s in _SIZES]
    expected = [MLP(list(s), init="zeros").n_params for s in _SIZES]
    weights = [sum(a * b for a, b in zip(s[:-1], s[1:])) for s in _SIZES]
    mistakes = [
        (weights, "you counted the weights but not the biases: each non-input unit also has "
                  "one bias, p_(l+1) per layer"),
        ([e + s[0] for e, s in zip(expected, _SIZES)],
         "the input units have no bias: only layers 1..N do"),
        ([w + sum(s[:-1]) for w, s in zip(weights, _SIZES)],
         "a layer's biases belong to the units it feeds: p_(l+1) biases per layer, not p_l"),
    ]
    check_array(f"n_params for {', '.join(map(str, _SIZES))}", answers, expected,
                mistakes)
