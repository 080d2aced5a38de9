"""Chapter 5 and 6 checks: the reference passes, each usual mistake gets its hint."""
import re

import numpy as np
import pytest

from bpcourse import activations, checks
from bpcourse.chapters import lectures, neuron
from bpcourse.checks import CheckFailed, NotAnswered

X, YD = neuron.example_data()


def gradient(w, b, x, t, slip=None):
    """A student's neuron_gradient, right or with one usual slip."""
    z = w * x + b
    y = 1 / (1 + np.exp(-z))
    d = 2 * (y - t) * (y if slip == "sigma" else y * (1 - y))
    if slip == "no 2":
        d = d / 2
    reduce = np.sum if slip == "sum" else np.mean
    return np.array([reduce(d * x), reduce(d)])


def test_ch05_gradient_reference_passes(capsys):
    checks.ch05_neuron_gradient(gradient)
    assert "✓ neuron_gradient on 7 problems" in capsys.readouterr().out


@pytest.mark.parametrize("slip, hint", [("sigma", "sigma(z) where sigma'(z)"),
                                        ("sum", "divide by m"), ("no 2", "factor 2")])
def test_ch05_gradient_mistakes_get_hints(slip, hint):
    with pytest.raises(CheckFailed, match="Hint: .*" + re.escape(hint)):
        checks.ch05_neuron_gradient(lambda w, b, x, t: gradient(w, b, x, t, slip))


def test_ch05_gradient_refuses_the_engines():
    """The issue: calling the chapter's helper, which the exercise forbids, passed."""
    for engine in (lambda w, b, x, t: neuron.cost_and_gradient(w, b, x, t)[1],
                   lambda w, b, x, t: neuron.cost_and_gradient(w, b, x, t)[1] + 0.0):
        with pytest.raises(CheckFailed, match="calls bpcourse's `chapters.neuron.cost_and_"):
            checks.ch05_neuron_gradient(engine)


def test_ch05_gradient_typed_in_values_and_ignored_arguments_fail():
    """The issue: typing the printed numbers passed; now every problem needs the function."""
    first = gradient(**checks.ch05.gradient_problem(*checks.ch05.GRADIENT_CASES[0]))
    with pytest.raises(CheckFailed, match="right with w = 0.5 but not with w = -1.3"):
        checks.ch05_neuron_gradient(lambda w, b, x, t: first.copy())
    with pytest.raises(CheckFailed, match="chapter's data: use the arguments"):
        checks.ch05_neuron_gradient(lambda w, b, x, t: gradient(w, b, X, YD))
    with pytest.raises(CheckFailed, match="right with b = -0.5 but not with b = 0.8"):
        checks.ch05_neuron_gradient(lambda w, b, x, t: gradient(w, -0.5, x, t))


def test_ch05_gradient_wrong_shape_and_blank():
    with pytest.raises(CheckFailed, match="shape"):
        checks.ch05_neuron_gradient(lambda w, b, x, t: np.zeros(3))
    with pytest.raises(NotAnswered):
        checks.ch05_neuron_gradient(None)


def test_ch05_descent_step():
    checks.ch05_descent_step(lambda w, b, g, alpha: np.array([w, b]) - alpha * g)
    with pytest.raises(CheckFailed, match="uphill"):
        checks.ch05_descent_step(lambda w, b, g, alpha: np.array([w, b]) + alpha * g)
    with pytest.raises(CheckFailed, match="right with alpha = 10.0 but not with alpha = 0.3"):
        checks.ch05_descent_step(lambda w, b, g, alpha: np.array([w, b]) - 10.0 * g)


ARGS = dict(w=0.8, b=-0.3, x=1.5, t=1.0, lam=0.1)


def test_ch06_regularized_reference_passes_and_matches_bars(capsys):
    v = lectures.regularized_graph(**ARGS)
    v["L_reg"].backward()
    checks.ch06_regularized_backward(float(v["w"].bar), float(v["b"].bar), **ARGS)
    assert "✓" in capsys.readouterr().out


