"""Chapter 11 checks: the backward closures are tried on several inputs and shapes; an answer
right for one input only fails on another, with a hint; rounding of a right closure passes."""
import numpy as np
import pytest

from bpcourse import checks
from bpcourse.activations import sigmoid
from bpcourse.autodiff import Node
from bpcourse.checks import CheckFailed


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
    first = checks.ch11.SILU_CASES[0]
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
