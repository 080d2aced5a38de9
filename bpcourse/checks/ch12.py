"""Checks for the coding exercises of chapter 12 (softmax, cross-entropy, Adam)."""
from __future__ import annotations

import numpy as np

from .. import activations, losses
from ._core import check_array

__all__ = ["ch12_softmax_delta"]


def ch12_softmax_delta(dJ_dZ, Z, T) -> None:
    """Check $\\partial J/\\partial Z$ for a softmax output with cross-entropy, $J$ the batch mean.

    The reference is ``losses.output_delta`` divided by m; the hints are the usual slips:
    no 1/m, the sign (t - y), a sigmoid in place of the softmax, the softmax over the
    wrong axis (down the columns instead of along each row).
    """
    Z, T = np.asarray(Z, dtype=np.float64), np.asarray(T, dtype=np.float64)
    m = Z.shape[0]
    Y = activations.softmax(Z)
    expected = losses.output_delta("cross_entropy", Z, T, "softmax") / m
    Z_shift = Z - Z.max(axis=0, keepdims=True)
    columns = np.exp(Z_shift) / np.exp(Z_shift).sum(axis=0, keepdims=True)
    mistakes = [
        ((Y - T), "this is the sum over the examples; J is their mean, so divide by m"),
        ((T - Y) / m, "the sign is reversed: dJ/dz = y - t (the output is too large where y > t)"),
        ((activations.sigmoid(Z) - T) / m, "y is the softmax of each row of Z, not the sigmoid of each entry"),
        ((columns - T) / m, "the softmax normalizes each row (one example's K outputs): sum over "
                            "axis=1, not axis=0"),
    ]
    check_array("dJ_dZ_sm = dJ/dZ", dJ_dZ, expected, mistakes)