def test_ch06_regularized_forgotten_lambda_w_gets_hint():
    w, b, x, t, lam = ARGS.values()
    z = w * x + b
    z_bar = (activations.sigmoid(z) - t) * activations.sigmoid_prime(z)
    with pytest.raises(CheckFailed, match="regularizer's share"):
        checks.ch06_regularized_backward(z_bar * ARGS["x"], z_bar, **ARGS)


def test_ch06_two_neuron():
    w1, b1, w2, b2, x, t = 0.5, 0.1, -0.7, 0.2, 1.5, 1.0
    z1 = w1 * x + b1
    a1 = activations.sigmoid(z1)
    z2 = w2 * a1 + b2
    y = activations.sigmoid(z2)
    s1, s2 = activations.sigmoid_prime(z1), activations.sigmoid_prime(z2)
    checks.ch06_two_neuron_dw1((y - t) * s2 * w2 * s1 * x, w1, b1, w2, b2, x, t)
    with pytest.raises(CheckFailed, match="w2 is missing"):
        checks.ch06_two_neuron_dw1((y - t) * s2 * s1 * x, w1, b1, w2, b2, x, t)
    with pytest.raises(CheckFailed, match=r"sigma'\(z1\) is missing"):
        checks.ch06_two_neuron_dw1((y - t) * s2 * w2 * x, w1, b1, w2, b2, x, t)
    with pytest.raises(CheckFailed, match="factor 2 too much"):
        checks.ch06_two_neuron_dw1(2 * (y - t) * s2 * w2 * s1 * x, w1, b1, w2, b2, x, t)


def test_ch06_regularized_refuses_t_zero():
    """With t = 0 an answer without t would pass: the check refuses such an exercise."""
    with pytest.raises(ValueError, match="t != 0"):
        checks.ch06_regularized_backward(0.1, 0.1, **dict(ARGS, t=0.0))


def test_ch06_the_chapters_own_variables_do_not_pass():
    """The issue: the chapter's x and t equalled the exercise's, so an answer with the wrong
    variables passed. Every input of the two exercises now differs from the chapter's."""
    import nbformat
    from pathlib import Path
    nb = nbformat.read(Path(__file__).resolve().parents[2] / "book" / "06_chain_rule.ipynb", 4)
    cells = [c for c in nb.cells if c.cell_type == "code"]
    first = next(i for i, c in enumerate(cells) if "BEGIN SOLUTION" in c.source)
    chapter = {}
    for cell in cells[:first]:
        if cell.source.startswith("w, b, x, t, lam"):
            exec(cell.source.splitlines()[0], chapter)
    inputs = {}
    for cell in cells[first:]:
        if "BEGIN SOLUTION" in cell.source:
            exec(cell.source.split("### BEGIN SOLUTION")[0], inputs)
    for name in ("w1_c", "b1_c", "w2_c", "b2_c", "x_c", "t_c", "w_r", "b_r", "x_r", "t_r",
                 "lam_r"):
        assert all(inputs[name] != chapter[k] for k in ("w", "b", "x", "t", "lam")), name
    w, b, x, t, lam = (chapter[k] for k in ("w", "b", "x", "t", "lam"))
    z1 = inputs["w1_c"] * x + inputs["b1_c"]
    z2 = inputs["w2_c"] * activations.sigmoid(z1) + inputs["b2_c"]
    wrong = ((activations.sigmoid(z2) - t) * activations.sigmoid_prime(z2) * inputs["w2_c"]
             * activations.sigmoid_prime(z1) * x)                 # the chapter's x and t
    with pytest.raises(CheckFailed, match="not the chapter's x, t"):
        checks.ch06_two_neuron_dw1(wrong, *(inputs[k] for k in ("w1_c", "b1_c", "w2_c", "b2_c",
                                                                 "x_c", "t_c")))
    v = lectures.regularized_graph(inputs["w_r"], inputs["b_r"], x, inputs["t_r"],
                                   inputs["lam_r"])                # the chapter's x
    v["L_reg"].backward()
    with pytest.raises(CheckFailed, match="not the chapter's"):
        checks.ch06_regularized_backward(float(v["w"].bar), float(v["b"].bar),
                                         *(inputs[k] for k in ("w_r", "b_r", "x_r", "t_r",
                                                               "lam_r")))
