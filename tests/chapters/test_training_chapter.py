"""Chapter 9: bpcourse.chapters.snapshots (training with snapshots, its figures) and checks.ch09."""
import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bpcourse import MLP, Params, datasets, gradcheck, train, vectorized  # noqa: E402
from bpcourse.chapters import snapshots  # noqa: E402
from bpcourse.draw import plotting  # noqa: E402
from bpcourse.checks import CheckFailed, ch09_l2_grads, ch09_sgd_epoch  # noqa: E402
from bpcourse.checks import ch09  # noqa: E402


@pytest.fixture
def circles():
    return datasets.circles(m=60, seed=2)


def test_fit_with_snapshots_records_every_k_epochs_and_does_not_change_training(circles):
    X, T = circles
    net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", seed=0)
    start = net.copy()
    history, snaps = snapshots.fit_with_snapshots(net, X, T, every=4, loss="bce", lr=0.5,
                                                  epochs=12, batch_size=10)
    assert [s.epoch for s in snaps] == [0, 4, 8, 12]
    # the first snapshot is the untrained network, and its loss is J before training
    assert np.array_equal(snaps[0].net.weights[0], start.weights[0])
    assert np.isclose(snaps[0].loss, vectorized.loss_and_grads(start, X, T, "bce")[0])
    # each later snapshot's loss is the history's entry of that epoch, and its own J
    for s in snaps[1:]:
        assert s.loss == history.loss[s.epoch - 1]
        assert np.isclose(s.loss, vectorized.loss_and_grads(s.net, X, T, "bce")[0], rtol=1e-12)
    # the last snapshot is the trained network, and copies are independent of it
    assert np.array_equal(snaps[-1].net.weights[1], net.weights[1])
    assert snaps[-1].net.weights[1] is not net.weights[1]
    # training with snapshots gives exactly what plain fit gives
    plain = start.copy()
    h2 = train.fit(plain, X, T, loss="bce", lr=0.5, epochs=12, batch_size=10)
    assert h2.loss == history.loss
    assert np.array_equal(plain.params().flat(), net.params().flat())


def test_fit_with_snapshots_refuses_bad_arguments(circles):
    X, T = circles
    net = MLP([2, 3, 1], output="sigmoid", seed=0)
    with pytest.raises(TypeError, match="callback"):
        snapshots.fit_with_snapshots(net, X, T, callback=lambda *a: None)
    with pytest.raises(ValueError, match="every"):
        snapshots.fit_with_snapshots(net, X, T, every=0)
    with pytest.raises(ValueError, match="column"):
        snapshots.fit_with_snapshots(net, X[:, :1], T)


def test_plot_hidden_lines_draws_one_line_per_unit_crossing_the_plane():
    X = np.array([[-1.0, -1.0], [1.0, 1.0]])
    net = MLP([2, 3, 1], init="zeros")
    net.weights[0] = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    net.biases[0] = np.array([0.0, 0.5, 100.0])      # the third line x1 + x2 = -100 is off the plot
    fig, ax = plt.subplots()
    snapshots.plot_hidden_lines(ax, net, X, resolution=30)
    plt.close(fig)
    assert len(ax.collections) == 2
    # the first line is x1 = 0, the second x2 = -0.5
    xs = np.concatenate([p.vertices[:, 0] for p in ax.collections[0].get_paths()])
    ys = np.concatenate([p.vertices[:, 1] for p in ax.collections[1].get_paths()])
    assert xs.size > 2 and np.allclose(xs, 0.0, atol=1e-9)
    assert ys.size > 2 and np.allclose(ys, -0.5, atol=1e-9)


def test_plot_hidden_units_draws_each_units_activation_and_hides_unused_panels(circles):
    X, T = circles
    net = MLP([2, 3, 1], hidden="tanh", seed=0)
    fig = snapshots.plot_hidden_units({"a": net, "b": MLP([2, 2, 1], seed=1)}, X, T)
    assert len(fig.axes) == 6 and not fig.axes[5].axison      # the unused panel is hidden
    assert [ax.get_title() for ax in fig.axes[:3]] == ["$a_1(x)$", "$a_2(x)$", "$a_3(x)$"]
    # the shading of unit 2 spans tanh(w_2 . x + b_2) over the plot's grid
    levels = fig.axes[1].collections[0].levels
    _, _, P = plotting.grid(X, 80, 0.5)
    a2 = np.tanh(P @ net.weights[0][1] + net.biases[0][1])
    assert levels[0] <= a2.min() and levels[-1] >= a2.max()
    plt.close(fig)


