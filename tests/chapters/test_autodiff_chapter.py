"""Chapter 11: the node table, the timing of the two passes, the bars of Z, the ch11 checks.

The chapter's own cells (lecture 004's backward pass by hand, the count of multiply-adds,
the max gate, the forward-mode Dual) are checked by their asserts under nbval.
"""
import numpy as np
import pytest

from bpcourse import MLP, activations, autodiff, gradcheck, vectorized
from bpcourse.chapters import autodiff_tour as tour
from bpcourse.autodiff import Node
from bpcourse.checks import CheckFailed, ch11_div, ch11_silu


@pytest.mark.parametrize("hidden,output,loss", [("tanh", "identity", "half_squared"),
                                                ("sigmoid", "sigmoid", "squared")])
def test_bars_of_Z_are_the_deltas(hidden, output, loss):
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(6, 3)), rng.uniform(size=(6, 2))
    net = MLP([3, 4, 5, 2], hidden=hidden, output=output, seed=1)
    G = autodiff.network_graph(net, X, T, loss)
    G.J.backward()
    J, g = vectorized.loss_and_grads(net, X, T, loss)
    assert float(G.J.value) == pytest.approx(J, rel=1e-14)
    Z, A = vectorized.forward(net, X)
    D = vectorized.deltas(net, Z, A, T, loss)
    assert len(D) == len(G.Z) == 4 and D[0] is None and G.Z[0] is None
    for Zn, Dl in zip(G.Z[1:], D[1:]):
        np.testing.assert_allclose(Zn.bar, Dl, rtol=1e-12, atol=1e-16)
    for l in range(3):
        np.testing.assert_allclose(G.W[l].bar, g.weights[l], rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(G.b[l].bar, g.biases[l], rtol=1e-12, atol=1e-16)


def test_node_table_lists_the_topological_order_with_values_and_bars():
    x = Node(2.0, name="x")
    y, z = x ** 3, x ** 2
    f = y * z
    y.name, z.name, f.name = "y", "z", "f"
    assert tour.node_table(f).splitlines()[1].split()[-1] == "2.0000"   # no bar yet
    f.backward()
    rows = tour.node_table(f).splitlines()
    assert len(rows) == 5 and rows[1].split()[1] == "x" and rows[-1].split()[1] == "f"
    assert rows[1].split()[-1] == f"{5 * 2.0 ** 4:.4f}"              # df/dx = 5 x^4
    assert rows[-1].split()[3:5] == ["y,", "z"]


def test_a_constant_has_one_name_in_the_node_table():
    x = Node(2.0, name="x")
    f = x * 3.0                                       # the 3.0 becomes an unnamed leaf
    f.backward()
    rows = [r.split() for r in tour.node_table(f).splitlines()[1:]]
    const = [r for r in rows if r[1] == "const"]
    assert len(const) == 1 and const[0][2] == "leaf" and const[0][-1] == f"{2.0:.4f}"
    assert rows[-1][1] == "*" and "const" in rows[-1]     # an unnamed product: its op


def test_node_table_shows_the_shape_of_an_array():
    A = Node(np.ones((2, 3)), name="A")
    s = A.sum()
    s.backward()
    assert "(2, 3)" in tour.node_table(s).splitlines()[1]


def test_time_passes_returns_the_best_positive_times():
    net = MLP([3, 8, 2], seed=0)
    X, T = np.ones((10, 3)), np.zeros((10, 2))
    t_f, t_b = tour.time_passes(net, X, T, repeats=2)
    assert 0 < t_f < 5 and 0 < t_b < 5
    many = tour.time_passes(MLP([50, 200, 200, 10], seed=0), np.ones((200, 50)),
                            np.zeros((200, 10)), repeats=3)
    assert many[0] > t_f and many[1] > t_b                # more arithmetic, more time
    with pytest.raises(TypeError, match="repeats must be a positive integer"):
        tour.time_passes(net, X, T, repeats=1.5)
    with pytest.raises(ValueError):
        tour.time_passes(net, X, T, repeats=0)
    with pytest.raises(ValueError, match="use output='sigmoid'"):
        tour.time_passes(MLP([3, 1]), X, np.zeros((10, 1)), loss="bce")


# -- the chapter 11 checks --------------------------------------------------------------------
def make_silu(derivative, accumulate=True):
    """A SiLU op with the given local derivative, adding (+=) or assigning (=) the bar, as a
    student writes it (the check refuses its own builder of wrong answers as an answer)."""
    def silu(x):
        out = Node(x.value * activations.sigmoid(x.value), (x,), "silu")

        def _backward():
            if accumulate:
                x.bar += out.bar * derivative(x.value)
            else:
                x.bar = out.bar * derivative(x.value)
        out._backward = _backward
        return out
    return silu


def silu_prime(v):
    s = activations.sigmoid(v)
    return s + v * s * (1 - s)


def test_ch11_silu_accepts_reference(capsys):
    ch11_silu(make_silu(silu_prime))
    assert capsys.readouterr().out.count("✓") == 1     # one line for the 3 inputs


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


def test_ch11_div_accepts_reference_and_refuses_engine_division(capsys):
    ch11_div(make_div(lambda a, b: 1 / b, lambda a, b: -a / b ** 2))
    assert capsys.readouterr().out.count("✓") == 1     # one line for the 3 inputs
    with pytest.raises(CheckFailed, match=r"calls bpcourse's `autodiff\.Node\.__truediv__`"):
        ch11_div(lambda a, b: a / b)              # the engine's own division does the work


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
