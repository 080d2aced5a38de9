"""bpcourse.train.fit's options (chapter 9): each against a loop written out by hand, and its effect."""
import numpy as np
import pytest

from bpcourse import MLP, datasets, gradcheck, train, vectorized
from torch_reference import fit_both


def epochs_to_reach(losses, target):          # chapter 9 computes these three on its page
    hit = np.flatnonzero(np.asarray(losses) <= target)
    return int(hit[0]) + 1 if hit.size else None


def near_zero_fraction(net, tol=1e-2):
    return np.mean(np.abs(np.concatenate([W.ravel() for W in net.weights])) < tol)


def weight_norm(net):
    return np.sqrt(sum((W * W).sum() for W in net.weights))


@pytest.fixture
def moons():
    return datasets.moons(m=40, seed=3)


def params(net):
    return net.weights + net.biases


def test_full_batch_fit_is_the_four_step_loop(moons):
    X, T = moons
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=0)
    by_hand = net.copy()
    losses = []
    for _ in range(4):
        _, g = vectorized.loss_and_grads(by_hand, X, T, "bce")
        for p, gp in zip(params(by_hand), g.weights + g.biases):
            p -= 0.3 * gp
        losses.append(vectorized.loss_and_grads(by_hand, X, T, "bce")[0])
    h = train.fit(net, X, T, loss="bce", lr=0.3, epochs=4)
    assert h.loss == losses and h.lr == [0.3] * 4
    assert np.array_equal(net.params().flat(), by_hand.params().flat())
    # batch_size = m is the same as full batch (no shuffle is needed)
    again = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=0)
    assert train.fit(again, X, T, loss="bce", lr=0.3, epochs=4, batch_size=40).loss == h.loss


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_is_the_velocity_update(moons, nesterov):
    X, T = moons
    mu, eta = 0.8, 0.2
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=1)
    by_hand = net.copy()
    v = [np.zeros_like(p) for p in params(by_hand)]
    for _ in range(3):
        if nesterov:                                       # gradient at theta + mu v
            look = by_hand.copy()
            for p, vp in zip(params(look), v):
                p += mu * vp
            _, g = vectorized.loss_and_grads(look, X, T, "bce")
        else:
            _, g = vectorized.loss_and_grads(by_hand, X, T, "bce")
        for p, vp, gp in zip(params(by_hand), v, g.weights + g.biases):
            vp[...] = mu * vp - eta * gp
            p += vp
    train.fit(net, X, T, loss="bce", lr=eta, epochs=3, momentum=mu, nesterov=nesterov)
    assert np.allclose(net.params().flat(), by_hand.params().flat(), rtol=1e-12, atol=1e-14)


def test_momentum_and_nesterov_leave_the_plateau_sooner():
    X, T = datasets.circles(m=200, seed=0)
    reach = {}
    for name, kw in {"plain": {}, "momentum": dict(momentum=0.9),
                     "nesterov": dict(momentum=0.9, nesterov=True)}.items():
        net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", seed=0)
        reach[name] = epochs_to_reach(train.fit(net, X, T, loss="bce", lr=0.2, epochs=200, **kw).loss, 0.3)
    assert reach["plain"] is None
    assert reach["nesterov"] <= reach["momentum"] < 120


