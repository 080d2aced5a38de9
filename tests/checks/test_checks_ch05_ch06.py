"""Chapter 5 and 6 checks: the reference passes, each usual mistake gets its hint."""
import numpy as np
import pytest

from bpcourse import activations, checks
from bpcourse.chapters import lectures, neuron
from bpcourse.checks import CheckFailed

X, YD = neuron.example_data()
W, B = -1.0, 1.0


def grad_parts():
    z = W * X + B
    r, s = activations.sigmoid(z) - YD, activations.sigmoid_prime(z)
    return r, s, np.stack([X, np.ones_like(X)])


def test_ch05_gradient_reference_passes(capsys):
    checks.ch05_neuron_gradient(neuron.cost_and_gradient(W, B, X, YD)[1], W, B, X, YD)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize("mistake, hint", [
    (lambda r, s, p: (2 * r * p).mean(axis=1), "sigma'(z)"),
    (lambda r, s, p: (2 * r * s * p).sum(axis=1), "divide by m"),
    (lambda r, s, p: (r * s * p).mean(axis=1), "factor 2"),
])
def test_ch05_gradient_mistakes_get_hints(mistake, hint):
    with pytest.raises(CheckFailed, match="Hint: .*" + hint.replace("(", r"\(").replace(")", r"\)")):
        checks.ch05_neuron_gradient(mistake(*grad_parts()), W, B, X, YD)


def test_ch05_gradient_wrong_shape_and_none():
    with pytest.raises(CheckFailed, match="shape"):
        checks.ch05_neuron_gradient([1.0, 2.0, 3.0], W, B, X, YD)
    with pytest.raises(CheckFailed, match="not answered yet"):
        checks.ch05_neuron_gradient(None, W, B, X, YD)


def test_ch05_descent_step():
    g = neuron.cost_and_gradient(W, B, X, YD)[1]
    checks.ch05_descent_step(np.array([W, B]) - 10 * g, W, B, X, YD, 10.0)
    with pytest.raises(CheckFailed, match="uphill"):
        checks.ch05_descent_step(np.array([W, B]) + 10 * g, W, B, X, YD, 10.0)


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
