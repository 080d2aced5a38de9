"""Checks for the coding exercises of chapter 1 (introduction)."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

from .. import mlp
from ..mlp import MLP
from ._core import CheckFailed, call, compare, passed, returned
from ._watch import Hidden

__all__ = ["ch01_n_params"]

#: 2 to 5 layers; no two neighbouring widths equal, first and last differ, widths of 1
_SIZES = ([2, 3, 1], [784, 256, 10], [5, 1], [3, 4, 6, 2], [1, 7, 9, 1, 4])


@contextmanager
def without_mlp(name: str, reason: str) -> Iterator[None]:
    """While the student's code runs, building an ``MLP`` (and so every engine's forward
    pass) or calling ``forward_pass`` (from any bpcourse module that imported it) fails with
    ``name: reason``."""
    def refuse(*args, **kwargs):
        raise CheckFailed(f"{name}: {reason}")
    original = mlp.forward_pass
    holders = [m for key, m in list(sys.modules.items()) if key.startswith("bpcourse")
               and getattr(m, "forward_pass", None) is original]
    saved_init = MLP.__init__
    MLP.__init__ = refuse
    for module in holders:
        module.forward_pass = refuse
    try:
        yield
    finally:
        MLP.__init__ = saved_init
        for module in holders:
            module.forward_pass = original


def _count(sizes: list[int], weights: bool = True, biases: str = "out") -> int:
    """Weights p_(l+1) p_l of every layer and biases p_(l+1) ("out"), p_l ("in"),
    one per unit ("all") or none ("")."""
    pairs = list(zip(sizes[:-1], sizes[1:]))
    n = sum(a * b for a, b in pairs) if weights else 0
    return n + {"out": sum(sizes[1:]), "in": sum(sizes[:-1]), "all": sum(sizes), "": 0}[biases]


def _on_error(e: Exception) -> str | None:
    """The hint for an index past the end: the count assumed a number of layers."""
    if isinstance(e, IndexError):
        return ("sizes may have any length from 2: go over the pairs of neighbouring widths, "
                "e.g. zip(sizes[:-1], sizes[1:])")
    return None


def ch01_n_params(n_params) -> None:
    """Check a function ``n_params(sizes)`` that counts the weights and biases of an MLP.

    It is called on every list of widths in ``_SIZES`` (2 to 5 layers) and may not build an
    ``MLP`` (the exercise asks to count).
    """
    mistakes = [("", "you counted the weights but not the biases: each non-input unit also "
                     "has one bias, p_(l+1) per layer"),
                ("all", "the input units have no bias: only layers 1..N do"),
                ("in", "a layer's biases belong to the units it feeds: p_(l+1) biases per "
                       "layer, not p_l")]
    right = []
    for sizes in _SIZES:
        with without_mlp("n_params", "it builds an MLP; the exercise asks you to count "
                                     "the parameters from the widths, without MLP"):
            got = returned("n_params", call("n_params", n_params, list(sizes),
                                            on_error=_on_error))
        otherwise = ((f"n_params is right for {right[-1]} but not for {sizes}: " if right
                      else "") + "count, for every pair of neighbouring widths p_l, p_(l+1) "
                     "of its argument, p_(l+1) p_l weights and p_(l+1) biases")
        compare(f"n_params({sizes})", got, _count(sizes),
                [(_count(sizes, biases=b), hint) for b, hint in mistakes], rtol=0, atol=0,
                otherwise=otherwise)
        right.append(sizes)
    passed(f"n_params for {len(_SIZES)} networks of 2 to 5 layers")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _draw_widths(rng) -> tuple:
    """2 to 6 layers, no two neighbouring widths equal, first and last different."""
    cases = []
    while len(cases) < 5:
        sizes = [int(p) for p in rng.integers(1, 1000, int(rng.integers(2, 7)))]
        if sizes[0] != sizes[-1] and all(a != b for a, b in zip(sizes, sizes[1:])):
            cases.append(sizes)
    return tuple(cases)


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch01_n_params": Hidden("_SIZES", _draw_widths, (), "5 other networks of 2 to 6 layers"),
}