def test_schedules_set_the_learning_rate_of_each_epoch(moons):
    X, T = moons
    k = np.arange(25)
    for schedule, factor in [(train.step_decay(0.5, 10), 0.5 ** (k // 10)),
                             (train.exponential_decay(0.1), np.exp(-0.1 * k))]:
        net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=0)
        h = train.fit(net, X, T, loss="bce", lr=0.4, epochs=25, batch_size=8, schedule=schedule)
        assert np.allclose(h.lr, 0.4 * factor, rtol=1e-12)


def test_a_decaying_rate_calms_the_minibatch_noise():
    X, T = datasets.moons(m=200, seed=0)
    jitter = {}
    for name, schedule in [("constant", None), ("step", train.step_decay(0.5, 20))]:
        net = MLP([2, 8, 1], hidden="tanh", output="sigmoid", seed=0)
        h = train.fit(net, X, T, loss="bce", lr=2.0, epochs=60, batch_size=10, schedule=schedule)
        jitter[name] = np.abs(np.diff(h.loss[-20:])).mean()
    assert jitter["step"] < jitter["constant"] / 10


def test_penalties_act_on_the_weights_only_with_the_documented_gradient(moons):
    X, T = moons
    l1, l2, eta = 0.05, 0.1, 0.3
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=2)
    net.biases = [np.full_like(b, 0.7) for b in net.biases]
    by_hand = net.copy()
    _, g = vectorized.loss_and_grads(by_hand, X, T, "bce")
    for W, dW in zip(by_hand.weights, g.weights):
        W -= eta * (dW + l1 * np.sign(W) + l2 * W)
    for b, db in zip(by_hand.biases, g.biases):
        b -= eta * db                                        # no penalty on biases
    h = train.fit(net, X, T, loss="bce", lr=eta, epochs=1, l1=l1, l2=l2)
    assert np.allclose(net.params().flat(), by_hand.params().flat(), rtol=1e-12)
    assert h.regularized_loss[0] == pytest.approx(h.loss[0] + train.penalty(net, l1, l2))


def test_penalty_gradient_matches_finite_differences():
    net = MLP([3, 4, 2], seed=5)
    W = net.weights[0].copy()

    def penalty_of(W_):
        net.weights[0] = W_
        return train.penalty(net, l1=0.02, l2=0.3)

    fd = gradcheck.numerical_derivative(penalty_of, W)
    assert gradcheck.relative_error(0.02 * np.sign(W) + 0.3 * W, fd) < 1e-7


def test_l1_makes_weights_sparse_and_l2_shrinks_them():
    X, T = datasets.moons(m=200, seed=0)
    nets = {}
    for name, kw in {"none": {}, "l1": dict(l1=0.003), "l2": dict(l2=0.003)}.items():
        nets[name] = MLP([2, 16, 1], hidden="tanh", output="sigmoid", seed=0)
        train.fit(nets[name], X, T, loss="bce", lr=0.5, epochs=100, batch_size=20, **kw)
    assert near_zero_fraction(nets["l1"]) > 0.3 > 0.05 > near_zero_fraction(nets["none"])
    assert weight_norm(nets["l2"]) < 0.75 * weight_norm(nets["none"])


def test_a_step_network_trains_only_its_output_layer():
    X, T = datasets.circles(m=100, seed=0)
    net = MLP([2, 4, 1], hidden="step", output="sigmoid", seed=0)
    W0, b0, W1 = net.weights[0].copy(), net.biases[0].copy(), net.weights[1].copy()
    train.fit(net, X, T, loss="bce", lr=1.0, epochs=20, batch_size=10)
    assert np.array_equal(net.weights[0], W0) and np.array_equal(net.biases[0], b0)
    assert not np.array_equal(net.weights[1], W1)


@pytest.mark.parametrize("kw, error, words", [
    (dict(batch_size=41), ValueError, "larger than"),
    (dict(momentum=1.0), ValueError, "momentum"),
    (dict(nesterov=True), ValueError, "nesterov"),
    (dict(l1=-0.1), ValueError, "l1"),
    (dict(schedule=0.5), TypeError, "schedule"),
    (dict(schedule=lambda epoch: 0.0), ValueError, "schedule"),
    (dict(lr=-1.0), ValueError, "lr"),
])
def test_bad_options_are_refused(moons, kw, error, words):
    X, T = moons
    net = MLP([2, 3, 1], output="sigmoid", seed=0)
    with pytest.raises(error, match=words):
        train.fit(net, X, T, loss="bce", epochs=2, **kw)


