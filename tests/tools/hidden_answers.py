"""Submissions for the hidden tests: per exercise, the book's reference answer and three others.

- ``typed``: the values the visible check showed, typed in (a lookup on the visible problems,
  the values computed here by the reference answer);
- ``engine``: the exercise done by bpcourse (an engine, a layer, finite differences, the
  chapter's helper) instead of by the student;
- ``mistake``: one named mistake, with the hint its check gives.

Each is the source of the exercise cell, as a student would write it.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np

from bpcourse import MLP, activations, layers
from bpcourse.chapters import constructions
from bpcourse.chapters.validation import best_and_stop
from bpcourse.checks import ch13, ch15

from solutions import MARKER

BOOK = Path(__file__).resolve().parents[2] / "book"
KINDS = ("right", "typed", "engine", "mistake")


def reference_answers(chapter: str) -> dict[str, str]:
    """{check name: the solution cell's code without its markers}, from the book itself."""
    cells = nbformat.read(BOOK / f"{chapter}.ipynb", 4).cells
    answers = {}
    for k, cell in enumerate(cells):
        if cell.cell_type == "code" and MARKER.search(cell.source):
            check = next(c for c in cells[k + 1:] if c.cell_type == "code")
            name = re.search(r"checks\.(ch\d\d_\w+)\(", check.source)[1]
            lines = cell.source.splitlines()
            answers[name] = "\n".join(ln for ln in lines if not MARKER.search(ln))
    return answers


def defined(source: str, name: str):
    """The function ``name`` that ``source`` defines (run with the names the chapters import)."""
    space = {"np": np, "activations": activations, "MLP": MLP, "C": constructions}
    exec(source, space)
    return space[name]


def _replace(source: str, old: str, new: str) -> str:
    assert old in source, f"the reference answer no longer holds {old!r}"
    return source.replace(old, new)


def _relu_rnn(ref: str) -> dict[str, str]:
    f = defined(ref, "relu_rnn_backward")
    seen = {}
    for size in ch15.SIZES:
        args = ch15._problem(*size)
        seen[args[1].shape] = [np.asarray(g).tolist() for g in f(*args)]
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef relu_rnn_backward(dJ_dh, X, h0, Wx, Wh, b):\n"
                  f"    return tuple(np.array(g) for g in _SEEN[X.shape])\n"),
        "engine": ("from bpcourse import autodiff\n\n"
                   "def relu_rnn_backward(dJ_dh, X, h0, Wx, Wh, b):\n"
                   "    W = [autodiff.Node(v) for v in (Wx, Wh, b)]\n"
                   "    h, J = autodiff.Node(h0), 0.0\n"
                   "    for t in range(X.shape[1]):\n"
                   "        h = autodiff.relu(autodiff.Node(X[:, t]) @ W[0].T + h @ W[1].T + W[2])\n"
                   "        J = J + (h * dJ_dh[:, t]).sum()\n"
                   "    J.backward()\n"
                   "    return tuple(w.bar for w in W)\n"),
        "mistake": _replace(ref, "(dJ_dh[:, t] + z_bar_next @ Wh)", "dJ_dh[:, t]"),
    }


def _state_jacobian(ref: str) -> dict[str, str]:
    f = defined(ref, "state_jacobian")
    seen = {}
    for m, T, D, H, seed in ch15.JACOBIAN_CASES:
        _, X, h0, Wx, Wh, b = ch15._problem(m, T, D, H, seed)
        hs = layers.rnn_forward(X, h0, Wx, Wh, b)[0][0]
        for t in (1, T - 1, T):
            seen[(hs.shape, t)] = np.asarray(f(hs, Wh, t)).tolist()
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef state_jacobian(hs, Wh, t):\n"
                  f"    return np.array(_SEEN[hs.shape, t])\n"),
        "engine": ("from bpcourse import gradcheck\n\n"
                   "def state_jacobian(hs, Wh, t):\n"
                   "    def h_T(h):\n"
                   "        for s in range(t + 1, len(hs) + 1):\n"
                   "            c = np.arctanh(hs[s - 1]) - Wh @ hs[s - 2]\n"
                   "            h = np.tanh(c + Wh @ h)\n"
                   "        return h\n"
                   "    return gradcheck.jacobian(h_T, hs[t - 1])\n"),
        "mistake": _replace(ref, "* Wh @ J", "* Wh.T @ J"),
    }


def _stopping(ref: str) -> dict[str, str]:
    seen = {(tuple(costs), p): best_and_stop(costs, p) for costs, p in ch13.STOPPING_CASES}
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef stopping(costs, patience):\n"
                  f"    return _SEEN.get((tuple(costs), patience), (1, None))\n"),
        "engine": ("from bpcourse.chapters.validation import best_and_stop\n\n"
                   "def stopping(costs, patience):\n"
                   "    return best_and_stop(costs, patience)\n"),
        "mistake": _replace(ref, "costs[epoch - 1] < costs[best - 1]",
                            "costs[epoch - 1] <= costs[best - 1]"),
    }


def _he(ref: str) -> dict[str, str]:
    return {
        "typed": ref,                       # thousands of random numbers: nobody types them
        "engine": ("from bpcourse import MLP\n\n"
                   "def he_weights(fan_in, fan_out, seed):\n"
                   "    return MLP([fan_in, fan_out], init='he', seed=seed).weights[0]\n"),
        "mistake": _replace(ref, "np.sqrt(2.0 / fan_in)", "np.sqrt(2.0 / fan_out)"),
    }


#: {check: (function name, variants from the reference source, what each wrong answer shows)}
EXERCISES = {
    "ch15_relu_rnn_backward": ("relu_rnn_backward", _relu_rnn, {
        "engine": "calls bpcourse's `autodiff.",
        "mistake": "Hint: h̄_t has two children"}),
    "ch15_state_jacobian": ("state_jacobian", _state_jacobian, {
        "engine": "calls bpcourse's `gradcheck.jacobian`",
        "mistake": "Hint: dh_s/dh_(s-1) = diag(1 - h_s²) Wh: row i of Wh feeds unit i, no .T"}),
    "ch13_early_stopping": ("stopping", _stopping, {
        "engine": "calls bpcourse's `chapters.validation.best_and_stop`",
        "mistake": "Hint: an equal cost is not an improvement"}),
    "ch13_he_weights": ("he_weights", _he, {
        "engine": "calls bpcourse's `mlp.MLP.__init__`",
        "mistake": "Hint: He's variance uses the fan-in"}),
}


def submissions(chapter: str) -> dict[str, dict[str, str]]:
    """{kind: {check: source}} for the exercises of ``chapter`` that EXERCISES lists."""
    refs = reference_answers(chapter)
    out = {kind: {} for kind in KINDS}
    for check, ref in refs.items():
        variants = EXERCISES[check][1](ref) if check in EXERCISES else {}
        for kind in KINDS:
            out[kind][check] = variants.get(kind, ref)
    return out


def expected_scores(chapter: str) -> dict[str, dict[str, float]]:
    """What each submission of ``chapter`` must score: 0 where its answer is not the reference."""
    subs, refs = submissions(chapter), reference_answers(chapter)
    return {kind: {check: float(src == refs[check]) for check, src in answers.items()}
            for kind, answers in subs.items()}
