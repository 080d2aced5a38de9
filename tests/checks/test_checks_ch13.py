"""Chapter 13's checks: the reference passes, each usual mistake gets its hint."""
import numpy as np
import pytest

from bpcourse.checks import CheckFailed
from bpcourse.checks.ch13 import STOPPING_CASES, _stop_variant, ch13_early_stopping, ch13_he_weights
from bpcourse.chapters.validation import best_and_stop

FAN_IN, FAN_OUT, SEED = 50, 20, 3


def draw(std, shape=(FAN_OUT, FAN_IN)):
    return np.random.default_rng(SEED).normal(0.0, std, size=shape)


def test_he_weights_pass(capsys):
    ch13_he_weights(draw(np.sqrt(2 / FAN_IN)), FAN_IN, FAN_OUT, SEED)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize("W,hint", [
    (draw(np.sqrt(2 / FAN_OUT)), "fan-in"),
    (draw(2 / FAN_IN), "standard deviation"),
    (draw(np.sqrt(2 / (FAN_IN + FAN_OUT))), "Xavier"),
    (draw(np.sqrt(1 / FAN_IN)), "right for tanh"),
    (draw(np.sqrt(2 / FAN_IN), shape=(FAN_IN, FAN_OUT)), "transposed"),
])
def test_he_weights_mistakes_get_their_hints(W, hint):
    with pytest.raises(CheckFailed, match=hint):
        ch13_he_weights(W, FAN_IN, FAN_OUT, SEED)


def test_early_stopping_reference_passes_and_cases_cover_each_mistake(capsys):
    ch13_early_stopping(best_and_stop)
    assert "✓" in capsys.readouterr().out
    for kw in (dict(ties_improve=True), dict(extra=1), dict(zero_based=True)):
        assert any(_stop_variant(c, p, **kw) != best_and_stop(c, p) for c, p in STOPPING_CASES), kw
    assert all(_stop_variant(c, p) == best_and_stop(c, p) for c, p in STOPPING_CASES)


@pytest.mark.parametrize("kw,hint", [(dict(ties_improve=True), "not an improvement"),
                                     (dict(extra=1), "one epoch earlier"),
                                     (dict(zero_based=True), "from 1")])
def test_early_stopping_mistakes_get_their_hints(kw, hint):
    with pytest.raises(CheckFailed, match=hint):
        ch13_early_stopping(lambda c, p: _stop_variant(c, p, **kw))


def test_early_stopping_explains_a_wrong_return_value():
    with pytest.raises(CheckFailed, match="returned None"):
        ch13_early_stopping(lambda c, p: None)
    with pytest.raises(CheckFailed, match="pair"):
        ch13_early_stopping(lambda c, p: 3)
