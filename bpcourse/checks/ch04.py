"""Checks for the coding exercises of chapter 04 (expressive power and universality).

- ``ch04_pattern_detectors(pattern_layer)``: the hidden layer of the truth-table construction,
  ``pattern_layer(D) -> (W, b)``, for D = 1 .. 5.
- ``ch04_parity_counting(counting_parity)``: a shallow parity network with D counting units,
  ``counting_parity(D) -> MLP``, for D = 1 .. 6.

Each evaluates the answer on every input pattern and names the D and the first pattern that go
wrong; the hints are found by building the usual wrong answers from the same D and comparing.
"""
from __future__ import annotations

import inspect
from types import CodeType

import numpy as np

from .. import activations
from ..chapters.constructions import all_patterns, parity
from ..mlp import MLP
from ._core import CheckFailed, NotAnswered, call, passed
from ._watch import Hidden

__all__ = ["ch04_pattern_detectors", "ch04_parity_counting"]


def _names(code: CodeType) -> set[str]:
    """The global, attribute and closure names a function's code (and the code nested in it)
    uses."""
    names = set(code.co_names) | set(code.co_freevars)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _names(const)
    return names


def _calls(function, name: str) -> bool:
    """Whether ``function`` names ``name`` or a global or closure variable bound to a
    function of that name (an alias)."""
    function = inspect.unwrap(function)                # the student's own, if watched
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    names = _names(code)
    values = [function.__globals__.get(n) for n in names]
    for cell in function.__closure__ or ():
        try:
            values.append(cell.cell_contents)
        except ValueError:                             # a closure variable not set yet
            pass
    return name in names or any(getattr(v, "__name__", None) == name for v in values)


def _fmt(p) -> str:
    return "(" + ", ".join(f"{int(v):+d}" for v in p) + ")"


def ch04_pattern_detectors(pattern_layer, Ds: tuple[int, ...] = (1, 2, 3, 4, 5)) -> None:
    """Check ``pattern_layer(D) -> (W, b)``, the hidden layer of the truth-table network for D
    inputs, W (2^D, D) and b (2^D,), for every D in ``Ds``.

    Unit i must fire (step(w_i . x + b_i) = 1) for the i-th row of ``all_patterns(D)`` and for
    no other input, so the hidden activations over all patterns form the identity matrix. A
    function that calls the chapter's ``truth_table_network`` (whose first layer this is) is
    refused.
    """
    if _calls(pattern_layer, "truth_table_network"):
        raise CheckFailed("pattern_layer: it calls the chapter's truth_table_network, whose "
                          "first layer is the answer; build W and b from all_patterns(D)")
    right: list[int] = []
    for D in Ds:
        out = call("pattern_layer", pattern_layer, D)
        if not (isinstance(out, tuple) and len(out) == 2):
            raise CheckFailed(f"pattern_layer({D}) returned {type(out).__name__}, expected "
                              f"the pair (W, b): end with `return W, b`")
        failure = _pattern_failure(*out, D)
        if failure:
            before = f" (right for D = {right[-1]})" if right else ""
            raise CheckFailed(f"pattern_layer({D}){before}: {failure}")
        right.append(D)
    passed(f"pattern_layer for D = {', '.join(map(str, Ds))}; each pattern fires its own unit")


def _pattern_failure(W, b, D: int) -> str | None:
    """What is wrong with the layer (W, b) for D inputs (with a hint), or None."""
    n = 2 ** D
    try:
        W = np.asarray(W, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return f"expected arrays of numbers, got {type(W).__name__} and {type(b).__name__}"
    if W.shape == (D, n) and b.shape == (n,):
        return (f"W has shape {W.shape}, the transpose of ({n}, {D}): one row per pattern, "
                f"one column per input")
    if W.shape != (n, D) or b.shape != (n,):
        return (f"for D = {D} inputs W must have shape ({n}, {D}) (one row per pattern) and "
                f"b shape ({n},); got {W.shape} and {b.shape}\nHint: use the argument D")
    P = all_patterns(D)
    H = activations.step(P @ W.T + b)                  # row k: which units fire for pattern k
    if np.array_equal(H, np.eye(n)):
        return None
    k = int(np.argmax(np.any(H != np.eye(n), axis=1)))
    fired = [int(i) for i in np.flatnonzero(H[k])]
    return (f"input pattern {_fmt(P[k])} (row {k} of all_patterns({D})) makes "
            + (f"unit(s) {fired} fire" if fired else "no unit fire")
            + f"; only unit {k} should fire (Python indices).\nHint: "
            + _pattern_hint(W, b, H, P))


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


def ch04_parity_counting(counting_parity, Ds: tuple[int, ...] = (1, 2, 3, 4, 5, 6)) -> None:
    """Check ``counting_parity(D)``: an MLP [D, at most D hidden units, 1] computing ``parity``
    on all 2^D patterns of {-1,+1}^D (1 when the number of +1 inputs is odd), every D in Ds."""
    right: list[int] = []
    for D in Ds:
        net = call("counting_parity", counting_parity, D)
        failure = _parity_failure(net, D)
        if failure:
            before = f" (right for D = {right[-1]})" if right else ""
            raise CheckFailed(f"counting_parity({D}){before}: {failure}")
        right.append(D)
    passed(f"counting_parity for D = {', '.join(map(str, Ds))} on all 2^D patterns")


def _parity_failure(net, D: int) -> str | None:
    """What is wrong with the parity network ``net`` for D inputs (with a hint), or None."""
    if not isinstance(net, MLP):
        return f"expected a bpcourse.MLP, got {type(net).__name__}: end with `return net`"
    if net.sizes[0] != D or net.sizes[-1] != 1:
        return (f"the network must take D = {D} inputs and give 1 output; its sizes are "
                f"{net.sizes}\nHint: use the argument D")
    if len(net.sizes) != 3 or net.sizes[1] > D:
        return (f"build one hidden layer of at most D = {D} units (sizes [{D}, {D}, 1]); the "
                f"network has sizes {net.sizes}")
    if not any(np.any(a) for a in net.weights + net.biases):
        raise NotAnswered("counting_parity is not answered yet: its network's weights and "
                          "biases are still zero; set net.weights and net.biases in the "
                          "exercise cell above and run that cell")
    P = all_patterns(D)
    t = parity(P)[:, 0]
    y = net.forward(P)[:, 0]
    ok = np.isclose(y, t, atol=1e-6)
    if np.all(ok):
        return None
    k = int(np.argmin(ok))
    count = int((P[k] > 0).sum())
    return (f"input pattern {_fmt(P[k])} ({count} entries are +1) gives {y[k]:.6g}, but its "
            f"parity is {t[k]:.0f}; {int((~ok).sum())} of {2 ** D} patterns are wrong.\nHint: "
            + _parity_hint(y, P, D))


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


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch04_pattern_detectors": Hidden(
        "Ds", lambda rng: tuple(sorted(int(d) for d in rng.choice([6, 7, 8], 2, replace=False))),
        ("chapters.constructions.all_patterns",), "two of D = 6, 7, 8", keyword=True),
    "ch04_parity_counting": Hidden(
        "Ds", lambda rng: tuple(sorted(int(d) for d in rng.choice([7, 8, 9], 2, replace=False))),
        ("mlp", "chapters.constructions.all_patterns"), "two of D = 7, 8, 9", keyword=True),
}
