"""Chapter 11: the autodiff tour's examples, deltas as bars, costs, and the ch11 checks."""
import numpy as np
import pytest

from bpcourse import MLP, activations, autodiff, gradcheck, vectorized
from bpcourse.chapters import autodiff_tour as tour
from bpcourse.autodiff import Node
from bpcourse.checks import CheckFailed, ch11_div, ch11_silu
from bpcourse.checks.ch11 import _silu_variant


def test_chain_example_gives_five_x_to_the_fourth():
    for x in (2.0, -1.5, 0.3):
        ex = tour.chain_example(x)
        ex["f"].backward()
        assert ex["f"].value == pytest.approx(x ** 5)
        assert ex["x"].bar == pytest.approx(5 * x ** 4, rel=1e-14)
        assert ex["y"].bar == pytest.approx(x ** 2) and ex["z"].bar == pytest.approx(x ** 3)


@pytest.mark.parametrize("w,b,x,t,lam", [(0.5, -1.0, 1.5, 1.0, 0.1), (1.0, 0.0, 2.0, 0.0, 0.5),
                                         (-2.0, 0.3, -0.7, 1.0, 0.0)])
def test_regularized_example_engine_equals_hand_pass_and_finite_differences(w, b, x, t, lam):
    nodes = tour.regularized_example(w, b, x, t, lam)
    nodes["L_reg"].backward()
    hand = tour.regularized_bars(w, b, x, t, lam)
    for name, bar in hand.items():
        assert nodes[name].bar == pytest.approx(bar, rel=1e-14, abs=1e-300)
    s = activations.sigmoid

    def L_reg(v):
        return 0.5 * (s(v[0] * x + v[1]) - t) ** 2 + 0.5 * lam * v[0] ** 2
    fd = gradcheck.numerical_derivative(L_reg, [w, b])
    assert gradcheck.relative_error([hand["w"], hand["b"]], fd) < 1e-8


def test_regularized_exercise_numbers():
    hand = tour.regularized_bars(1.0, 0.0, 2.0, 0.0, 0.5)
    assert hand["z"] == pytest.approx(0.0925, abs=5e-5)
    assert hand["w"] == pytest.approx(0.6850, abs=5e-5)


def test_overwriting_mul_loses_a_path():
    x = Node(3.0)
    f = tour.mul_overwriting(x, x)
    f.backward()
    assert x.bar == 3.0
    x = Node(3.0)
    (x * x).backward()
    assert x.bar == 6.0


@pytest.mark.parametrize("hidden,output,loss", [("tanh", "identity", "half_squared"),
                                                ("sigmoid", "sigmoid", "squared")])
