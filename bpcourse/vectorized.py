"""Backpropagation in matrix form over a whole batch: no Python loop over examples or units.

Per example (lecture 003), with delta^(l) = dL/dZ^(l):

    delta^(L) = dL/dZ^(L)                                 (the loss's output delta)
    delta^(l) = g'(Z^(l)) * (W^(l)T delta^(l+1))          (the delta recursion)
    dL/dW^(l) = delta^(l+1) a^(l)T                        (an outer product)
    dL/db^(l) = delta^(l+1)

For a batch the deltas are stacked as rows, Delta of shape (m, p); the outer products summed
over examples become one matrix product, Delta^T A, and J = (1/m) sum_i L_i puts 1/m in front.
The products are ``np.dot``: the numbers of ``@``, without its overhead on small batches.
Lists Z, A and Delta are indexed by layer as written once in ``bpcourse.mlp``'s docstring.
"""
from __future__ import annotations

import numpy as np

from . import activations, losses
from .mlp import MLP, Params, checked_loss_and_grads, forward_pass


def forward(net: MLP, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The forward pass, keeping every layer: Z[l], A[l] for l = 0 .. L (Z[0] is None, A[0] = X)."""
    return forward_pass(net.weights, net.biases, net.activation_names, X)


def deltas(net: MLP, Z: list, A: list, T: np.ndarray, loss: str) -> list:
    """Delta[l] = dJ/dZ[l] for l = 1 .. L (Delta[0] is None), from a forward pass's Z and A."""
    L = len(net.weights)
    Delta = [None] * (L + 1)
    Delta[L] = losses.output_delta(loss, Z[L], T, net.output, A[L]) / T.shape[0]
    for l in range(L - 1, 0, -1):                      # g'(Z^(l)) * W^(l)T delta^(l+1)
        g_prime = activations.derivative(net.activation_names[l - 1], Z[l], A[l])
        Delta[l] = g_prime * np.dot(Delta[l + 1], net.weights[l])
    return Delta


def backward(net: MLP, Z: list, A: list, T: np.ndarray, loss: str) -> Params:
    """Gradients of J from a forward pass's Z and A (see ``forward``)."""
    Delta = deltas(net, Z, A, T, loss)
    L = len(net.weights)
    dW = [np.dot(Delta[l + 1].T, A[l]) for l in range(L)]  # sum_i delta_i a_i^T: (p_(l+1), p_l)
    db = [np.add.reduce(Delta[l + 1], axis=0) for l in range(L)]  # sum over rows: (p_(l+1),)
    return Params(dW, db)


def loss_and_grads(net: MLP, X, T, loss: str = "half_squared") -> tuple[float, Params]:
    """J and its gradients with respect to every weight and bias, by the delta recursion."""
    return checked_loss_and_grads(unchecked_loss_and_grads, net, X, T, loss)


def unchecked_loss_and_grads(net: MLP, X: np.ndarray, T: np.ndarray, loss: str) -> tuple[float, Params]:
    """``loss_and_grads`` for inputs already checked (``check_batch``): the training loop's step."""
    Z, A = forward(net, X)
    return losses.cost(loss, Z[-1], T, net.output), backward(net, Z, A, T, loss)
