"""Backpropagation in matrix form over a whole batch: no Python loop over examples or units.

Per example (lecture 003), with delta^(l) = dL/dZ^(l):

    delta^(L) = dL/dZ^(L)                                 (the loss's output delta)
    delta^(l) = g'(Z^(l)) * (W^(l)T delta^(l+1))          (the delta recursion)
    dL/dW^(l) = delta^(l+1) a^(l)T                        (an outer product)
    dL/db^(l) = delta^(l+1)

For a batch the deltas are stacked as rows, Delta of shape (m, p); the outer products summed
over examples become one matrix product, Delta^T A, and J = (1/m) sum_i L_i puts 1/m in front.
Here layers are numbered from 0 as in ``MLP``: weights[l] takes A[l] (layer l) to Z[l+1].
"""
from __future__ import annotations

import numpy as np

from . import activations, losses
from .mlp import MLP, Params, check_batch


def forward(net: MLP, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The forward pass, keeping every layer: Z[l], A[l] for l = 0 .. L (Z[0] is None, A[0] = X)."""
    Z, A = [None], [X]
    for W, b, name in zip(net.weights, net.biases, net.activations):
        Z.append(A[-1] @ W.T + b)                      # (m, p_l) (p_l, p_(l+1)) + (p_(l+1),)
        A.append(activations.apply(name, Z[-1]))
    return Z, A


def backward(net: MLP, Z: list, A: list, T: np.ndarray, loss: str) -> Params:
    """Gradients of J from a forward pass's Z and A (see ``forward``)."""
    m = T.shape[0]
    L = len(net.weights)
    dW, db = [None] * L, [None] * L
    Delta = losses.output_delta(loss, Z[L], T, net.output) / m   # dJ/dZ^(L), (m, p_L)
    for l in range(L - 1, -1, -1):
        dW[l] = Delta.T @ A[l]                         # sum_i delta_i a_i^T: (p_(l+1), p_l)
        db[l] = Delta.sum(axis=0)                      # (p_(l+1),)
        if l > 0:                                      # g'(Z^(l)) * W^(l)T delta^(l+1)
            g_prime = activations.derivative(net.activations[l - 1], Z[l], A[l])
            Delta = g_prime * (Delta @ net.weights[l])
    return Params(dW, db)


def loss_and_grads(net: MLP, X, T, loss: str = "half_squared") -> tuple[float, Params]:
    """J and its gradients with respect to every weight and bias, by the delta recursion."""
    X, T = check_batch(net, X, T, loss)
    Z, A = forward(net, X)
    J = losses.cost(loss, Z[-1], T, net.output)
    return J, backward(net, Z, A, T, loss)
