"""Chapter 11: the forward-mode engine agrees with reverse mode and with finite differences."""
import numpy as np
import pytest

from bpcourse import MLP, autodiff, gradcheck
from bpcourse.chapters import forward_mode as F
from bpcourse.chapters.forward_mode import Dual


def test_dual_numbers_on_the_chain_example():
    for x in (2.0, -1.5, 0.3):
        f = (Dual(x, 1.0) ** 3) * (Dual(x, 1.0) ** 2)
        assert f.value == pytest.approx(x ** 5)
        assert f.tangent == pytest.approx(5 * x ** 4, rel=1e-14)


@pytest.mark.parametrize("op", ["exp", "log", "softplus", "sigmoid", "tanh", "relu", "identity"])
def test_each_elementwise_tangent_matches_finite_differences(op):
    x = np.array([0.3, 1.7, 2.5])                      # positive, away from relu's kink: log is defined
    v = np.array([1.0, -2.0, 0.5])
    _, tangent = F.jvp(lambda d, ops: getattr(ops, op)(d), x, v)
    fd = [gradcheck.numerical_derivative(lambda s, i=i: getattr(F, op)(Dual(x + s * v)).value[i], 0.0)
          for i in range(3)]
    assert gradcheck.relative_error(tangent, np.ravel(fd)) < 1e-8


def program(x, ops):
    """Every operation of both engines at least once, with a fork, a broadcast and a matrix product."""
    W = np.array([[0.5, -1.0, 0.2], [0.3, 0.8, -0.4]])
    h = ops.tanh(x @ W.T + np.array([0.1, -0.2]))      # (1, 2): bias broadcast over the row
    u = ops.sigmoid(h) * h - ops.exp(-h) / (2.0 + h ** 2)
    return (ops.log(1.0 + u * u) + ops.relu(h).T.sum() * x.mean()).sum() - 3.0 * ops.softplus(u).sum()


def test_forward_reverse_and_finite_differences_agree_on_a_program():
    x = np.array([[0.7, -1.2, 0.4]])
    g_forward = F.gradient(program, x)
    g_reverse = F.reverse_gradient(program, x)
    fd = gradcheck.numerical_derivative(lambda v: program(Dual(v), F).value, x)   # values only
    assert g_forward.shape == x.shape
    assert gradcheck.relative_error(g_forward, g_reverse) < 1e-13
    assert gradcheck.relative_error(g_forward, fd) < 1e-8


@pytest.mark.parametrize("hidden,output,seed", [("tanh", "identity", 0), ("sigmoid", "sigmoid", 1),
                                                ("relu", "tanh", 2)])
def test_jacobians_of_random_networks_by_both_modes(hidden, output, seed):
    rng = np.random.default_rng(seed)
    net = MLP([4, 5, 3], hidden=hidden, output=output, seed=seed)
    x = rng.normal(size=(1, 4))
    f = F.network_function(net)
    J_forward, J_reverse = F.jacobian_forward(f, x), F.jacobian_reverse(f, x)
    J_fd = np.stack([gradcheck.numerical_derivative(lambda v, k=k: net.forward(v)[0, k], x).ravel()
                     for k in range(3)])
    assert J_forward.shape == J_reverse.shape == (3, 4)
    assert np.allclose(J_forward, J_reverse, rtol=1e-12, atol=1e-15)
    assert gradcheck.relative_error(J_forward, J_fd) < 1e-7
    value, _ = F.jvp(f, x, np.zeros_like(x))
    assert np.allclose(value, net.forward(x), rtol=1e-14)


def test_jvp_and_vjp_are_transposes_of_each_other():
    rng = np.random.default_rng(3)
    net = MLP([6, 4, 2], hidden="tanh", output="sigmoid", seed=3)
    x, v, u = rng.normal(size=(1, 6)), rng.normal(size=(1, 6)), rng.normal(size=(1, 2))
    f = F.network_function(net)
    _, Jv = F.jvp(f, x, v)                             # forward: J v
    node = autodiff.Node(x)
    (f(node, autodiff) * u).sum().backward()           # reverse: u^T J
    assert np.sum(u * Jv) == pytest.approx(np.sum(node.bar * v), rel=1e-13)


def test_summed_network_function_counts_one_pass_per_input():
    net = MLP([7, 3, 2], hidden="sigmoid", seed=0)
    calls = []
    f = F.summed_network_function(net)

    def counted(x, ops):
        calls.append(ops.__name__)
        return f(x, ops)
    F.gradient(counted, np.ones((1, 7)))
    assert calls.count(F.__name__) == 7
    calls.clear()
    F.reverse_gradient(counted, np.ones((1, 7)))
    assert calls == [autodiff.__name__]


def test_jacobian_reverse_builds_the_graph_once():
    net = MLP([2, 3, 5], hidden="tanh", seed=0)
    calls = []
    f = F.network_function(net)
    F.jacobian_reverse(lambda x, ops: calls.append(1) or f(x, ops), np.ones((1, 2)))
    assert len(calls) == 1


def test_time_jacobians_returns_two_positive_times():
    net = MLP([3, 4, 1], hidden="tanh", seed=0)
    t_forward, t_reverse = F.time_jacobians(F.summed_network_function(net), np.ones((1, 3)), repeats=1)
    assert t_forward > 0 and t_reverse > 0


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="tangent has the shape"):
        Dual(np.zeros(3), np.zeros(2))
    with pytest.raises(TypeError, match="constant powers"):
        Dual(2.0, 1.0) ** Dual(2.0)
    with pytest.raises(ValueError, match="2-D"):
        Dual(np.ones(3)) @ Dual(np.ones(3))
    with pytest.raises(TypeError, match="f must be a function"):
        F.gradient("f", np.ones(2))
    with pytest.raises(ValueError, match="scalar f"):
        F.gradient(lambda x, ops: x * 2.0, np.ones(2))


def test_plot_costs_draws_both_modes_in_milliseconds():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    F.plot_costs(ax, {1: (0.001, 0.002), 10: (0.01, 0.002)}, "inputs")
    forward, reverse = ax.get_lines()
    assert list(forward.get_ydata()) == pytest.approx([1.0, 10.0])
    assert list(reverse.get_ydata()) == pytest.approx([2.0, 2.0])
    plt.close(fig)
