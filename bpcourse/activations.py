"""Activation functions g and their derivatives g', by name.

Each in ``ACTIVATIONS`` works elementwise on numpy arrays of any shape (a 0-d array or a
float included). ``"softmax"`` is the one exception: each output depends on the whole row,
so it is allowed only as the output activation (``OUTPUT_ONLY``); ``apply`` and ``backprop``
take any name, ``get`` the elementwise ones.

>>> from bpcourse import activations
>>> g, dg = activations.get("sigmoid")
>>> float(g(0.0)), float(dg(0.0))
(0.5, 0.25)
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ._validate import choice


def identity(z):
    "$g(z) = z$"
    return np.asarray(z, dtype=np.float64) * 1.0


def identity_prime(z):
    "$g'(z) = 1$"
    return np.ones_like(z, dtype=np.float64)


def step(z):
    "$g(z) = 1$ if $z > 0$ else $0$ (the hard threshold)"
    return (np.asarray(z) > 0).astype(np.float64)


def step_prime(z):
    "$g'(z) = 0$ (everywhere except the jump at 0, where it is undefined; we use 0)"
    return np.zeros_like(z, dtype=np.float64)


def sigmoid(z):
    r"$\sigma(z) = 1 / (1 + e^{-z})$, computed without overflow for large $|z|$"
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))                      # in (0, 1]: never overflows
    y = np.where(z >= 0, 1.0, e)                # 1 / (1 + e^-z) for z >= 0, e^z / (1 + e^z) below
    y /= 1.0 + e
    return y


def sigmoid_prime(z):
    r"$\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$"
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    r"$g(z) = \tanh z$"
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_prime(z):
    r"$g'(z) = 1 - \tanh^2 z$"
    return 1.0 - np.tanh(np.asarray(z, dtype=np.float64)) ** 2


def relu(z):
    r"$g(z) = \max(0, z)$"
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def relu_prime(z):
    "$g'(z) = 1$ if $z > 0$ else $0$ (we take 0 at the kink)"
    return (np.asarray(z) > 0).astype(np.float64)


def softmax(z):
    r"$y_k = e^{z_k} / \sum_j e^{z_j}$ along the last axis (each row of a batch), without overflow"
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))  # shifting z leaves y unchanged; e <= 1
    return e / e.sum(axis=-1, keepdims=True)


ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "identity": (identity, identity_prime),
    "step": (step, step_prime),
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
    "relu": (relu, relu_prime),
}
OUTPUT_ONLY: dict[str, Callable] = {"softmax": softmax}   # not elementwise: output layer only


def derivative(name: str, z, a):
    r"""$g'(z)$, from the forward pass's $a = g(z)$ where that saves work.

    For the sigmoid $\sigma' = a(1 - a)$ and for tanh $g' = 1 - a^2$: no exp or tanh is
    computed again (backprop keeps every $a$ of the forward pass anyway). Others use $z$.
    """
    if name == "sigmoid":
        return a * (1.0 - a)
    if name == "tanh":
        return 1.0 - a * a
    return get(name)[1](z)


def get(name: str) -> tuple[Callable, Callable]:
    """Return ``(g, g_prime)`` for an elementwise activation; a clear ValueError otherwise."""
    if name in OUTPUT_ONLY:
        raise ValueError(f"{name!r} is an output activation only (output={name!r}); a hidden "
                         f"layer takes one of {sorted(ACTIVATIONS)}")
    choice("activation", name, ACTIVATIONS)
    return ACTIVATIONS[name]


def check_output(name: str) -> str:
    """Return ``name`` if it is an activation allowed in the output layer; refuse otherwise."""
    return choice("activation", name, {**ACTIVATIONS, **OUTPUT_ONLY})


def apply(name: str, Z):
    """$A = g(Z)$ for any activation name, softmax included (row by row)."""
    return OUTPUT_ONLY[name](Z) if name in OUTPUT_ONLY else ACTIVATIONS[name][0](Z)


def backprop(name: str, Z, A, A_bar):
    r"""$\bar Z$ from $\bar A$ through $A = g(Z)$: $g'(Z) \odot \bar A$ for an elementwise g.

    Softmax's Jacobian is $\partial y_k / \partial z_j = y_k(\delta_{kj} - y_j)$, so
    $\bar z_j = y_j (\bar y_j - \sum_k \bar y_k y_k)$, row by row.
    """
    if name == "softmax":
        return A * (A_bar - np.sum(A_bar * A, axis=-1, keepdims=True))
    return derivative(name, Z, A) * A_bar
