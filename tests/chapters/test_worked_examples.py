"""The lectures' worked examples: each formula's numbers equal bpcourse.scalar's and finite differences'."""
import numpy as np
import pytest

from bpcourse import activations, checks, gradcheck, scalar, vectorized
from bpcourse.chapters import worked_examples as we


def _fd(net, X, T, loss):
    return gradcheck.finite_difference_grads(net, X, T, loss=loss)


def test_node_by_node_partials_match_scalar_and_finite_differences():
    net = we.node_by_node_net()
    X = np.array([we.NODE_BY_NODE_X])
    T = we.output_target(net, X)                       # dL/dz = 1: gradients of z itself
    v = we.node_by_node_partials(net, X)
    _, g = scalar.loss_and_grads(net, X, T)
    mine = we.node_by_node_params(v)
    assert max(gradcheck.compare(mine, g).values()) < 1e-12
    assert max(gradcheck.compare(mine, _fd(net, X, T, "half_squared")).values()) < 1e-7


def test_node_by_node_individual_formulas():
    net = we.node_by_node_net()
    v = we.node_by_node_partials(net, we.NODE_BY_NODE_X)
    s = activations.sigmoid
    assert v["c_bar"] == pytest.approx(0.5 * 1.0 + (-1.0) * (-0.5) + 0.1)        # 1.1
    assert v["c"] == pytest.approx(float(s(1.1)))
    sp_z = v["z"] * (1 - v["z"])
    assert v["dz/dz_bar"] == pytest.approx(sp_z)                                  # s'(z_bar)
    assert v["dz/dbeta_z"] == pytest.approx(sp_z)
    assert v["dz/dW_g,z"] == pytest.approx(v["g"] * sp_z)                         # g s'(z_bar)
    assert v["dz/df"] == pytest.approx(1.5 * sp_z)                                # W_f,z s'(z_bar)
    assert v["dz/df_bar"] == pytest.approx(v["dz/df"] * v["f"] * (1 - v["f"]))
    assert v["dz/dW_e,f"] == pytest.approx(v["dz/df_bar"] * v["e"])
    assert v["dz/dc"] == pytest.approx(1.0 * v["dz/df_bar"] - 1.0 * v["dz/dg_bar"]
                                       + 0.5 * v["dz/dh_bar"])                    # three paths
    assert len([k for k in v if k.startswith("dz/dW_")]) == 6 + 9 + 3


def test_feature_discovery_recursion_matches_scalar():
    net = we.feature_discovery_net()
    X, T = np.array([we.FEATURE_DISCOVERY_X]), np.array([[we.FEATURE_DISCOVERY_T]])
    r = we.feature_discovery(net, X, we.FEATURE_DISCOVERY_T)
    J, g = scalar.loss_and_grads(net, X, T)
    assert J == pytest.approx(0.5 * (r["pi"] - we.FEATURE_DISCOVERY_T) ** 2)
    for m in (1, 2, 3):                               # lecture's w_ij^(m) = weights[m-1][j, i]
        assert r[f"dL/dw{m}"].shape == net.weights[m - 1].T.shape
        assert gradcheck.relative_error(r[f"dL/dw{m}"], g.weights[m - 1].T) < 1e-12
    # dpi/dpi_j^(1) times dL/dpi is delta^(1) of the vectorized recursion
    Z, A = vectorized.forward(net, X)
    d2 = (A[3] - T) * 1.0
    d1 = activations.sigmoid_prime(Z[2]) * (d2 @ net.weights[2])
    d0 = activations.sigmoid_prime(Z[1]) * (d1 @ net.weights[1])
    assert np.allclose(r["dL/dpi"] * r["dpi/dpi1"], d0[0])
    fd = _fd(net, X, T, "half_squared")
    assert gradcheck.relative_error(r["dL/dw1"], fd.weights[0].T) < 1e-7