def adam_by_hand(net, X, T, loss, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8, l2=0.0,
                 batches=None):
    """Kingma & Ba's Algorithm 1, written out here independently of bpcourse.train."""
    net = net.copy()
    m = [np.zeros_like(p) for p in params(net)]
    v = [np.zeros_like(p) for p in params(net)]
    for t in range(1, steps + 1):
        rows = slice(None) if batches is None else batches[t - 1]
        _, g = vectorized.loss_and_grads(net, X[rows], T[rows], loss)
        grads = [gW + l2 * W for gW, W in zip(g.weights, net.weights)] + g.biases
        for p, m_, v_, gp in zip(params(net), m, v, grads):
            m_[...] = beta1 * m_ + (1 - beta1) * gp
            v_[...] = beta2 * v_ + (1 - beta2) * gp ** 2
            m_hat = m_ / (1 - beta1 ** t)
            v_hat = v_ / (1 - beta2 ** t)
            p -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return net


@pytest.mark.parametrize("betas, eps, l2", [((0.9, 0.999), 1e-8, 0.0), ((0.5, 0.9), 1e-3, 0.01)])
def test_adam_is_kingma_and_ba(moons, betas, eps, l2):
    X, T = moons
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=4)
    expected = adam_by_hand(net, X, T, "bce", 0.05, 5, *betas, eps, l2=l2)
    train.fit(net, X, T, loss="bce", lr=0.05, epochs=5, optimizer="adam", betas=betas, eps=eps, l2=l2)
    np.testing.assert_allclose(net.params().flat(), expected.params().flat(), rtol=1e-12, atol=1e-15)


def test_adam_first_step_moves_every_parameter_by_the_learning_rate(moons):
    # at t = 1, m_hat = g and v_hat = g^2: the step is lr * g / (|g| + eps), about lr * sign(g)
    X, T = moons
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=4)
    before = net.params().flat()
    _, g = vectorized.loss_and_grads(net, X, T, "bce")
    train.fit(net, X, T, loss="bce", lr=0.01, epochs=1, optimizer="adam")
    np.testing.assert_allclose(before - net.params().flat(), 0.01 * np.sign(g.flat()), rtol=1e-5)


def test_adam_with_minibatches_and_a_schedule_counts_steps_not_epochs(moons):
    X, T = moons
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=4)
    order = [np.random.default_rng(0).permutation(40)]    # fit's shuffle for seed=0, epoch 0
    batches = [order[0][i:i + 10] for i in range(0, 40, 10)]
    expected = adam_by_hand(net, X, T, "bce", 0.05, 4, batches=batches)
    h = train.fit(net, X, T, loss="bce", lr=0.05, epochs=1, batch_size=10, optimizer="adam",
                  schedule=train.step_decay(0.5, 1))
    assert h.lr == [0.05]
    np.testing.assert_allclose(net.params().flat(), expected.params().flat(), rtol=1e-12, atol=1e-15)


def test_adam_matches_torch():
    torch = pytest.importorskip("torch")
    pairs = fit_both(torch, lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-7),
                     lr=0.02, optimizer="adam", betas=(0.8, 0.99), eps=1e-7)
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_adam_leaves_the_plateau_where_plain_sgd_stalls():
    X, T = datasets.circles(m=200, seed=0)
    reach = {}
    for name, kw in {"sgd": dict(lr=0.2), "adam": dict(lr=0.05, optimizer="adam")}.items():
        net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", seed=0)
        reach[name] = epochs_to_reach(train.fit(net, X, T, loss="bce", epochs=200, **kw).loss, 0.3)
    assert reach["sgd"] is None and reach["adam"] < 150


def test_a_callback_may_change_the_network_between_epochs(moons):
    # full-batch fit reuses the forward pass of an epoch's J for the next gradient, unless a
    # callback ran in between: then the changed parameters are used
    X, T = moons
    net = MLP([2, 3, 1], hidden="tanh", output="sigmoid", seed=0)
    by_hand = net.copy()
    for _ in range(3):
        _, g = vectorized.loss_and_grads(by_hand, X, T, "bce")
        for p, gp in zip(params(by_hand), g.weights + g.biases):
            p -= 0.3 * gp
        by_hand.weights[0] *= 0.5

    def halve(epoch, net, J):
        net.weights[0] *= 0.5
    train.fit(net, X, T, loss="bce", lr=0.3, epochs=3, callback=halve)
    assert np.array_equal(net.params().flat(), by_hand.params().flat())
