"""Checks for the coding exercises of chapter 1 (introduction)."""
from __future__ import annotations

from ..mlp import MLP
from ._core import check_array

__all__ = ["ch01_n_params"]

_SIZES = ([2, 3, 1], [784, 256, 10], [5, 1], [3, 4, 4, 2])


def ch01_n_params(n_params) -> None:
    """Check a function ``n_params(sizes)`` that counts the weights and biases of an MLP."""
    if not callable(n_params):
        check_array("n_params", None, 0.0)
    answers = [n_params(list(s)) for s in _SIZES]
    expected = [MLP(list(s), init="zeros").n_params for s in _SIZES]
    weights_only = [sum(a * b for a, b in zip(s[:-1], s[1:])) for s in _SIZES]
    all_units = [e + s[0] for e, s in zip(expected, _SIZES)]
    check_array(f"n_params(sizes) for sizes {', '.join(map(str, _SIZES))}", answers, expected,
                mistakes=[(weights_only, "you counted the weights but not the biases: each non-input "
                                         "unit also has one bias, p_(l+1) per layer"),
                          (all_units, "the input units have no bias: only layers 1..L do")])
