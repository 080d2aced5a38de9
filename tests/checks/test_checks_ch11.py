"""Chapter 11 checks: the backward closures are tried on several inputs and shapes; an answer
right for one input only fails on another, with a hint; rounding of a right closure passes; an
answer that lets the engine's own operations do the work is refused; the hidden problems keep
every named mistake apart."""
import re

import numpy as np
import pytest

from bpcourse import autodiff, checks
from bpcourse.activations import sigmoid, sigmoid_prime
from bpcourse.autodiff import Node
from bpcourse.checks import CheckFailed, hidden


def op(value, local, parents, name="op"):
    """An engine op: value, and a closure adding out.bar * local(...)[i] to parent i's bar."""
    out = Node(value, parents=parents, op=name)

    def _backward():
        for parent, d in zip(parents, local()):
            parent.bar += out.bar * d
    out._backward = _backward
    return out


def silu(x, local=None):
    def right():
        s = sigmoid(x.value)
        return [s + x.value * s * (1 - s)]
    return op(x.value * sigmoid(x.value), local or right, (x,), "silu")


def div(a, b, local=None):
    return op(a.value / b.value, local or (lambda: [1 / b.value, -a.value / b.value ** 2]),
              (a, b), "/")


def add_bias(Z, b, b_share=lambda g: g.sum(axis=0)):
    out = Node(Z.value + b.value, parents=(Z, b), op="+b")

    def _backward():
        Z.bar += out.bar
        b.bar += b_share(out.bar)
    out._backward = _backward
    return out


def test_references_pass_on_every_input(capsys):
    checks.ch11_silu(silu)
    checks.ch11_div(div)
    checks.ch11_add_bias(add_bias)
    out = capsys.readouterr().out
    assert "silu on 3 inputs" in out and "div on 3 inputs" in out and "3 shapes" in out


def test_rounding_of_a_right_closure_passes(capsys):
    """sigma'(x) written as e^-x / (1 + e^-x)^2, a/b^2 as (a/b)/b: other rounding, still right."""
    def other_silu(x):
        e = np.exp(-x.value)
        return silu(x, lambda: [sigmoid(x.value) + x.value * e / (1 + e) ** 2])
    checks.ch11_silu(other_silu)
    checks.ch11_div(lambda a, b: div(a, b, lambda: [1 / b.value, -(a.value / b.value) / b.value]))
    assert capsys.readouterr().out.count("correct.") == 2


def test_values_typed_in_for_the_first_input_fail_with_a_hint():
    """The bars at a = 3, b = 2 typed in (1/2, -3/4) are wrong at the second input."""
    with pytest.raises(CheckFailed, match=r"at a = 1.5, b = -0.4.*\nHint: .*right on the "
                                          r"earlier inputs"):
        checks.ch11_div(lambda a, b: div(a, b, lambda: [0.5, -0.75]))


def test_a_closure_for_one_shape_only_fails_with_a_hint():
    first = np.array(checks.ch11.SILU_CASES[0])
    fixed = lambda x: silu(x, lambda: [sigmoid(first) * (1 + first * (1 - sigmoid(first)))])
    with pytest.raises(CheckFailed, match="Hint: the check tries inputs of several shapes"):
        checks.ch11_silu(fixed)
    four_rows = lambda Z, b: add_bias(Z, b, lambda g: g[0] + g[1] + g[2] + g[3])
    with pytest.raises(CheckFailed, match=r"\(1, 5\).*\nHint: the check tries inputs"):
        checks.ch11_add_bias(four_rows)


@pytest.mark.parametrize("answer, check", [
    (lambda x: silu(x, lambda: [sigmoid(x.value) * 1.01]), checks.ch11_silu),
    (lambda a, b: div(a, b, lambda: [1 / b.value, -a.value / b.value ** 2 * 0.9]),
     checks.ch11_div),
    (lambda Z, b: add_bias(Z, b, lambda g: 2 * g.sum(axis=0)), checks.ch11_add_bias)])
def test_every_failure_has_a_hint(answer, check):
    with pytest.raises(CheckFailed, match="\nHint: "):
        check(answer)


def _closure_unbroadcast(Z, b):
    """add_bias whose closure lets the engine's helper sum the rows."""
    return add_bias(Z, b, lambda g: autodiff._unbroadcast(g, b.shape))


