"""The backprop stepper's steps carry the numbers of bpcourse.vectorized and bpcourse.scalar."""
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from bpcourse import MLP, scalar, vectorized
from bpcourse.draw import display
from bpcourse.widgets import stepper

matplotlib.use("Agg")


def _grads_from_steps(net, steps):
    dW = [np.full(W.shape, np.nan) for W in net.weights]
    db = [np.full(b.shape, np.nan) for b in net.biases]
    for s in steps:
        if s.kind == "dW":
            l, j, k = s.edge
            dW[l][j, k] = s.value
        elif s.kind == "db":
            l, j = s.node
            db[l - 1][j] = s.value
    return dW, db


def test_default_problem_steps_in_order():
    net, x, t = stepper.default_problem()
    steps = stepper.stepper_steps(net, x, t)
    kinds = [s.kind for s in steps]
    assert len(steps) == 19                            # 6 forward, loss, 3 deltas, 6 dW, 3 db
    assert kinds[:6] == ["z", "a"] * 3 and kinds[6] == "loss" and kinds[7] == "delta"
    assert kinds.count("dW") == 6 and kinds.count("db") == 3 and kinds.count("delta") == 3
    assert steps[-1].kind == "db" and steps[-1].node == (1, 1)
    assert steps[0].value == pytest.approx(0.6 * 1.0 - 0.4 * 0.5 + 0.1)   # z_1^(1) = 0.5
    assert "(0.6)(1) + (-0.4)(0.5) + 0.1 = 0.5" in steps[0].formula


@pytest.mark.parametrize("loss", ["half_squared", "squared", "bce"])
def test_values_equal_vectorized_and_scalar(loss):
    net, x, t = stepper.default_problem()
    steps = stepper.stepper_steps(net, x, t, loss)
    X, T = x.reshape(1, -1), t.reshape(1, -1)
    J, g = vectorized.loss_and_grads(net, X, T, loss)
    dW, db = _grads_from_steps(net, steps)
    for l in range(2):
        np.testing.assert_allclose(dW[l], g.weights[l], rtol=1e-12)
        np.testing.assert_allclose(db[l], g.biases[l], rtol=1e-12)
    assert [s for s in steps if s.kind == "loss"][0].value == pytest.approx(J)
    Z, A = vectorized.forward(net, X)
    for s in steps:
        if s.kind == "z":
            assert s.value == pytest.approx(Z[s.node[0]][0, s.node[1]])
        elif s.kind == "a":
            assert s.value == pytest.approx(A[s.node[0]][0, s.node[1]])
    _, gs = scalar.loss_and_grads(net, X, T, loss)
    np.testing.assert_allclose(dW[0], gs.weights[0], rtol=1e-12)


def test_deeper_network_and_delta_values():
    net = MLP([3, 4, 2, 2], hidden=["tanh", "relu"], output="identity", seed=4)
    x, t = np.array([0.5, -1.0, 2.0]), np.array([0.3, -0.2])
    steps = stepper.stepper_steps(net, x, t)
    X, T = x.reshape(1, -1), t.reshape(1, -1)
    _, g = vectorized.loss_and_grads(net, X, T)
    dW, db = _grads_from_steps(net, steps)
    for l in range(3):
        np.testing.assert_allclose(dW[l], g.weights[l], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db[l], g.biases[l], rtol=1e-12, atol=1e-15)
    deltas = {s.node: s.value for s in steps if s.kind == "delta"}
    for (l, i), d in deltas.items():                   # delta_i^(l) = dL/db_i^(l-1)
        assert d == pytest.approx(g.biases[l - 1][i], abs=1e-15)
    assert len(stepper.frame_indices(len(steps))) <= stepper.MAX_FRAMES


def test_state_at_and_frames():
    net, x, t = stepper.default_problem()
    steps = stepper.stepper_steps(net, x, t)
    st = stepper.state_at(steps, 7)
    assert set(st["z"]) == {(1, 0), (1, 1), (2, 0)} and st["loss"] is not None
    assert st["delta"] == {} and st["dW"] == {}
    full = stepper.state_at(steps, len(steps))
    assert len(full["dW"]) == 6 and len(full["db"]) == 3 and len(full["delta"]) == 3
    assert stepper.frame_indices(19) == list(range(20))
    thin = stepper.frame_indices(60)
    assert thin[0] == 0 and thin[-1] == 60 and len(thin) <= 25
    with pytest.raises(ValueError, match="between 0 and 19"):
        stepper.state_at(steps, 20)


