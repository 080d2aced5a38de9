"""Checks for the coding exercises of chapter 15 (backpropagation through time).

Each answer is a function; the check calls it on several random problems of different sizes
(never the chapter's own arrays) and compares with references computed by the package: the
autodiff engine on the unrolled graph, and finite differences of ``layers.rnn_forward``.
"""
from __future__ import annotations

import numpy as np

from .. import autodiff, gradcheck, layers
from ._core import call, compare, _fail, passed, returned
from ._watch import Hidden, new_seed

__all__ = ["ch15_relu_rnn_backward", "ch15_state_jacobian"]

#: (m, T, D, H, seed) of the problems each check tries
SIZES = [(2, 3, 2, 3, 11), (1, 5, 1, 4, 12), (3, 1, 3, 2, 13)]
#: (m, T, D, H, seed) of the sequences the state-Jacobian check tries (one sequence each)
JACOBIAN_CASES = [(1, 4, 2, 3, 21), (1, 6, 1, 4, 22), (1, 3, 2, 2, 23)]


def _problem(m: int, T: int, D: int, H: int, seed: int):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(m, T, H)), rng.normal(size=(m, T, D)), rng.normal(size=(m, H)),
            rng.normal(size=(H, D)), rng.normal(size=(H, H)) / np.sqrt(H), rng.normal(size=H))


def _relu_reference(dJ_dh, X, h0, Wx, Wh, b, carry: bool = True, local=None):
    """(dWx, dWh, db) of sum(h_t * dJ_dh_t) for h_t = relu(z_t), by the autodiff engine;
    ``carry=False`` and ``local`` build the usual mistakes from the same recursion."""
    if carry and local is None:
        W = [autodiff.Node(v) for v in (Wx, Wh, b)]
        h, J = autodiff.Node(h0), 0.0
        for t in range(X.shape[1]):
            h = autodiff.relu(autodiff.Node(X[:, t]) @ W[0].T + h @ W[1].T + W[2])
            J = J + (h * dJ_dh[:, t]).sum()
        J.backward()
        return tuple(w.bar for w in W)
    hs, zs, h = [], [], h0
    for t in range(X.shape[1]):
        zs.append(X[:, t] @ Wx.T + h @ Wh.T + b)
        h = np.maximum(zs[-1], 0)
        hs.append(h)
    grads, z_bar = [np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)], np.zeros_like(h0)
    for t in reversed(range(X.shape[1])):
        h_bar = dJ_dh[:, t] + (z_bar @ Wh if carry else 0)
        z_bar = h_bar * (local(zs[t], hs[t]) if local else (zs[t] > 0))
        grads[0] += z_bar.T @ X[:, t]
        grads[1] += z_bar.T @ (hs[t - 1] if t > 0 else h0)
        grads[2] += z_bar.sum(axis=0)
    return tuple(grads)


def ch15_relu_rnn_backward(relu_rnn_backward) -> None:
    """Check ``relu_rnn_backward(dJ_dh, X, h0, Wx, Wh, b) -> (dWx, dWh, db)`` on several problems."""
    for m, T, D, H, seed in SIZES:
        args = _problem(m, T, D, H, seed)
        got = returned("relu_rnn_backward", call("relu_rnn_backward", relu_rnn_backward,
                                                  *(a.copy() for a in args)))
        expected = _relu_reference(*args)
        mistakes = [
            (_relu_reference(*args, local=lambda z, h: 1 - h ** 2),
             "that is tanh's derivative 1 - h²; a ReLU's is 1 where z > 0 and 0 elsewhere"),
            (_relu_reference(*args, carry=False),
             "h̄_t has two children: add z̄_(t+1) Wh, the bar carried back from the next step"),
            (_relu_reference(*args, local=lambda z, h: 1.0),
             "the bar must pass through the ReLU: multiply by 1[z_t > 0]"),
        ]
        what = f"on a problem with m={m}, T={T}, D={D}, H={H}"
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            _fail(f"relu_rnn_backward returned {type(got).__name__} {what}; expected the three "
                  f"bars (dWx, dWh, db)")
        for k, name in enumerate(("dWx", "dWh", "db")):
            compare(f"{name} {what}", got[k], expected[k], [(w[k], h) for w, h in mistakes])
    passed("relu_rnn_backward")


def _jacobian_reference(hs, Wh, t: int, X, h0, Wx, b) -> np.ndarray:
    """d h_T / d h_t by central differences of ``layers.rnn_forward`` run from step t."""
    def h_T(h_t):
        if t == X.shape[1]:
            return h_t
        return layers.rnn_forward(X[:, t:], h_t[None], Wx, Wh, b)[0][0, -1]
    return gradcheck.jacobian(h_T, hs[t - 1])


def _jacobian_mistake(hs, Wh, t: int, kind: str) -> np.ndarray:
    J = np.eye(Wh.shape[0])
    for s in range(t + 1, hs.shape[0] + 1):
        d = 1.0 if kind == "no tanh'" else 1 - hs[s - 2 if kind == "previous h" else s - 1] ** 2
        step = d[:, None] * (Wh.T if kind == "transposed" else Wh) if np.ndim(d) else Wh
        J = J @ step if kind == "right" else step @ J
    return J


def ch15_state_jacobian(state_jacobian) -> None:
    """Check ``state_jacobian(hs, Wh, t)`` (one sequence) against finite differences."""
    for m, T, D, H, seed in JACOBIAN_CASES:
        _, X, h0, Wx, Wh, b = _problem(m, T, D, H, seed)
        hs = layers.rnn_forward(X, h0, Wx, Wh, b)[0][0]           # (T, H)
        for t in (1, T - 1, T):
            got = returned("state_jacobian", call("state_jacobian", state_jacobian,
                                                  hs.copy(), Wh.copy(), t))
            mistakes = [(_jacobian_mistake(hs, Wh, t, kind), hint) for kind, hint in [
                ("right", "each new step's factor goes on the left: D_s Wh times the product so far"),
                ("transposed", "dh_s/dh_(s-1) = diag(1 - h_s²) Wh: row i of Wh feeds unit i, no .T"),
                ("no tanh'", "every step also multiplies by tanh'(z_s) = 1 - h_s²"),
                ("previous h", "the tanh' of step s is 1 - h_s², from the step's own state")]]
            compare(f"state_jacobian(hs, Wh, t={t}) for T={T}, H={H}", got,
                     _jacobian_reference(hs, Wh, t, X, h0, Wx, b), mistakes, rtol=1e-5, atol=1e-8)
    passed("state_jacobian")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _draw_rnn(rng) -> list:
    return [(int(rng.integers(1, 4)), int(rng.integers(1, 6)), int(rng.integers(1, 4)),
             int(rng.integers(2, 5)), new_seed(rng)) for _ in range(3)]


def _draw_jacobian(rng) -> list:
    return [(1, int(rng.integers(2, 7)), int(rng.integers(1, 4)), int(rng.integers(2, 5)),
             new_seed(rng)) for _ in range(3)]


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch15_relu_rnn_backward": Hidden("SIZES", _draw_rnn, (),
                                     "3 other sequences (batch, length, sizes, weights)"),
    "ch15_state_jacobian": Hidden("JACOBIAN_CASES", _draw_jacobian, (),
                                  "3 other sequences, each at steps 1, T - 1 and T"),
}
