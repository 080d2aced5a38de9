"""Small data sets, generated from a seed or shipped with scikit-learn (nothing is downloaded).

Each 2-D set returns ``X`` of shape (m, 2) and targets ``T`` of shape (m, 1) with values 0/1,
ready for ``MLP([2, ..., 1], output="sigmoid")`` and ``loss="bce"``.
"""
from __future__ import annotations

import numpy as np

from ._validate import non_negative, positive


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points (0/1 inputs) and their targets x1 XOR x2."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    T = np.array([[0.0], [1.0], [1.0], [0.0]])
    return X, T


def circles(m: int = 200, noise: float = 0.08, factor: float = 0.5, seed: int = 0):
    """Two concentric rings: the inner one (radius ``factor``) is class 1, the outer class 0."""
    positive("m", m, integer=True)
    non_negative("noise", noise)
    rng = np.random.default_rng(seed)
    T = (np.arange(m) % 2).astype(np.float64)
    angle = rng.uniform(0, 2 * np.pi, m)
    radius = np.where(T == 1, factor, 1.0)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + rng.normal(0, noise, (m, 2))
    return X, T[:, None]


def moons(m: int = 200, noise: float = 0.1, seed: int = 0):
    """Two interleaved half circles; the lower one is class 1."""
    positive("m", m, integer=True)
    non_negative("noise", noise)
    rng = np.random.default_rng(seed)
    T = (np.arange(m) % 2).astype(np.float64)
    angle = rng.uniform(0, np.pi, m)
    upper = np.c_[np.cos(angle), np.sin(angle)]
    lower = np.c_[1 - np.cos(angle), 0.5 - np.sin(angle)]
    X = np.where(T[:, None] == 1, lower, upper) + rng.normal(0, noise, (m, 2))
    return X, T[:, None]


def spiral(m: int = 200, turns: float = 1.5, noise: float = 0.05, seed: int = 0):
    """Two interleaved spiral arms, class 0 and class 1, with radius growing from 0 to 1."""
    positive("m", m, integer=True)
    positive("turns", turns)
    non_negative("noise", noise)
    rng = np.random.default_rng(seed)
    T = (np.arange(m) % 2).astype(np.float64)
    r = rng.uniform(0.05, 1.0, m)
    angle = 2 * np.pi * turns * r + np.pi * T
    X = np.c_[r * np.cos(angle), r * np.sin(angle)] + rng.normal(0, noise, (m, 2))
    return X, T[:, None]


def digits(one_hot: bool = True):
    """scikit-learn's bundled 8x8 handwritten digits (1797 images; no download).

    Returns ``X`` of shape (1797, 64) with pixel values scaled to [0, 1], and ``T``: one-hot
    targets of shape (1797, 10) if ``one_hot``, else the labels 0..9 of shape (1797,).
    """
    from sklearn.datasets import load_digits

    d = load_digits()
    X = d.data / 16.0
    if not one_hot:
        return X, d.target.copy()
    return X, np.eye(10)[d.target]


DATASETS = {"xor": xor, "circles": circles, "moons": moons, "spiral": spiral}


def split(X, T, test_fraction: float = 0.3, seed: int = 0):
    """A seeded random split: (X_train, T_train, X_test, T_test), ``test_fraction`` held out."""
    X, T = np.asarray(X), np.asarray(T)
    if len(X) != len(T):
        raise ValueError(f"X has {len(X)} rows but T has {len(T)}; expected one target row per example")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction!r}")
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = int(round(test_fraction * len(X)))
    test, train = order[:n_test], order[n_test:]
    return X[train], T[train], X[test], T[test]


def running_parity(m: int = 256, T: int = 8, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """m random bit streams of length T, X (m, T, 1), and their running parity P (m, T):
    P[n, t] = (x_1 + ... + x_t) mod 2, a task that needs one bit of memory (chapter 15)."""
    m, T = positive("m", m, integer=True), positive("T", T, integer=True)
    X = np.random.default_rng(seed).integers(0, 2, size=(m, T, 1)).astype(np.float64)
    return X, np.cumsum(X[..., 0], axis=1) % 2