def test_plot_trained_draws_regions_and_the_loss_curve(circles):
    X, T = circles
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=0)
    h = train.fit(net, X, T, loss="bce", lr=0.5, epochs=5)
    fig = snapshots.plot_trained(net, X, T, h.loss, "five epochs")
    assert fig.axes[0].get_title() == "five epochs"
    np.testing.assert_array_equal(fig.axes[1].lines[0].get_ydata(), h.loss)
    plt.close(fig)


def test_plot_animation_has_one_frame_per_snapshot_and_at_most_25(circles):
    X, T = circles
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=0)
    h, snaps = snapshots.fit_with_snapshots(net, X, T, every=2, loss="bce", lr=0.5, epochs=4)
    html = snapshots.plot_animation(snaps, X, T, h.loss, alt="three frames")
    assert 'aria-label="three frames"' in html
    assert "new Array(3)" in html and len(re.findall(r"frames\[\d\] = ", html)) == 3
    # one frame per snapshot (epochs 0, 2, 4), plus the last one as the poster image
    assert html.count("data:image/png;base64") == 3 + 1
    assert html == snapshots.plot_animation(snaps, X, T, h.loss, alt="three frames")
    with pytest.raises(ValueError, match="1 to 25"):
        snapshots.plot_animation(snaps * 9, X, T, h.loss, alt="too many")


# ---- checks.ch09 ---------------------------------------------------------------------------

def good_sgd_epoch(net, X, T, lr, batch_size, rng, loss="bce"):
    order = rng.permutation(X.shape[0])
    for start in range(0, X.shape[0], batch_size):
        batch = order[start:start + batch_size]
        _, g = vectorized.loss_and_grads(net, X[batch], T[batch], loss)
        for p, gp in zip(net.weights + net.biases, g.weights + g.biases):
            p -= lr * gp


def test_ch09_sgd_epoch_accepts_the_reference(capsys):
    ch09_sgd_epoch(good_sgd_epoch)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize("mistake, hint", [
    (dict(shuffle=False), "shuffle"),
    (dict(average=False), "SUM"),
    (dict(sign=-1.0), "uphill"),
    (dict(whole_set=True), "whole data set"),
])
def test_ch09_sgd_epoch_names_each_usual_mistake(mistake, hint):
    def wrong(net, X, T, lr, batch_size, rng, loss="bce"):
        ch09._sgd_epoch_variant(net, X, T, lr, batch_size, rng, loss, **mistake)

    with pytest.raises(CheckFailed, match=hint):
        ch09_sgd_epoch(wrong)


def test_ch09_sgd_epoch_on_an_unwritten_function():
    def todo(*args):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="NotImplementedError"):
        ch09_sgd_epoch(todo)


def good_l2_grads(net, grads, l2):
    return Params([g + l2 * W for g, W in zip(grads.weights, net.weights)], list(grads.biases))


def test_ch09_l2_reference_is_the_gradient_of_the_penalised_cost():
    for sizes, seed, l2 in ch09.L2_PROBLEMS:
        net, grads, X, T = ch09._l2_problem(sizes, seed)
        expected = good_l2_grads(net, grads, l2)

        def J_reg() -> float:
            return vectorized.loss_and_grads(net, X, T, "bce")[0] + train.penalty(net, 0.0, l2)

        for l, W in enumerate(net.weights):
            fd = gradcheck.numerical_derivative(
                lambda W_: (net.weights.__setitem__(l, W_), J_reg())[1], W)
            net.weights[l] = W
            assert gradcheck.relative_error(expected.weights[l], fd) < 1e-7


def test_ch09_l2_grads_accepts_the_reference(capsys):
    ch09_l2_grads(good_l2_grads)
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, hint", [
    (lambda n, g, l2: Params([d + l2 * W for d, W in zip(g.weights, n.weights)],
                             [d + l2 * b for d, b in zip(g.biases, n.biases)]), "biases"),
    (lambda n, g, l2: Params([d - l2 * W for d, W in zip(g.weights, n.weights)], g.biases), "sign"),
    (lambda n, g, l2: Params([d + 2 * l2 * W for d, W in zip(g.weights, n.weights)], g.biases), "factor 2"),
    (lambda n, g, l2: Params([l2 * W for W in n.weights], [0 * d for d in g.biases]), "only the penalty"),
])
def test_ch09_l2_grads_names_each_usual_mistake(wrong, hint):
    with pytest.raises(CheckFailed, match=hint):
        ch09_l2_grads(wrong)


def test_ch09_l2_grads_wants_params():
    with pytest.raises(CheckFailed, match="Params"):
        ch09_l2_grads(lambda n, g, l2: [W for W in g.weights])
