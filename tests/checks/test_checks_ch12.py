"""Chapter 12's check: a right softmax_delta passes on every batch; each usual mistake, a
number typed in for one batch and a call of the engine fail, each with a hint."""
import numpy as np
import pytest

from bpcourse import activations, gradcheck, losses
from bpcourse.checks import CheckFailed, NotAnswered
from bpcourse.checks._core import call_watched
from bpcourse.checks.ch12 import SOFTMAX_CASES, ch12_softmax_delta, softmax_batch

sm = activations.softmax


def right(Z, T):
    return (sm(Z) - T) / Z.shape[0]


def test_the_cases_vary_m_and_K_and_the_reference_matches_finite_differences(capsys):
    shapes = {(m, K) for m, K, _, _ in SOFTMAX_CASES}
    assert len({m for m, _ in shapes}) >= 4 and len({K for _, K in shapes}) >= 4
    assert any(m == 1 for m, _ in shapes) and any(m == K for m, K in shapes)
    for case in SOFTMAX_CASES[:4]:
        Z, T = softmax_batch(*case)
        fd = gradcheck.numerical_derivative(
            lambda z: losses.cost("cross_entropy", z, T, "softmax"), Z)
        assert gradcheck.relative_error(right(Z, T), fd) < 1e-7
    ch12_softmax_delta(right)
    assert capsys.readouterr().out == "✓ softmax_delta: correct.\n"


def shifted(Z, T):                    # a stable softmax written out, rows shifted by their max
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return (E / E.sum(axis=1, keepdims=True) - T) / len(Z)


def test_any_right_method_passes(capsys):
    ch12_softmax_delta(shifted)
    ch12_softmax_delta(lambda Z, T: right(Z, T).tolist())
    assert capsys.readouterr().out.count("✓") == 2


def columns(Z, T):
    E = np.exp(Z - Z.max(axis=0))
    return (E / E.sum(axis=0) - T) / len(Z)


@pytest.mark.parametrize("answer,hint", [
    (lambda Z, T: sm(Z) - T, "divide by m"),
    (lambda Z, T: (T - sm(Z)) / len(Z), "sign"),
    (lambda Z, T: (activations.sigmoid(Z) - T) / len(Z), "not the sigmoid"),
    (columns, "axis=1"),
    (lambda Z, T: (sm(Z) - T) / Z.shape[1], "not by K"),
    (lambda Z, T: right(Z, T).T, "transposed"),
    (lambda Z, T: (sm(Z) - T) / 5, r"right for m = 5, K = 4"),        # m typed in
    (lambda Z, T: (np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True) - T) / len(Z),
     "subtract each row's max"),
    (lambda Z, T: losses.output_delta("cross_entropy", Z, T, "softmax") / len(Z),
     "calls bpcourse's `losses.output_delta`"),
    (lambda Z, T: print(right(Z, T)), "returned None"),
])
def test_mistakes_get_their_hints(answer, hint):
    with np.errstate(over="ignore", invalid="ignore"):
        with pytest.raises(CheckFailed, match=hint) as info:
            ch12_softmax_delta(answer)
    assert "Hint" in str(info.value) or "calls bpcourse" in str(info.value) \
        or "returned None" in str(info.value)


def test_the_values_of_one_batch_typed_in_fail_on_the_next():
    Z, T = softmax_batch(*SOFTMAX_CASES[0])
    typed = right(Z, T)                # the exact values of the first batch
    with pytest.raises(CheckFailed, match="m = 1 examples.*\nHint: row i"):
        ch12_softmax_delta(lambda Z_, T_: typed)


def test_not_answered_and_package_calls():
    def stub(Z, T):
        raise NotImplementedError()
    with pytest.raises(NotAnswered):
        ch12_softmax_delta(stub)
    Z, T = softmax_batch(*SOFTMAX_CASES[0])
    got, called = call_watched("f", lambda: losses.cost("cross_entropy", Z, T, "softmax"))
    assert called == ["losses.cost"] and np.isclose(got, losses.cost("cross_entropy", Z, T,
                                                                      "softmax"))
    assert call_watched("f", lambda: sm(Z), allowed=("activations",))[1] == []
