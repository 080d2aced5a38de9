"""Checks for the coding exercises of chapter 03."""
from __future__ import annotations

import numpy as np

from ._core import answered, check_true

__all__: list[str] = ["ch03_xor_weights"]

#: a design other than the chapter's (hidden OR and AND), named in the hints
_OTHER = ("h1 = x1 AND NOT x2 (fires only for (1, 0)), h2 = x2 AND NOT x1, and the output "
          "y = h1 OR h2")


def ch03_xor_weights(W0, b0, W1, b1, names=("W0_xor", "b0_xor", "W1_xor", "b1_xor")) -> None:
    """Build the 2-2-1 step network from (W0, b0, W1, b1) and check all four XOR rows.

    W0 (2, 2), b0 (2,), W1 (1, 2), b1 (1,); hidden and output units are hard thresholds. The
    chapter's design (hidden OR and AND units, whatever their scale) is refused: the exercise
    asks for another one, so its answer is not in the chapter's cells.
    """
    from ..widgets.xor import truth_table, xor_net
    from .. import datasets

    for name, value in zip(names, (W0, b0, W1, b1)):
        answered(name, value, "set it to a numpy array in the exercise cell above and run that cell")
    try:
        net = xor_net(W0, b0, W1, b1, hard=True)
    except (TypeError, ValueError) as e:
        check_true("XOR weights", False, str(e))
    X, T = datasets.xor()
    table = truth_table(net)
    H, y, t = table[:, 2:4], table[:, 4], T[:, 0]
    Z1 = X @ net.weights[0].T + net.biases[0]
    z2 = H @ net.weights[1].T[:, 0] + net.biases[1][0]
    wrong = np.flatnonzero(y != t)
    OR, AND = np.array([0, 1, 1, 1]), np.array([0, 0, 0, 1])
    cols = [H[:, 0].astype(int), H[:, 1].astype(int)]
    chapters = any(np.array_equal(c, OR) for c in cols) and any(
        np.array_equal(c, AND) for c in cols)
    if len(wrong) == 0 and chapters:
        check_true("XOR weights", False, "your network computes XOR with the chapter's hidden "
                   "units, OR and AND (the weights of its cells)\nHint: this exercise asks for "
                   "a design of your own, e.g. " + _OTHER)
    if len(wrong) == 0:
        rows = ", ".join(f"{int(a)}{int(b)}→{int(v)}" for a, b, _, _, v in table)
        print(f"✓ XOR weights: correct ({rows}).")
        return
    i = wrong[0]
    line = (f"{len(wrong)} of 4 rows are wrong; the first is input ({int(X[i, 0])}, {int(X[i, 1])}):"
            f" hidden h = ({int(H[i, 0])}, {int(H[i, 1])}), output y = {int(y[i])}, expected {int(t[i])}")
    hint = _hint(X, H, y, t, Z1, z2, cols, chapters)
    check_true("XOR weights", False, f"{line}\nHint: {hint}")


def _hint(X, H, y, t, Z1, z2, cols, chapters: bool) -> str:
    """The first hint that applies to a wrong XOR network (rows of X: 00, 01, 10, 11)."""
    OR = np.array([0, 1, 1, 1])
    wrong = np.flatnonzero(y != t)
    hints = []
    if np.any(Z1 == 0) or np.any(z2 == 0):
        hints.append("a unit's input z is exactly 0 on some row, and step(0) = 0 (a unit fires only "
                     "for z > 0); move that bias by 0.5 so no row sits on the threshold")
    for i in range(4):
        for j in range(i + 1, 4):
            if t[i] != t[j] and np.array_equal(H[i], H[j]):
                hints.append(f"inputs ({int(X[i, 0])}, {int(X[i, 1])}) and ({int(X[j, 0])}, "
                             f"{int(X[j, 1])}) give the same hidden pattern h = ({int(H[i, 0])}, "
                             f"{int(H[i, 1])}) but need different outputs, so no output unit can "
                             f"separate them: the hidden units must tell them apart, e.g. "
                             f"{_OTHER}")
                break
        else:
            continue
        break
    if len(wrong) == 4:
        hints.append("every row is inverted (you built XNOR): flip the signs of W1 and b1")
    if np.all(y == y[0]):
        hints.append(f"the output is {int(y[0])} for every input: check the output bias b1 "
                     f"against the weighted hidden sum W1 h")
    if chapters:
        k_or = 0 if np.array_equal(cols[0], OR) else 1
        hints.append(f"your hidden units are the chapter's OR (h{k_or + 1}) and AND "
                     f"(h{2 - k_or}), with which the output must fire for OR but not AND; this "
                     f"exercise asks for a design of your own, e.g. {_OTHER}")
    elif not hints:
        hints.append("design the hidden units first, e.g. " + _OTHER)
    return hints[0]
