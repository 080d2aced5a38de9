"""Chapter 5 and 6 checks: the reference passes, each usual mistake gets its hint."""
import re

import numpy as np
import pytest

from bpcourse import activations, checks
from bpcourse.chapters import lectures, neuron
from bpcourse.checks import CheckFailed, NotAnswered, ch06

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


def regularized(w, b, x, t, lam, slip=None):
    """A student's regularized_backward, right or with one usual slip."""
    z = w * x + b
    y = activations.sigmoid(z)
    z_bar = (y - t) * activations.sigmoid_prime(z)
    w_bar = z_bar * x + (0.0 if slip == "no R" else lam * w)
    return (z_bar, w_bar) if slip == "swapped" else (w_bar, z_bar)


def two_neuron(w1, b1, w2, b2, x, t, slip=None):
    """A student's two_neuron_dw1, right or with one usual slip."""
    z1 = w1 * x + b1
    a1 = activations.sigmoid(z1)
    z2 = w2 * a1 + b2
    y = activations.sigmoid(z2)
    s1, s2 = activations.sigmoid_prime(z1), activations.sigmoid_prime(z2)
    return {"no w2": (y - t) * s2 * s1 * x, "no sigma'(z1)": (y - t) * s2 * w2 * x,
            "factor 2": 2 * (y - t) * s2 * w2 * s1 * x}.get(slip, (y - t) * s2 * w2 * s1 * x)


def test_ch06_regularized_reference_passes_on_every_problem(capsys):
    checks.ch06_regularized_backward(regularized)
    assert f"✓ regularized_backward on {len(ch06.REGULARIZED_CASES)} problems" in \
        capsys.readouterr().out
    for case in ch06.REGULARIZED_CASES:                  # the bars of the engine
        v = lectures.regularized_graph(*case)
        v["L_reg"].backward()
        assert np.allclose(regularized(*case), (float(v["w"].bar), float(v["b"].bar)))


@pytest.mark.parametrize("slip, hint", [("no R", "regularizer's share"),
                                        ("swapped", "two bars are swapped")])
def test_ch06_regularized_mistakes_get_hints(slip, hint):
    with pytest.raises(CheckFailed, match="Hint: .*" + re.escape(hint)):
        checks.ch06_regularized_backward(lambda *a: regularized(*a, slip=slip))


def test_ch06_regularized_refuses_the_engine_and_a_stub():
    def engine(w, b, x, t, lam):
        v = lectures.regularized_graph(w, b, x, t, lam)
        v["L_reg"].backward()
        return float(v["w"].bar), float(v["b"].bar)

    with pytest.raises(CheckFailed, match="calls bpcourse's `chapters.lectures.regularized_"):
        checks.ch06_regularized_backward(engine)

    def stub(w, b, x, t, lam):
        raise NotImplementedError()
    with pytest.raises(NotAnswered, match="not answered yet"):
        checks.ch06_regularized_backward(stub)
    with pytest.raises(CheckFailed, match="expected the pair"):
        checks.ch06_regularized_backward(lambda *a: regularized(*a)[0])


def test_ch06_regularized_names_the_ignored_argument():
    first = regularized(*ch06.REGULARIZED_CASES[0])
    with pytest.raises(CheckFailed, match="right with w = -1.2 but not with w = 0.7"):
        checks.ch06_regularized_backward(lambda *a: first)
    with pytest.raises(CheckFailed, match="right with lam = 0.5 but not with lam = 0.05"):
        checks.ch06_regularized_backward(lambda w, b, x, t, lam: regularized(w, b, x, t, 0.5))


def test_ch06_two_neuron(capsys):
    checks.ch06_two_neuron_dw1(two_neuron)
    assert f"✓ two_neuron_dw1 on {len(ch06.TWO_NEURON_CASES)} problems" in \
        capsys.readouterr().out
    for slip, hint in (("no w2", "w2 is missing"), ("no sigma'(z1)", "sigma'(z1) is missing"),
                       ("factor 2", "factor 2 too much")):
        with pytest.raises(CheckFailed, match=re.escape(hint)):
            checks.ch06_two_neuron_dw1(lambda *a: two_neuron(*a, slip=slip))
    with pytest.raises(CheckFailed, match="right with b2 = 0.2 but not with b2 = -0.5"):
        checks.ch06_two_neuron_dw1(lambda w1, b1, w2, b2, x, t:
                                   two_neuron(w1, b1, w2, 0.2, x, t))


def test_ch06_two_neuron_refuses_the_engine():
    def engine(w1, b1, w2, b2, x, t):
        v = lectures.two_neuron_graph(w1, b1, w2, b2, x, t)
        v["J"].backward()
        return float(v["w1"].bar)
    with pytest.raises(CheckFailed, match="calls bpcourse's `chapters.lectures.two_neuron_"):
        checks.ch06_two_neuron_dw1(engine)


def test_ch06_no_named_mistake_gives_the_answer_on_a_problem():
    """Each problem tells every named mistake from the answer (t != 0, lam != 1, x != 1...)."""
    for case in ch06.REGULARIZED_CASES:
        v = lectures.regularized_graph(*case)
        v["L_reg"].backward()
        right = np.array([float(v["w"].bar), float(v["b"].bar)])
        for wrong, hint in ch06._regularized_mistakes(*case):
            assert not np.allclose(wrong, right, rtol=1e-3), (case, hint)
    for case in ch06.TWO_NEURON_CASES:
        right = two_neuron(*case)
        for wrong, hint in ch06._two_neuron_mistakes(*case, right):
            assert not np.isclose(wrong, right, rtol=1e-3), (case, hint)


def chapter_values() -> dict:
    """The chapter's own w, b, x, t, lam (its regularized example)."""
    import nbformat
    from pathlib import Path
    nb = nbformat.read(Path(__file__).resolve().parents[2] / "book" / "06_chain_rule.ipynb", 4)
    chapter = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith("w, b, x, t, lam"):
            exec(cell.source.splitlines()[0], chapter)
    return {k: chapter[k] for k in ("w", "b", "x", "t", "lam")}


def test_ch06_the_chapters_own_variables_do_not_pass():
    """The issue: the chapter's x and t equalled the exercise's, so an answer with the wrong
    variables passed. No problem of the checks uses a value of the chapter's, and a function
    that uses the chapter's x and t instead of its arguments fails."""
    ch = chapter_values()
    for case in ch06.REGULARIZED_CASES:
        assert all(v != ch[k] for k, v in zip(("w", "b", "x", "t", "lam"), case)), case
    for case in ch06.TWO_NEURON_CASES:
        assert all(v not in (ch["x"], ch["t"]) for v in case), case
    with pytest.raises(CheckFailed, match="not the chapter's x, t"):
        checks.ch06_two_neuron_dw1(lambda w1, b1, w2, b2, x, t:
                                   two_neuron(w1, b1, w2, b2, ch["x"], ch["t"]))
    with pytest.raises(CheckFailed, match="not the chapter's w, b, x, t, lam"):
        checks.ch06_regularized_backward(lambda w, b, x, t, lam:
                                         regularized(w, b, ch["x"], t, lam))
