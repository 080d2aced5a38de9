"""The lectures' worked examples: the networks hold the lectures' shapes and the book's numbers,
and the lecture's formulas, evaluated on them, equal bpcourse.scalar (the chapters compute every
partial in their own cells; these tests pin the networks they stand on)."""
import numpy as np
import pytest

from bpcourse import activations, gradcheck, scalar, vectorized
from bpcourse.chapters import worked_examples as we


def test_networks_have_the_lectures_shapes():
    assert we.node_by_node_net().sizes == [2, 3, 3, 1]
    assert [len(n) for n in we.NODE_NAMES] == we.node_by_node_net().sizes
    net = we.feature_discovery_net()
    assert net.sizes == [3, 2, 2, 1] and net.activation_names == ["sigmoid", "sigmoid", "identity"]
    assert all(np.all(b == 0) for b in net.biases)     # lecture 000's network has no biases
    assert we.simplest_case_net().sizes == [1, 2, 1]
    for H, K in [(1, 1), (3, 1), (3, 2)]:
        small, big = we.one_input_net(H, K), we.one_input_net(3, 2)
        assert small.sizes == [1, H, K]
        assert np.array_equal(small.weights[1], big.weights[1][:K, :H])   # the same numbers


def test_make_net_sets_the_given_numbers():
    net = we.make_net([[[1.0, 2.0]], [[3.0]]], [[0.5], [-1.0]], output="sigmoid")
    assert net.sizes == [2, 1, 1]
    x = np.array([[0.5, -0.25]])
    z1 = 1.0 * 0.5 + 2.0 * -0.25 + 0.5
    y = activations.sigmoid(3.0 * activations.sigmoid(z1) - 1.0)
    assert net.forward(x)[0, 0] == pytest.approx(y)


def test_node_by_node_first_unit_and_output_by_hand():
    net = we.node_by_node_net()
    a, b = we.NODE_BY_NODE_X
    z, act = scalar.forward_example(net, [a, b])
    assert z[1][0] == pytest.approx(0.5 * a - 1.0 * b + 0.1)          # z_c = 1.1
    # dy/dz_y = sigma'(z_y): with L = (y - t)^2 and t = y - 1/2, delta^(3) is exactly that
    y = act[3][0]
    _, _, _, delta = scalar.example_trace(net, [a, b], [y - 0.5], "squared")
    assert delta[3][0] == pytest.approx(y * (1 - y))


def test_simplest_case_deltas_by_the_lecture_formula():
    net = we.simplest_case_net()
    x, t = we.SIMPLEST_X, we.SIMPLEST_Y
    w0, b0 = net.weights[0][:, 0], net.biases[0]
    w1, b1 = net.weights[1][0], net.biases[1][0]
    z1 = b0 + w0 * x
    y = b1 + w1 @ activations.sigmoid(z1)
    d2 = -2 * (t - y)
    d1 = d2 * w1 * activations.sigmoid_prime(z1)
    _, g = scalar.loss_and_grads(net, [[x]], [[t]], loss="squared")
    assert g.biases[1][0] == pytest.approx(d2) and np.allclose(g.biases[0], d1)
    v = {"dL/dw1_11": d1[0] * x, "dL/dw1_21": d1[1] * x, "dL/dw2_11": 0.0,
         "dL/dw2_12": 0.0, "dL/db1_1": d1[0], "dL/db1_2": d1[1], "dL/db2_1": d2}
    p = we.simplest_case_params(v)                      # laid out like net.weights
    assert np.allclose(p.weights[0], g.weights[0]) and np.allclose(p.biases[0], g.biases[0])
    assert [W.shape for W in p.weights] == [W.shape for W in net.weights]


def test_feature_discovery_against_finite_differences():
    net = we.feature_discovery_net()
    X, T = np.array([we.FEATURE_DISCOVERY_X]), np.array([[we.FEATURE_DISCOVERY_T]])
    _, g = vectorized.loss_and_grads(net, X, T, loss="squared")
    fd = gradcheck.finite_difference_grads(net, X, T, loss="squared")
    assert max(gradcheck.compare(g, fd).values()) < 1e-7


def test_order_of():
    assert we.order_of(0.0) == "< 1e-12"
    assert we.order_of(6.9e-9) == "< 1e-8"
    assert we.order_of(0.5) == "< 1e0"
