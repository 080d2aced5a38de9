"""Checks for the coding exercises of chapter 04 (expressive power and universality).

- ``ch04_pattern_detectors(W, b)``: the hidden layer of the truth-table construction.
- ``ch04_parity_counting(net, D)``: a shallow parity network with D counting units.

Each evaluates the answer on every input pattern and names the first pattern that goes wrong;
the hints are found by building the usual wrong answers from the same D and comparing.
"""
from __future__ import annotations

import numpy as np

from .. import activations
from ..chapters.constructions import all_patterns, parity
from ..mlp import MLP
from ._core import NotAnswered, answered, check_true

__all__ = ["ch04_pattern_detectors", "ch04_parity_counting"]


def _fmt(p) -> str:
    return "(" + ", ".join(f"{int(v):+d}" for v in p) + ")"


def ch04_pattern_detectors(W, b, D: int, names=("W_pat", "b_pat")) -> None:
    """Check the hidden layer of the truth-table network for D inputs: W (2^D, D), b (2^D,).

    Unit i must fire (step(w_i . x + b_i) = 1) for the i-th row of ``all_patterns(D)`` and for
    no other input, so the hidden activations over all patterns form the identity matrix.
    """
    name = "the pattern-detector layer"
    for label, value in zip(names, (W, b)):
        answered(label, value, "set it in the exercise cell above and run that cell")
    n = 2 ** D
    try:
        W = np.asarray(W, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        check_true(name, False, f"expected arrays of numbers, got {type(W).__name__} and "
                                f"{type(b).__name__}")
    if W.shape == (D, n) and b.shape == (n,):
        check_true(name, False, f"W has shape {W.shape}, the transpose of ({n}, {D}): one row "
                                f"per pattern, one column per input")
    if W.shape != (n, D) or b.shape != (n,):
        check_true(name, False, f"for D = {D} inputs W must have shape ({n}, {D}) (one row per "
                                f"pattern) and b shape ({n},); got {W.shape} and {b.shape}")
    P = all_patterns(D)
    H = activations.step(P @ W.T + b)                  # row k: which units fire for pattern k
    if np.array_equal(H, np.eye(n)):
        print(f"✓ {name} (D = {D}): correct; each pattern fires its own unit.")
        return
    k = int(np.argmax(np.any(H != np.eye(n), axis=1)))
    fired = [int(i) for i in np.flatnonzero(H[k])]
    msg = (f"input pattern {_fmt(P[k])} (row {k} of all_patterns({D})) makes "
           + (f"unit(s) {fired} fire" if fired else "no unit fire")
           + f"; only unit {k} should fire.")
    msg += "\nHint: " + _pattern_hint(W, b, H, P)
    check_true(name, False, msg)


def _pattern_hint(W, b, H, P) -> str:
    n, D = W.shape
    step = activations.step
    wrong = [
        (np.full(n, -float(D)), "with bias -D the matching pattern's net input is exactly "
         "D - D = 0, and step(0) = 0: nothing fires. Lower the threshold by 1/2: b = -(D - 1/2)."),
        (np.zeros(n), "with bias 0 every unit fires whenever the input agrees with its pattern in "
         "more entries than it disagrees. The bias must leave only a perfect match "
         "(net input D) positive: b = -(D - 1/2)."),
        (np.full(n, D - 0.5), "the bias has the wrong sign: with b = +(D - 1/2) every unit fires "
         "for every input. The threshold must be subtracted: b = -(D - 1/2)."),
    ]
    for b_wrong, hint in wrong:
        if np.array_equal(H, step(P @ P.T + b_wrong)):
            return hint
    if np.all((W == 0) | (W == 1)):
        return ("the weights look like 0/1 bits; the inputs are -1/+1, so the weights of unit i "
                "are the i-th pattern itself, with -1 entries (e.g. the lecture's (-1, 1, -1)).")
    if np.all(H.sum(axis=1) == 1) and np.all(H.sum(axis=0) == 1):
        return ("every pattern fires exactly one unit, but not in the order of all_patterns(D): "
                "row i of W must be row i of all_patterns(D).")
    return ("unit i needs weights w_i = the i-th pattern (entries -1/+1) and bias -(D - 1/2): "
            "its net input w_i . x - (D - 1/2) is 1/2 for x = w_i and at most -3/2 otherwise.")


def ch04_parity_counting(net, D: int, name_net: str = "net_par") -> None:
    """Check a shallow parity network: MLP [D, at most D hidden units, 1] computing ``parity``.

    It is evaluated on all 2^D patterns of {-1,+1}^D; parity is 1 when the number of +1 inputs is
    odd, else 0.
    """
    name = f"the counting parity network (D = {D})"
    answered(name_net, net, "build the network in the exercise cell above and run that cell")
    if not isinstance(net, MLP):
        check_true(name, False, f"expected a bpcourse.MLP, got {type(net).__name__}")
    if net.sizes[0] != D or net.sizes[-1] != 1:
        check_true(name, False, f"the network must take D = {D} inputs and give 1 output; "
                                f"its sizes are {net.sizes}")
    if len(net.sizes) != 3 or net.sizes[1] > D:
        check_true(name, False, f"build one hidden layer of at most D = {D} units (sizes "
                                f"[{D}, {D}, 1]); the network has sizes {net.sizes}")
    if not any(np.any(a) for a in net.weights + net.biases):
        raise NotAnswered(f"{name_net} is not answered yet: its weights and biases are still "
                          f"zero; set {name_net}.weights and {name_net}.biases in the exercise "
                          f"cell above and run that cell")
    P = all_patterns(D)
    t = parity(P)[:, 0]
    y = net.forward(P)[:, 0]
    ok = np.isclose(y, t, atol=1e-6)
    if np.all(ok):
        print(f"✓ {name}: correct on all {2 ** D} patterns.")
        return
    k = int(np.argmin(ok))
    count = int((P[k] > 0).sum())
    msg = (f"input pattern {_fmt(P[k])} ({count} entries are +1) gives {y[k]:.6g}, "
           f"expected parity {t[k]:.0f}; {int((~ok).sum())} of {2 ** D} patterns are wrong.")
    msg += "\nHint: " + _parity_hint(y, P, D)
    check_true(name, False, msg)


def _parity_hint(y, P, D) -> str:
    s = (P > 0).sum(axis=1)                            # number of +1 inputs
    k = np.arange(1, D + 1)
    signs = (-1.0) ** (k + 1)
    fires = s[:, None] >= k                            # h_k = [s >= k]
    fires_strict = s[:, None] > k                      # threshold k instead of k - 1/2
    if np.allclose(y, fires @ np.ones(D)):
        return ("the output counts the +1 inputs instead of alternating: give the output weights "
                "+1, -1, +1, ... so that h_1 - h_2 + h_3 - ... is 1 for odd counts and 0 for even.")
    if np.allclose(y, fires_strict @ signs):
        return ("each unit fires one count too late: with net input s - k at s = k, step(0) = 0. "
                "Use the threshold k - 1/2, i.e. bias -(k - 1/2) on the count.")
    if np.allclose(y, 1 - fires @ signs):
        return ("the output is inverted (1 for an even count): keep the bias of the output 0 and "
                "give the output weights +1, -1, +1, ... starting with +1 for h_1.")
    if np.allclose(y, fires @ -signs):
        return "the output weights have the wrong signs: start with +1 for the unit h_1."
    return ("let unit k fire when at least k inputs are +1: with bits u = (x + 1)/2 its net input "
            "is sum_j u_j - (k - 1/2), i.e. weights 1/2 on each x_j and bias D/2 - (k - 1/2); "
            "the output is h_1 - h_2 + h_3 - ...")
