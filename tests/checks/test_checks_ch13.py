"""Chapter 13's checks: any right answer passes; each usual mistake, and an answer that lets
bpcourse do the work, fails with a hint."""
import numpy as np
import pytest

from bpcourse import MLP
from bpcourse.chapters import validation
from bpcourse.chapters.validation import best_and_stop
from bpcourse.checks import CheckFailed, NotAnswered
from bpcourse.checks.ch13 import (HE_CASES, STOPPING_CASES, STOPPING_HINTS, _stop_variant,
                                  ch13_early_stopping, ch13_he_weights)


def he(std=lambda fan_in, fan_out: np.sqrt(2 / fan_in), transposed=False, rng=None,
       fixed_seed=None, loc=0.0):
    """A student's he_weights, right or with one slip."""
    def he_weights(fan_in, fan_out, seed):
        r = rng or np.random.default_rng(seed if fixed_seed is None else fixed_seed)
        shape = (fan_in, fan_out) if transposed else (fan_out, fan_in)
        return r.normal(loc, std(fan_in, fan_out), size=shape)
    return he_weights


def test_he_cases_tell_fan_in_from_fan_out():
    assert all(fan_in != fan_out for fan_in, fan_out, _ in HE_CASES)
    assert any(fan_in < fan_out for fan_in, fan_out, _ in HE_CASES)
    assert len({seed for _, _, seed in HE_CASES}) == len(HE_CASES)


@pytest.mark.parametrize("answer", [
    he(),
    lambda fi, fo, s: he(transposed=True)(fi, fo, s).T,          # another stream, as good
    lambda fi, fo, s: np.random.default_rng(s).standard_normal((fo, fi)) * np.sqrt(2 / fi),
    lambda fi, fo, s: np.random.Generator(np.random.MT19937(s)).normal(0, np.sqrt(2 / fi),
                                                                      (fo, fi)),
], ids=["reference", "transposed draw", "standard_normal", "another generator"])
def test_any_right_draw_passes(answer, capsys):
    ch13_he_weights(answer)
    assert capsys.readouterr().out == "✓ he_weights: correct.\n"


def test_the_tolerance_passes_right_draws_from_many_seeds(capsys):
    for shift in range(1, 31):
        ch13_he_weights(lambda fi, fo, s, shift=shift: he()(fi, fo, 1000 * shift + s))
    assert capsys.readouterr().out.count("✓") == 30


@pytest.mark.parametrize("answer,hint", [
    (he(lambda a, b: np.sqrt(2 / b)), "not the fan-out"),
    (he(lambda a, b: 2 / a), "standard deviation s"),
    (he(lambda a, b: np.sqrt(2 / (a + b))), "Xavier"),
    (he(lambda a, b: np.sqrt(1 / a)), "He doubles it"),
    (he(lambda a, b: 1.0), "the variance should be 2/fan_in"),
    (he(transposed=True), r"\(fan_out, fan_in\), not \(fan_in, fan_out\)"),
    (he(rng=np.random.default_rng(0)), "a second call with the same seed"),
    (he(fixed_seed=0), "gave the same matrix"),
    (he(loc=0.3), "centred on 0"),
    (lambda fi, fo, s: np.tile(he()(fi, 1, s), (fo, 1)), "entries repeat"),
    (lambda fi, fo, s: np.sort(he()(fi, fo, s), axis=None).reshape(fo, fi), "correlated"),
    (lambda fi, fo, s: MLP([fi, fo], init="he", seed=s).weights[0],
     "calls bpcourse's `mlp.MLP.__init__`"),
    (lambda fi, fo, s: print(he()(fi, fo, s)), "returned None"),
    (lambda fi, fo, s: "W", "expected an array of numbers"),
])
def test_he_mistakes_get_their_hints(answer, hint):
    with pytest.raises(CheckFailed, match=hint) as info:
        ch13_he_weights(answer)
    assert len(str(info.value).splitlines()) <= 2


def test_he_not_answered():
    def stub(fan_in, fan_out, seed):
        raise NotImplementedError()
    with pytest.raises(NotAnswered):
        ch13_he_weights(stub)


def test_early_stopping_reference_passes_and_cases_cover_each_mistake(capsys):
    ch13_early_stopping(best_and_stop)
    assert capsys.readouterr().out == "✓ stopping: correct.\n"
    assert all(_stop_variant(c, p) == best_and_stop(c, p) for c, p in STOPPING_CASES)
    assert len({p for _, p in STOPPING_CASES}) >= 4
    assert any(best_and_stop(c, p)[1] is None for c, p in STOPPING_CASES)
    assert any(best_and_stop(c, p)[1] == len(c) for c, p in STOPPING_CASES)


@pytest.mark.parametrize("kw,hint", STOPPING_HINTS, ids=[str(kw) for kw, _ in STOPPING_HINTS])
def test_early_stopping_mistakes_get_their_hints(kw, hint):
    with pytest.raises(CheckFailed) as info:
        ch13_early_stopping(lambda c, p: _stop_variant(c, p, **kw))
    assert str(info.value).endswith("Hint: " + hint)


@pytest.mark.parametrize("answer,hint", [
    (lambda c, p: validation.best_and_stop(c, p), "calls bpcourse's `chapters.validation"),
    (lambda c, p: (_stop_variant(c, p)[0], None), "training stops within this list"),
    (lambda c, p: (_stop_variant(c, p)[0], 2 + (_stop_variant(c, p)[1] or 0)),
     r"stop = \d+ is 2 epoch\(s\) too late|stop must be None"),
    (lambda c, p: (1, _stop_variant(c, p)[1]), "best = 1 is not the first epoch"),
    (lambda c, p: None, "returned None"),
    (lambda c, p: 3, "pair"),
])
def test_early_stopping_other_answers_say_what_differs(answer, hint):
    with pytest.raises(CheckFailed, match=hint):
        ch13_early_stopping(answer)