def test_plot_step_highlights_current_edge():
    net, x, t = stepper.default_problem()
    steps = stepper.stepper_steps(net, x, t)
    n = next(i for i, s in enumerate(steps, 1) if s.kind == "dW")
    fig = plt.figure()
    stepper.plot_step(fig, net, x, steps, n)
    widths = [line.get_linewidth() for line in fig.axes[0].lines]
    assert sorted(widths)[-1] == 4.0 and sorted(widths)[-2] < 4.0   # exactly one thick edge
    texts = " ".join(tt.get_text() for tt in fig.texts)
    assert f"step {n} of 19" in texts and steps[n - 1].formula in texts
    plt.close(fig)


def test_widget_returns_interactive_with_animation():
    w = stepper.backprop_stepper()
    assert isinstance(w, display.Interactive)
    assert "19 steps" in w.summary
    # 20 frames, and the last one again as the picture shown without JavaScript
    assert "bpcourse-animation" in w.static_html and w.static_html.count("data:image/png") == 21
    assert w.static_html.png and f'src="data:image/png;base64,{w.static_html.png}"' in w.static_html


def test_bad_input():
    net, x, t = stepper.default_problem()
    with pytest.raises(ValueError, match="column"):
        stepper.stepper_steps(net, [1.0, 2.0, 3.0], t)
    with pytest.raises(ValueError, match="unknown loss"):
        stepper.stepper_steps(net, x, t, loss="hinge")
    with pytest.raises(ValueError, match="give x and t"):
        stepper.backprop_stepper(net)


def test_netdraw_positions_and_highlight():
    from bpcourse.draw import netdraw
    pos = netdraw.node_positions([2, 3, 1])
    assert [len(layer) for layer in pos] == [2, 3, 1]
    assert pos[1][1] == (1.5, 0.0) and pos[2][0] == (3.0, 0.0)       # centred on y = 0
    assert pos[1][0][1] == pytest.approx(-pos[1][2][1])
    with pytest.raises(ValueError, match="positive widths"):
        netdraw.node_positions([2, 0])
    fig, ax = plt.subplots()
    netdraw.plot_network(ax, [2, 3, 1], highlight_edge=(0, 2, 1), labels={(1, 0): "z = 1"},
                         edge_labels={(1, 0, 2): "0.5"})
    assert sum(line.get_linewidth() == 4.0 for line in ax.lines) == 1
    assert len(ax.lines) == 2 * 3 + 3 * 1
    assert {t.get_text() for t in ax.texts} == {"z = 1", "0.5"}
    plt.close(fig)


@pytest.mark.parametrize("loss", ["half_squared", "squared", "bce"])
def test_example_trace_is_what_the_stepper_shows(loss):
    net = MLP([3, 4, 2, 2], hidden=["tanh", "sigmoid"], output="sigmoid", seed=4)
    x, t = np.array([0.5, -1.0, 2.0]), np.array([0.3, 0.8])
    J, z, a, delta = scalar.example_trace(net, x, t, loss)
    X, T = x.reshape(1, -1), t.reshape(1, -1)
    Jv, g = vectorized.loss_and_grads(net, X, T, loss)
    Z, A = vectorized.forward(net, X)
    assert J == pytest.approx(Jv) and z[0] == [] and delta[0] == []
    for l in range(1, 4):
        np.testing.assert_allclose(z[l], Z[l][0], rtol=1e-12)
        np.testing.assert_allclose(a[l], A[l][0], rtol=1e-12)
        np.testing.assert_allclose(delta[l], g.biases[l - 1], rtol=1e-12)  # dL/db = delta
    shown = {(s.kind, s.node): s.value for s in stepper.stepper_steps(net, x, t, loss)}
    assert all(shown[("delta", (l, j))] == delta[l][j]
               for l in range(1, 4) for j in range(len(delta[l])))
    assert all(shown[("z", (l, j))] == z[l][j] for l in range(1, 4) for j in range(len(z[l])))
