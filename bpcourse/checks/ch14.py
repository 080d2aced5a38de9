"""Checks for the coding exercises of chapter 14 (batch normalization, convolution).

Each answer is a function; the check calls it on several random problems of different shapes
(never the chapter's own arrays) and compares with ``bpcourse.layers``.
"""
from __future__ import annotations

import numpy as np

from .. import layers
from ._core import call, compare, _fail, passed, returned
from ._watch import Hidden, new_seed

__all__ = ["ch14_bn_backward", "ch14_conv_weight_grad"]

#: (m, n, seed) of the batches the batch-norm check tries
BN_CASES = [(4, 3, 31), (2, 1, 32), (7, 5, 33)]
#: ((N, C, H, W, F, kh, kw), seed) of the problems the convolution check tries
CONV_CASES = [((2, 3, 5, 4, 2, 2, 3), 41), ((1, 1, 4, 4, 3, 3, 3), 42),
              ((3, 2, 3, 5, 1, 1, 2), 43)]


def ch14_bn_backward(bn_backward) -> None:
    """Check ``bn_backward(Y_bar, x_hat, gamma, inv_std) -> X_bar`` on several batches."""
    for m, n, seed in BN_CASES:
        rng = np.random.default_rng(seed)
        X, gamma = rng.normal(1.0, 2.0, size=(m, n)), rng.normal(size=n)
        _, cache = layers.batchnorm_forward(X, gamma, rng.normal(size=n))
        Y_bar = rng.normal(size=(m, n))
        x_hat, inv_std = cache["x_hat"], cache["inv_std"]
        got = returned("bn_backward", call("bn_backward", bn_backward, Y_bar.copy(),
                                           x_hat.copy(), gamma.copy(), inv_std.copy()))
        g = Y_bar * gamma
        mistakes = [
            (inv_std * (g - x_hat * (g * x_hat).mean(axis=0)),
             "every x_i also moves the batch mean: subtract the sum of the bars of x̂"),
            (inv_std * (g - g.mean(axis=0)),
             "every x_i also moves the variance: subtract x̂ times the sum of (bar of x̂) x̂"),
            (layers.batchnorm_backward(Y_bar, {**cache, "gamma": np.ones(n)})[0],
             "the bar of x̂ is γ times the bar of y"),
            (m * layers.batchnorm_backward(Y_bar, cache)[0], "divide by m: the means are 1/m sums"),
            (Y_bar * gamma * inv_std, "that is the eval-mode backward, with the batch statistics "
                                      "taken as constants; in training they depend on every x"),
        ]
        compare(f"bn_backward on a batch of m={m}, n={n}", got,
                 layers.batchnorm_backward(Y_bar, cache)[0], mistakes)
    passed("bn_backward")


def ch14_conv_weight_grad(conv_weight_grad) -> None:
    """Check ``conv_weight_grad(X, Y_bar, kh, kw)`` (stride 1, no padding) on several shapes."""
    for (N, C, H, W, F, kh, kw), seed in CONV_CASES:
        rng = np.random.default_rng(seed)
        X, K = rng.normal(size=(N, C, H, W)), rng.normal(size=(F, C, kh, kw))
        out, cache = layers.conv2d_forward(X, K, np.zeros(F))
        Y_bar = rng.normal(size=out.shape)
        got = returned("conv_weight_grad", call("conv_weight_grad", conv_weight_grad,
                                                X.copy(), Y_bar.copy(), kh, kw))
        expected = layers.conv2d_backward(Y_bar, cache)[1]
        first = layers.conv2d_backward(Y_bar[:1], layers.conv2d_forward(X[:1], K, np.zeros(F))[1])[1]
        mistakes = [
            (expected[:, :, ::-1, ::-1], "the forward pass correlates: entry (r, s) of the kernel "
                                         "meets X[i + r, j + s], not X[i - r, j - s]"),
            (first, "sum over all the images of the batch, not just the first"),
            (expected / N, "the bars already carry the cost's 1/m: sum over the images, "
                           "don't average"),
        ]
        if not isinstance(got, np.ndarray) and not isinstance(got, (list, tuple)):
            _fail(f"conv_weight_grad returned {type(got).__name__}; expected an array of shape "
                  f"{expected.shape}")
        compare(f"conv_weight_grad for X {X.shape}, kernel {kh}x{kw}, F={F}", got, expected,
                 mistakes)
    passed("conv_weight_grad")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

def _draw_bn(rng) -> list:
    return [(int(rng.integers(2, 9)), int(rng.integers(1, 7)), new_seed(rng)) for _ in range(3)]


def _draw_conv(rng) -> list:
    cases = []
    for _ in range(3):
        H, W = (int(v) for v in rng.integers(3, 7, 2))
        kh, kw = int(rng.integers(1, H + 1)), int(rng.integers(1, W + 1))
        N, C, F = (int(v) for v in rng.integers(1, 4, 3))
        cases.append(((N, C, H, W, F, kh, kw), new_seed(rng)))
    return cases


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch14_bn_backward": Hidden("BN_CASES", _draw_bn, (), "3 other batches (sizes, γ, bars)"),
    "ch14_conv_weight_grad": Hidden("CONV_CASES", _draw_conv, (),
                                    "3 other images, kernels and batch sizes"),
}