@pytest.mark.parametrize("answer, check, called", [
    (lambda x: x * autodiff.sigmoid(x), checks.ch11_silu, "autodiff.sigmoid"),
    (lambda x: x * (1 + autodiff.exp(-x)) ** -1, checks.ch11_silu, "autodiff.Node.__neg__"),
    (lambda a, b: a / b, checks.ch11_div, "autodiff.Node.__truediv__"),
    (lambda a, b: a * b ** -1, checks.ch11_div, "autodiff.Node.__pow__"),
    (lambda Z, b: Z + b, checks.ch11_add_bias, "autodiff.Node.__add__"),
    (_closure_unbroadcast, checks.ch11_add_bias, "autodiff._unbroadcast")])
def test_the_engines_own_operations_are_refused_in_one_line(answer, check, called):
    with pytest.raises(CheckFailed, match=re.escape(f"calls bpcourse's `{called}")) as e:
        check(answer)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize("answer, check", [
    (checks.ch11._silu_variant(lambda v: sigmoid(v) + v * sigmoid_prime(v), True),
     checks.ch11_silu),
    (checks.ch11._div_variant(lambda a, b: 1 / b, lambda a, b: -a / b ** 2, True),
     checks.ch11_div),
    (checks.ch11._add_bias_variant(lambda g: g.sum(axis=0)), checks.ch11_add_bias)])
def test_the_checks_own_ops_are_refused_too(answer, check):
    """An op built by the check's helpers runs no code of the student's: its closure says so."""
    for run in (lambda: check(answer), lambda: hidden.check(check.__name__, answer, seed=3)):
        with pytest.raises(CheckFailed, match=r"bpcourse's own backward closure `checks\.ch11\."):
            run()


def test_a_node_may_be_made_read_and_printed_and_silu_may_use_activations(capsys):
    def silu_shaped(x):
        print(x, x.shape)                         # Node.__repr__ and Node.shape
        return silu(x, lambda: [sigmoid(x.value) + x.value * sigmoid_prime(x.value)])
    checks.ch11_silu(silu_shaped)
    checks.ch11_add_bias(lambda Z, b: add_bias(Z, b, lambda g: g.sum(axis=0).reshape(b.shape)))
    assert capsys.readouterr().out.count("correct.") == 2


@pytest.mark.parametrize("seed", range(12))
def test_every_named_div_mistake_keeps_its_hint_on_hidden_problems(seed):
    """The hidden (a, b) avoid the values where a named mistake gives the right bars."""
    mistakes = {"check the sign": lambda a, b: [1 / b, a / b ** 2],
                "factor a is missing": lambda a, b: [1 / b, -1 / b ** 2],
                "swapped": lambda a, b: [-a / b ** 2, 1 / b],
                "not b": lambda a, b: [b, -a / b ** 2]}
    for hint, local in mistakes.items():
        answer = lambda a, b, d=local: div(a, b, lambda: d(a.value, b.value))   # noqa: E731
        with pytest.raises(CheckFailed, match=f"Hint: .*{hint}"):
            hidden.check("ch11_div", answer, seed=seed)
    for a, b in hidden.hidden_cases("ch11_div", seed):
        assert np.all(np.abs(b) >= 0.3) and np.all(np.abs(np.abs(b) - 1) > 0)


@pytest.mark.parametrize("seed", range(6))
def test_hidden_add_bias_problems_tell_the_mean_from_the_sum(seed):
    """One hidden Z has several rows and several units: the mean over the rows is named."""
    with pytest.raises(CheckFailed, match="Hint: the mean over the rows divides by m"):
        hidden.check("ch11_add_bias", lambda Z, b: add_bias(Z, b, lambda g: g.mean(axis=0)),
                     seed=seed)


def _sizes(name: str, cases: list) -> set:
    """The sizes of a check's problems: the inputs' shapes, or add_bias's (m, p)."""
    if name == "ch11_add_bias":
        return {(m, p) for m, p, _ in cases}
    return {np.shape(c[0] if isinstance(c, tuple) else c) for c in cases} - {()}


@pytest.mark.parametrize("name, visible", [("ch11_silu", checks.ch11.SILU_CASES),
                                           ("ch11_div", checks.ch11.DIV_CASES),
                                           ("ch11_add_bias", checks.ch11.BIAS_CASES)])
def test_hidden_arrays_have_other_sizes_than_the_visible_ones(name, visible):
    for seed in range(10):
        drawn = hidden.hidden_cases(name, seed)
        assert len(drawn) == len(visible) and not _sizes(name, drawn) & _sizes(name, visible)