def test_simplest_case_deltas():
    net = we.simplest_case_net()
    v = we.simplest_case(net, we.SIMPLEST_X, we.SIMPLEST_Y)
    assert v["Z2_1"] == pytest.approx(0.1 + 0.8 * 0.5)
    assert v["delta3_1"] == pytest.approx(-2 * (1.0 - v["f"]))                   # identity output
    assert v["delta2_2"] == pytest.approx(v["delta3_1"] * 0.7 * v["a2_2"] * (1 - v["a2_2"]))
    X, T = [[we.SIMPLEST_X]], [[we.SIMPLEST_Y]]
    _, g = scalar.loss_and_grads(net, X, T, loss="squared")
    p = we.simplest_case_params(v)
    assert max(gradcheck.compare(p, g).values()) < 1e-12
    assert max(gradcheck.compare(p, _fd(net, X, T, "squared")).values()) < 1e-7


@pytest.mark.parametrize("H,K", [(1, 1), (3, 1), (3, 2)])
def test_one_input_formulas_match_scalar_and_fd(H, K):
    net = we.one_input_net(H, K)
    yd = np.array(we.ONE_INPUT_YD[:K])
    p = we.one_input_formulas(net, we.ONE_INPUT_X, yd)
    X, T = [[we.ONE_INPUT_X]], [yd]
    _, g = scalar.loss_and_grads(net, X, T, loss="squared")
    assert max(gradcheck.compare(p, g).values()) < 1e-12
    assert max(gradcheck.compare(p, _fd(net, X, T, "squared")).values()) < 1e-7
    assert np.all(np.abs(p.weights[0]) > 1e-4)        # every weight gets a gradient


def test_single_neuron_formula_by_hand():
    net = we.one_input_net(1, 1)                      # y = s(w2 s(w1 x + b1) + b2)
    x, yd = we.ONE_INPUT_X, we.ONE_INPUT_YD[0]
    s = activations.sigmoid
    z1 = 0.8 * x - 0.3
    a1 = float(s(z1))
    z2 = 1.6 * a1 - 0.5
    y = float(s(z2))
    dw1 = 2 * (y - yd) * y * (1 - y) * 1.6 * a1 * (1 - a1) * x
    assert we.one_input_formulas(net, x, [yd]).weights[0][0, 0] == pytest.approx(dw1)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="sizes"):
        we.node_by_node_partials(we.simplest_case_net(), [1.0, 2.0])
    with pytest.raises(ValueError, match="1 to 3 hidden"):
        we.one_input_net(5, 1)
    with pytest.raises(ValueError, match="target"):
        we.one_input_formulas(we.one_input_net(3, 2), 1.0, [0.5])
    with pytest.raises(ValueError, match="single number"):
        we.simplest_case(we.simplest_case_net(), [1.0, 2.0], 1.0)
    with pytest.raises(ValueError, match="bias"):
        we.make_net([np.eye(2)], [])


# --- the exercise checks of chapters 7 and 8 --------------------------------------------------

def _fails_with(fn, *args, match):
    with pytest.raises(checks.CheckFailed, match=match):
        fn(*args)


def test_ch07_simplest_deltas_check():
    net = we.simplest_case_net()
    v = we.simplest_case(net, we.SIMPLEST_X, we.SIMPLEST_Y)
    d3, d2 = v["delta3_1"], np.array([v["delta2_1"], v["delta2_2"]])
    checks.ch07_simplest_deltas(d3, d2)               # the reference passes
    _fails_with(checks.ch07_simplest_deltas, -d3, d2, match="sign")
    _fails_with(checks.ch07_simplest_deltas, d3 / 2, d2, match="factor 2")
    _fails_with(checks.ch07_simplest_deltas, d3, d3 * net.weights[1][0], match="missing g'")
    _fails_with(checks.ch07_simplest_deltas, d3, None, match="not answered yet")


