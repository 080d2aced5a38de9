"""Backpropagation unit by unit: explicit loops over examples, units and weights.

This is the index form of the lectures, one line per formula. For one example, with layers
numbered 0 .. L as in ``MLP`` (layer 0 is the input) and w[l][j][k] the weight from unit k of
layer l to unit j of layer l+1:

    forward:   z_j^(l+1) = sum_k w_jk^(l) a_k^(l) + b_j^(l),      a_j^(l+1) = g(z_j^(l+1))
    output:    delta_j^(L) = dL/dz_j^(L)
    backward:  delta_k^(l) = g'(z_k^(l)) sum_j w_jk^(l) delta_j^(l+1)
    gradients: dL/dw_jk^(l) = delta_j^(l+1) a_k^(l),              dL/db_j^(l) = delta_j^(l+1)

and the cost's gradient is the average over the m examples. Numbers are Python floats
(``tolist()``): indexing numpy arrays one entry at a time would be slower and no clearer.
Lists z, a are indexed by layer as written once in ``bpcourse.mlp``'s docstring.
"""
from __future__ import annotations

import numpy as np

from . import activations, losses
from .mlp import MLP, Params, check_batch, checked_loss_and_grads


def forward_example(net: MLP, x: list[float]) -> tuple[list[list[float]], list[list[float]]]:
    """One example's forward pass: z[l][j] and a[l][j] for every layer l (z[0] is empty)."""
    w = [W.tolist() for W in net.weights]
    b = [bb.tolist() for bb in net.biases]
    return _forward(net, w, b, x)


def example_trace(net: MLP, x, t, loss: str = "half_squared") -> tuple:
    """One example's L, and z[l][j], a[l][j], delta[l][j] = dL/dz_j^(l) for every layer l.

    x: (sizes[0],), t: (sizes[-1],); z[0] and delta[0] are empty (the input has no z)."""
    X, T = check_batch(net, np.reshape(x, (1, -1)), np.reshape(t, (1, -1)), loss)
    z, a = forward_example(net, X[0].tolist())
    w = [W.tolist() for W in net.weights]
    L = len(w)
    z_out = np.array([z[L]])
    delta = [[] for _ in range(L + 1)]
    delta[L] = losses.output_delta(loss, z_out, T, net.output)[0].tolist()  # dL/dz^(L)
    for l in range(L - 1, 0, -1):
        delta[l] = _delta_back(w[l], _g_prime(net, l, z), delta[l + 1])
    J = float(losses.per_example(loss, z_out, T, net.output)[0])
    return J, z, a, delta


def _forward(net, w, b, x):
    z, a = [[]], [list(x)]
    for l in range(len(w)):
        z_next = []
        for j in range(len(w[l])):                     # unit j of layer l+1
            s = b[l][j]
            for k in range(len(w[l][j])):              # from unit k of layer l
                s += w[l][j][k] * a[l][k]
            z_next.append(s)
        z.append(z_next)
        a.append(activations.apply(net.activation_names[l], np.array(z_next)).tolist())  # g(z_j)
    return z, a


def loss_and_grads(net: MLP, X, T, loss: str = "half_squared") -> tuple[float, Params]:
    """J and its gradients, computed one example, one unit and one weight at a time."""
    return checked_loss_and_grads(unchecked_loss_and_grads, net, X, T, loss)


def unchecked_loss_and_grads(net: MLP, X: np.ndarray, T: np.ndarray, loss: str) -> tuple[float, Params]:
    """``loss_and_grads`` for inputs already checked (``check_batch``)."""
    w = [W.tolist() for W in net.weights]
    b = [bb.tolist() for bb in net.biases]
    L = len(w)
    dw = [[[0.0] * len(row) for row in wl] for wl in w]
    db = [[0.0] * len(bl) for bl in b]
    m = len(X)
    J = 0.0
    for x, t in zip(X.tolist(), T):                    # one example at a time
        z, a = _forward(net, w, b, x)
        z_out = np.array([z[L]])
        J += losses.per_example(loss, z_out, t[None, :], net.output)[0]
        delta = losses.output_delta(loss, z_out, t[None, :], net.output)[0].tolist()
        for l in range(L - 1, -1, -1):                 # delta holds delta^(l+1)
            for j in range(len(w[l])):
                db[l][j] += delta[j]                   # dL/db_j = delta_j
                for k in range(len(w[l][j])):
                    dw[l][j][k] += delta[j] * a[l][k]  # dL/dw_jk = delta_j a_k
            if l > 0:
                delta = _delta_back(w[l], _g_prime(net, l, z), delta)
    grads = Params([np.array(g) / m for g in dw], [np.array(g) / m for g in db])
    return float(J) / m, grads


def _g_prime(net: MLP, l: int, z: list) -> list[float]:
    """g'(z_k^(l)) for every unit k of layer l."""
    _, dg = activations.get(net.activation_names[l - 1])
    return dg(np.array(z[l])).tolist()


def _delta_back(w_l: list, gp: list[float], delta: list[float]) -> list[float]:
    """delta_k^(l) = g'(z_k^(l)) sum_j w_jk^(l) delta_j^(l+1), for every unit k of layer l."""
    delta_prev = []
    for k in range(len(w_l[0])):                       # unit k of layer l
        s = 0.0
        for j in range(len(w_l)):
            s += w_l[j][k] * delta[j]                   # sum_j w_jk delta_j
        delta_prev.append(gp[k] * s)                    # times g'(z_k)
    return delta_prev