def test_bars_of_Z_are_the_deltas(hidden, output, loss):
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(6, 3)), rng.uniform(size=(6, 2))
    net = MLP([3, 4, 5, 2], hidden=hidden, output=output, seed=1)
    G = tour.mlp_graph(net, X, T, loss)
    G.J.backward()
    J, g = vectorized.loss_and_grads(net, X, T, loss)
    assert float(G.J.value) == pytest.approx(J, rel=1e-14)
    D = tour.deltas(net, X, T, loss)
    assert len(D) == len(G.Z) == 4 and D[0] is None and G.Z[0] is None
    for Zn, Dl in zip(G.Z[1:], D[1:]):
        np.testing.assert_allclose(Zn.bar, Dl, rtol=1e-12, atol=1e-16)
    for l in range(3):
        np.testing.assert_allclose(G.W[l].bar, g.weights[l], rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(G.b[l].bar, g.biases[l], rtol=1e-12, atol=1e-16)


def test_mlp_graph_takes_every_loss_and_refuses_bad_input():
    net = MLP([2, 2, 1], output="sigmoid", seed=0)
    X, T = np.ones((2, 2)), np.array([[0.0], [1.0]])
    G = tour.mlp_graph(net, X, T, "bce")
    G.J.backward()
    assert float(G.J.value) == vectorized.loss_and_grads(net, X, T, "bce")[0]
    assert [n.name for n in G.Z[1:]] == ["Z1", "Z2"] and G.J.name == "J"
    with pytest.raises(ValueError, match="use output='sigmoid'"):
        tour.mlp_graph(MLP([2, 1]), X, T, "bce")


def test_matmul_counts_and_node_table():
    net = MLP([4, 5, 3], seed=0)
    G = tour.mlp_graph(net, np.ones((7, 4)), np.zeros((7, 3)))
    fwd, bwd = tour.matmul_counts(G.J)
    assert fwd == 7 * 4 * 5 + 7 * 5 * 3 and bwd == 2 * fwd
    ex = tour.chain_example(2.0)
    ex["f"].backward()
    rows = tour.node_table(ex["f"]).splitlines()
    assert len(rows) == 5 and rows[1].split()[1] == "x" and rows[-1].split()[1] == "f"
    assert "80.0000" in rows[1]


def test_time_passes_returns_positive_times():
    net = MLP([3, 8, 2], seed=0)
    t_f, t_b = tour.time_passes(net, np.ones((10, 3)), np.zeros((10, 2)), repeats=2)
    assert 0 < t_f < 5 and 0 < t_b < 5


def test_backward_forward_ratio_is_a_median_of_positive_ratios():
    net = MLP([3, 8, 2], seed=0)
    X, T = np.ones((10, 3)), np.zeros((10, 2))
    ratio = tour.backward_forward_ratio(net, X, T, repeats=3)
    assert 0 < ratio < 1000
    times = tour._timed_passes(net, X, T, "half_squared", 4)
    assert times.shape == (4, 2) and np.all(times > 0)
    with pytest.raises(TypeError, match="repeats must be a positive integer"):
        tour.backward_forward_ratio(net, X, T, repeats=1.5)
    with pytest.raises(ValueError):
        tour.backward_forward_ratio(net, X, T, repeats=0)


def test_bad_numbers_refused():
    with pytest.raises(TypeError, match="x must be a real number"):
        tour.chain_example("2")
    with pytest.raises(ValueError, match="finite"):
        tour.regularized_bars(1.0, 0.0, np.nan, 0.0, 0.1)


# -- the chapter 11 checks --------------------------------------------------------------------
def make_silu(derivative, accumulate=True):
    """A SiLU op with the given local derivative (the checks' own builder of wrong answers)."""
    return _silu_variant(derivative, accumulate)


def silu_prime(v):
    s = activations.sigmoid(v)
    return s + v * s * (1 - s)


def test_ch11_silu_accepts_reference(capsys):
    ch11_silu(make_silu(silu_prime))
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize("silu,hint", [
    (make_silu(activations.sigmoid), "product rule"),
    (make_silu(lambda v: v * activations.sigmoid_prime(v)), "you kept only"),
    (make_silu(silu_prime, accumulate=False), r"x\.bar \+="),
])
def test_ch11_silu_hints(silu, hint):
    with pytest.raises(CheckFailed, match=hint):
        ch11_silu(silu)


def test_ch11_silu_refuses_non_node_and_missing_parents():
    with pytest.raises(CheckFailed, match="must return an autodiff Node"):
        ch11_silu(lambda x: x.value)
    with pytest.raises(CheckFailed, match="parents"):
        ch11_silu(lambda x: Node(x.value))


def make_div(da, db, accumulate=True):
    def div(a, b):
        out = Node(a.value / b.value, (a, b), "/")

        def _backward():
            if accumulate:
                a.bar += out.bar * da(a.value, b.value)
                b.bar += out.bar * db(a.value, b.value)
            else:
                a.bar = out.bar * da(a.value, b.value)
                b.bar = out.bar * db(a.value, b.value)
        out._backward = _backward
        return out
    return div


def test_ch11_div_accepts_reference_and_engine_division(capsys):
    ch11_div(make_div(lambda a, b: 1 / b, lambda a, b: -a / b ** 2))
    ch11_div(lambda a, b: a / b)                  # the engine's own division
    assert capsys.readouterr().out.count("✓") == 4


@pytest.mark.parametrize("div,hint", [
    (make_div(lambda a, b: 1 / b, lambda a, b: a / b ** 2), "sign"),
    (make_div(lambda a, b: 1 / b, lambda a, b: -1 / b ** 2), "factor a is missing"),
    (make_div(lambda a, b: -a / b ** 2, lambda a, b: 1 / b), "swapped"),
    (make_div(lambda a, b: 1 / b, lambda a, b: -a / b ** 2, accumulate=False), r"\+="),
])
def test_ch11_div_hints(div, hint):
    with pytest.raises(CheckFailed, match=hint):
        ch11_div(div)


def test_engine_agrees_with_vectorized_on_an_mlp():
    rng = np.random.default_rng(2)
    X, T = rng.normal(size=(5, 2)), rng.uniform(size=(5, 1))
    net = MLP([2, 3, 1], hidden="sigmoid", output="sigmoid", seed=0)
    J_a, g_a = autodiff.loss_and_grads(net, X, T, "bce")
    J_v, g_v = vectorized.loss_and_grads(net, X, T, "bce")
    assert J_a == pytest.approx(J_v, rel=1e-14)
    assert max(gradcheck.compare(g_a, g_v).values()) < 1e-12