def test_ch07_finite_difference_check():
    def central(f, theta, eps):
        theta = np.array(theta, dtype=float)
        out = np.zeros_like(theta)
        for i in range(theta.size):
            e = np.zeros_like(theta)
            e[i] = eps
            out[i] = (f(theta + e) - f(theta - e)) / (2 * eps)
        return out

    def one_sided(f, theta, eps):
        return np.array([(f(theta + eps * e) - f(theta)) / eps for e in np.eye(len(theta))])

    def no_half(f, theta, eps):
        return 2 * central(f, theta, eps)

    def mutates(f, theta, eps):
        g = central(f, theta, eps)
        theta[0] += 1.0
        return g

    checks.ch07_finite_difference(central)
    _fails_with(checks.ch07_finite_difference, one_sided, match="one-sided")
    _fails_with(checks.ch07_finite_difference, no_half, match="2 eps")
    _fails_with(checks.ch07_finite_difference, mutates, match="changed theta")


def test_ch08_delta_recursion_check():
    rng = np.random.default_rng(1)
    W, dn, Z = rng.normal(size=(3, 3)), rng.normal(size=3), rng.normal(size=3)
    dg = activations.sigmoid_prime(Z)
    checks.ch08_delta_recursion(dg * (W.T @ dn), W, dn, Z)
    _fails_with(checks.ch08_delta_recursion, W.T @ dn, W, dn, Z, match="missing g'")
    _fails_with(checks.ch08_delta_recursion, dg * (W @ dn), W, dn, Z, match="not transposed")
    W2 = rng.normal(size=(2, 3))                      # non-square: W @ delta has the wrong shape
    _fails_with(checks.ch08_delta_recursion, W2 @ rng.normal(size=3), W2, dn[:2], Z,
                match=r"shape \(2,\), expected \(3,\)")
    with pytest.raises(ValueError, match="expected W"):
        checks.ch08_delta_recursion(dg, W2, dn, Z)


def test_ch08_weight_grad_check():
    rng = np.random.default_rng(2)
    Delta, A = rng.normal(size=(5, 2)), rng.normal(size=(5, 3))
    checks.ch08_weight_grad(Delta.T @ A / 5, Delta, A)
    _fails_with(checks.ch08_weight_grad, Delta.T @ A, Delta, A, match="forgotten 1/m")
    _fails_with(checks.ch08_weight_grad, A.T @ Delta / 5, Delta, A, match="transposed")
    Ds, As = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))  # p_(l+1) = p_l: a transpose hides
    with pytest.raises(ValueError, match="all different"):
        checks.ch08_weight_grad(As.T @ Ds / 4, Ds, As)


def test_four_ways_agree_and_table():
    from bpcourse import MLP
    net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", seed=1)
    rng = np.random.default_rng(0)
    X, T = rng.normal(size=(5, 2)), (rng.random((5, 1)) > 0.5).astype(float)
    grads = we.four_ways(net, X, T, "bce")
    E, text = we.agreement_table(grads)
    assert list(grads) == ["scalar", "vectorized", "autodiff", "finite differences"]
    assert E.shape == (4, 4) and np.allclose(E, E.T) and np.all(np.diag(E) == 0)
    assert E[:3, :3].max() < 1e-12 and E[3, :3].max() < 1e-7
    assert text.splitlines()[1].split()[2] == "-" and "< 1e-12" in text


def test_order_of():
    assert we.order_of(0.0) == "< 1e-12"
    assert we.order_of(6.9e-9) == "< 1e-8"
    assert we.order_of(0.5) == "< 1e0"


def test_equations_and_partials_table_text():
    net = we.node_by_node_net()
    eq = we.node_by_node_equations(net).splitlines()
    assert eq[0] == "z_c = 0.5 a - 1 b + 0.1" and eq[-1] == "z_y = 1.5 f - 1 g + 0.5 h - 0.3"
    v = we.node_by_node_partials(net, we.NODE_BY_NODE_X)
    table = we.partials_table(v, ["dz/dbeta_{j}", "dz/dW_c,{j}"], "fgh").splitlines()
    assert len(table) == 4 and table[1].startswith("j = f")
    assert table[0].split() == ["dy/db_j", "dy/dw_jc"]
    assert float(table[1].split()[3]) == pytest.approx(v["dz/dbeta_f"], abs=1e-5)


