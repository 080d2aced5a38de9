"""Chapter 12's check: the reference passes, each usual mistake gets its hint."""
import numpy as np
import pytest

from bpcourse import activations, gradcheck, losses
from bpcourse.checks import CheckFailed
from bpcourse.checks.ch12 import ch12_softmax_delta

rng = np.random.default_rng(0)
Z = rng.normal(size=(5, 4)) * 2
T = np.eye(4)[rng.integers(0, 4, size=5)]


def test_the_right_delta_passes_and_matches_finite_differences(capsys):
    D = (activations.softmax(Z) - T) / 5
    fd = gradcheck.numerical_derivative(lambda z: losses.cost("cross_entropy", z, T, "softmax"), Z)
    assert gradcheck.relative_error(D, fd) < 1e-8
    ch12_softmax_delta(D, Z, T)
    assert "✓" in capsys.readouterr().out


def softmax_columns(Z):
    e = np.exp(Z - Z.max(axis=0))
    return e / e.sum(axis=0)


@pytest.mark.parametrize("D,hint", [
    (activations.softmax(Z) - T, "divide by m"),
    ((T - activations.softmax(Z)) / 5, "sign"),
    ((activations.sigmoid(Z) - T) / 5, "not the sigmoid"),
    ((softmax_columns(Z) - T) / 5, "axis=1"),
    ((activations.softmax(Z) - T).T / 5, "transposed"),
])
def test_mistakes_get_their_hints(D, hint):
    with pytest.raises(CheckFailed, match=hint):
        ch12_softmax_delta(D, Z, T)