def test_book_label_writes_lecture_keys_in_the_book_letters():
    assert we.book_label("c_bar") == "z_c" and we.book_label("z_bar") == "z_y"
    assert we.book_label("dz/dW_c,f") == "dy/dw_fc"          # lecture: from c to f; book: to, from
    assert we.book_label("dz/dW_h,z") == "dy/dw_yh"
    assert we.book_label("dz/dbeta_z") == "dy/db_y" and we.book_label("dz/dg_bar") == "dy/dz_g"
    assert we.book_label("dz/dc") == "dy/dc" and we.book_label("dz/dW_a,{j}") == "dy/dw_{j}a"
    v = we.node_by_node_partials(we.node_by_node_net(), we.NODE_BY_NODE_X)
    assert len({we.book_label(k) for k in v if k not in "abcdefghz"}) == len(
        [k for k in v if k not in "abcdefghz"])              # no two keys get one label
    with pytest.raises(ValueError, match="not a key"):
        we.book_label("dL/dw")


def test_chain_bias_formulas_match_backprop_for_a_chain_of_four_neurons():
    from bpcourse import MLP, scalar
    net = MLP([1, 1, 1, 1, 1], hidden="sigmoid", output="sigmoid", seed=4)
    x, t = 0.7, 0.2
    formulas = we.chain_bias_formulas(net, x, t)
    _, g = scalar.loss_and_grads(net, [[x]], [[t]], loss="squared")
    assert len(formulas) == 4
    assert np.allclose(formulas, [b[0] for b in g.biases], rtol=1e-12, atol=0)
    # by hand for the last two: 2 (y - t) s'(z4), then times w^(3) s'(z3)
    z, a = scalar.forward_example(net, [x])
    s = lambda v: 1 / (1 + np.exp(-v))
    ds = lambda v: s(v) * (1 - s(v))
    assert formulas[3] == pytest.approx(2 * (a[4][0] - t) * ds(z[4][0]))
    assert formulas[2] == pytest.approx(formulas[3] * net.weights[3][0, 0] * ds(z[3][0]))


def test_chain_bias_formulas_refuse_wider_or_other_networks():
    from bpcourse import MLP
    with pytest.raises(ValueError, match="one sigmoid unit per layer"):
        we.chain_bias_formulas(MLP([1, 2, 1], hidden="sigmoid", output="sigmoid"), 0.5, 1.0)
    with pytest.raises(ValueError, match="one sigmoid unit per layer"):
        we.chain_bias_formulas(MLP([1, 1, 1], hidden="tanh", output="sigmoid"), 0.5, 1.0)


def test_backprop_loop_runs_lecture_000s_algorithm_in_order_and_matches_backprop():
    from bpcourse import scalar
    net = we.feature_discovery_net()
    x, t = we.FEATURE_DISCOVERY_X, we.FEATURE_DISCOVERY_T
    steps, dL_dw = we.backprop_loop(net, x, t)
    texts = [text for text, _ in steps]
    assert texts[0].startswith("base case") and texts[1].startswith("(a) m = 2, j = 1")
    assert texts[3].startswith("(a) m = 1, j = 1") and texts[-1].startswith("(b) m = 3")
    assert len(steps) == 1 + 4 + 3
    _, g = scalar.loss_and_grads(net, np.array([x]), np.array([[t]]))
    for m in range(3):
        assert np.allclose(dL_dw[m], g.weights[m].T, rtol=1e-12, atol=1e-15)
    r = we.feature_discovery(net, x, t)                 # the same recursion, layer by layer
    assert np.allclose([v for text, v in steps[3:5]], r["dpi/dpi1"])


def test_backprop_loop_bad_input():
    from bpcourse import MLP
    with pytest.raises(ValueError, match="one linear output"):
        we.backprop_loop(MLP([3, 2, 1], output="sigmoid"), [1.0, 2.0, 3.0], 0.5)
    with pytest.raises(ValueError, match="must hold 3 inputs"):
        we.backprop_loop(we.feature_discovery_net(), [1.0, 2.0], 0.5)
