"""bpcourse.layers: every backward against float64 finite differences, the autodiff engine where
it can express the layer, and PyTorch's functional API when it is installed; every refusal."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from bpcourse import autodiff, layers
from bpcourse.gradcheck import numerical_derivative, relative_error
from strategies import batchnorm_problems, conv_problems, pool_problems, rnn_problems, seeds

TOL = 1e-7


def bar_of(forward, x, dout):
    """d/dx of sum(forward(x) * dout) by central differences: the bar the backward must give."""
    return numerical_derivative(lambda v: float(np.sum(forward(v) * dout)), x)


def agrees(mine, fd) -> bool:
    """A backward's bar against central differences (eps 1e-6): relative error under 1e-7, or
    entry by entry within 1e-6 relative plus 1e-8 absolute, the differences' own rounding and
    truncation error where the bars are tiny (a batch of 2, one time step)."""
    return relative_error(mine, fd) < TOL or np.allclose(mine, fd, rtol=1e-6, atol=1e-8)


def out_bar(shape, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape)


# -- convolution -----------------------------------------------------------------------------
@given(conv_problems())
def test_conv2d_backward_is_the_finite_difference_bar_of_every_input(problem):
    X, W, b, stride, padding = problem
    out, cache = layers.conv2d_forward(X, W, b, stride, padding)
    H_out = (X.shape[2] + 2 * padding - W.shape[2]) // stride + 1
    assert out.shape == (X.shape[0], W.shape[0], H_out, (X.shape[3] + 2 * padding - W.shape[3]) // stride + 1)
    d = out_bar(out.shape)
    dX, dW, db = layers.conv2d_backward(d, cache)
    assert agrees(dX, bar_of(lambda v: layers.conv2d_forward(v, W, b, stride, padding)[0], X, d))
    assert agrees(dW, bar_of(lambda v: layers.conv2d_forward(X, v, b, stride, padding)[0], W, d))
    assert agrees(db, bar_of(lambda v: layers.conv2d_forward(X, W, v, stride, padding)[0], b, d))


def test_conv2d_is_a_cross_correlation_written_out_by_hand():
    rng = np.random.default_rng(0)
    X, W, b = rng.normal(size=(1, 2, 5, 4)), rng.normal(size=(3, 2, 2, 3)), rng.normal(size=3)
    out, _ = layers.conv2d_forward(X, W, b, stride=2, padding=1)
    Xp = np.pad(X, ((0, 0), (0, 0), (1, 1), (1, 1)))
    for f in range(3):
        for i in range(out.shape[2]):
            for j in range(out.shape[3]):
                window = Xp[0, :, 2 * i:2 * i + 2, 2 * j:2 * j + 3]
                assert np.isclose(out[0, f, i, j], np.sum(window * W[f]) + b[f])


def test_conv2d_kernel_as_large_as_the_input_is_one_dot_product():
    rng = np.random.default_rng(2)
    X, W, b = rng.normal(size=(2, 3, 4, 4)), rng.normal(size=(5, 3, 4, 4)), rng.normal(size=5)
    out, _ = layers.conv2d_forward(X, W, b)
    assert out.shape == (2, 5, 1, 1)
    assert np.allclose(out[:, :, 0, 0], X.reshape(2, -1) @ W.reshape(5, -1).T + b)


# -- max pooling -----------------------------------------------------------------------------
@given(pool_problems())
def test_maxpool_backward_is_the_finite_difference_bar(problem):
    X, size, stride = problem
    out, cache = layers.maxpool2d_forward(X, size, stride)
    d = out_bar(out.shape)
    dX = layers.maxpool2d_backward(d, cache)
    assert agrees(dX, bar_of(lambda v: layers.maxpool2d_forward(v, size, stride)[0], X, d))


@given(pool_problems(ties=True))
def test_maxpool_at_ties_sends_each_bar_to_the_first_largest_entry(problem):
    X, size, stride = problem
    out, cache = layers.maxpool2d_forward(X, size, stride)
    d = out_bar(out.shape)
    dX = layers.maxpool2d_backward(d, cache)
    expected = np.zeros_like(X)
    for n, c, i, j in np.ndindex(out.shape):
        window = X[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
        r, s = np.unravel_index(np.argmax(window), window.shape)   # row-major: the first max
        expected[n, c, i * stride + r, j * stride + s] += d[n, c, i, j]
    assert np.allclose(dX, expected, atol=0)
    assert np.isclose(dX.sum(), d.sum())                           # every bar lands once


# -- batch norm ------------------------------------------------------------------------------
@given(batchnorm_problems())
def test_batchnorm_backward_is_the_finite_difference_bar(problem):
    X, gamma, beta = problem
    out, cache = layers.batchnorm_forward(X, gamma, beta)
    assert np.allclose(out.mean(axis=0), beta) and np.allclose(out.std(axis=0) ** 2,
                                                              gamma ** 2 * X.var(axis=0) / (X.var(axis=0) + 1e-5))
    d = out_bar(out.shape)
    dX, dgamma, dbeta = layers.batchnorm_backward(d, cache)
    assert agrees(dX, bar_of(lambda v: layers.batchnorm_forward(v, gamma, beta)[0], X, d))
    assert agrees(dgamma, bar_of(lambda v: layers.batchnorm_forward(X, v, beta)[0], gamma, d))
    assert agrees(dbeta, bar_of(lambda v: layers.batchnorm_forward(X, gamma, v)[0], beta, d))


@given(batchnorm_problems())
def test_batchnorm_backward_equals_the_autodiff_graph_of_its_formula(problem):
    X, gamma, beta = problem
    m, eps = X.shape[0], 1e-5
    x, g, bt = autodiff.Node(X), autodiff.Node(gamma), autodiff.Node(beta)
    mu = x.sum(axis=0) * (1 / m)
    var = ((x - mu) ** 2).sum(axis=0) * (1 / m)
    out = g * ((x - mu) * (var + eps) ** -0.5) + bt
    d = out_bar(X.shape)
    (out * d).sum().backward()
    dX, dgamma, dbeta = layers.batchnorm_backward(d, layers.batchnorm_forward(X, gamma, beta)[1])
    assert np.allclose(out.value, layers.batchnorm_forward(X, gamma, beta)[0])
    assert np.allclose(dX, x.bar, rtol=1e-9, atol=1e-12)
    assert np.allclose(dgamma, g.bar, rtol=1e-12, atol=1e-14) and np.allclose(dbeta, bt.bar, rtol=1e-12, atol=1e-14)


def test_batchnorm_eval_mode_uses_the_running_statistics_as_constants():
    rng = np.random.default_rng(3)
    X, gamma, beta = rng.normal(size=(1, 3)), rng.normal(size=3), rng.normal(size=3)
    running = (rng.normal(size=3), rng.uniform(0.5, 2, size=3))
    out, cache = layers.batchnorm_forward(X, gamma, beta, train=False, running=running)
    assert np.allclose(out, gamma * (X - running[0]) / np.sqrt(running[1] + 1e-5) + beta)
    d = out_bar(out.shape)
    dX = layers.batchnorm_backward(d, cache)[0]
    f = lambda v: layers.batchnorm_forward(v, gamma, beta, train=False, running=running)[0]  # noqa: E731
    assert agrees(dX, bar_of(f, X, d))


def test_running_statistics_follow_pytorchs_update():
    rng = np.random.default_rng(4)
    X = rng.normal(2.0, 3.0, size=(5, 2))
    _, cache = layers.batchnorm_forward(X, np.ones(2), np.zeros(2))
    mean, var = layers.update_running((np.zeros(2), np.ones(2)), cache, momentum=0.1)
    assert np.allclose(mean, 0.1 * X.mean(axis=0))
    assert np.allclose(var, 0.9 + 0.1 * X.var(axis=0, ddof=1))     # unbiased in the running var


# -- dropout ----------------------------------------------------------------------------------
@given(seeds)
def test_dropout_keeps_about_one_minus_p_and_scales_them(seed):
    X = np.ones((200, 50))
    out, mask = layers.dropout_forward(X, 0.3, seed=seed)
    kept = out != 0
    assert np.allclose(out[kept], 1 / 0.7)
    assert abs(kept.mean() - 0.7) < 0.02                            # 10,000 draws: sd 0.0046
    d = out_bar(X.shape)
    assert np.allclose(layers.dropout_backward(d, mask), d * kept / 0.7, rtol=1e-15, atol=0)


def test_dropout_is_reproducible_and_the_identity_in_eval():
    X = np.random.default_rng(5).normal(size=(4, 6))
    assert np.array_equal(layers.dropout_forward(X, 0.5, seed=7)[0], layers.dropout_forward(X, 0.5, seed=7)[0])
    assert not np.array_equal(layers.dropout_forward(X, 0.5, seed=7)[0], layers.dropout_forward(X, 0.5, seed=8)[0])
    out, cache = layers.dropout_forward(X, 0.5, train=False)
    assert np.array_equal(out, X) and np.array_equal(layers.dropout_backward(X, cache), X)


# -- the recurrent network -----------------------------------------------------------------------
@given(rnn_problems())
def test_rnn_backward_through_time_is_the_finite_difference_bar_of_every_input(problem):
    X, h0, Wx, Wh, b = problem
    hs, cache = layers.rnn_forward(*problem)
    d = out_bar(hs.shape)
    grads = layers.rnn_backward(d, cache)
    for k, (name, value) in enumerate(zip(("X", "h0", "Wx", "Wh", "b"), problem)):
        def f(v, k=k):
            args = list(problem)
            args[k] = v
            return layers.rnn_forward(*args)[0]
        assert agrees(grads[k], bar_of(f, value, d)), name


@given(rnn_problems())
def test_rnn_backward_equals_the_autodiff_graph_of_the_unrolled_network(problem):
    X, h0, Wx, Wh, b = problem
    xs = [autodiff.Node(X[:, t]) for t in range(X.shape[1])]
    h0_, Wx_, Wh_, b_ = (autodiff.Node(v) for v in (h0, Wx, Wh, b))
    d = out_bar((X.shape[0], X.shape[1], Wx.shape[0]))
    h, J = h0_, 0.0
    for t, x in enumerate(xs):                                      # unrolled: one node per step
        h = autodiff.tanh(x @ Wx_.T + h @ Wh_.T + b_)
        J = J + (h * d[:, t]).sum()
    J.backward()
    dX, dh0, dWx, dWh, db = layers.rnn_backward(d, layers.rnn_forward(*problem)[1])
    assert np.allclose(dX, np.stack([x.bar for x in xs], axis=1), rtol=1e-10, atol=1e-12)
    for mine, node in ((dh0, h0_), (dWx, Wx_), (dWh, Wh_), (db, b_)):
        assert np.allclose(mine, node.bar, rtol=1e-10, atol=1e-12)


def test_rnn_with_one_step_is_one_tanh_layer():
    rng = np.random.default_rng(6)
    X, h0 = rng.normal(size=(2, 1, 3)), rng.normal(size=(2, 4))
    Wx, Wh, b = rng.normal(size=(4, 3)), rng.normal(size=(4, 4)), rng.normal(size=4)
    hs, _ = layers.rnn_forward(X, h0, Wx, Wh, b)
    assert np.allclose(hs[:, 0], np.tanh(X[:, 0] @ Wx.T + h0 @ Wh.T + b))


# -- against PyTorch's functional API ---------------------------------------------------------
def test_every_layer_agrees_with_pytorch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(7)

    def t(a):
        return torch.tensor(a, requires_grad=True)

    X, W, b = rng.normal(size=(2, 3, 7, 6)), rng.normal(size=(4, 3, 3, 2)), rng.normal(size=4)
    out, cache = layers.conv2d_forward(X, W, b, stride=2, padding=1)
    Xt, Wt, bt = t(X), t(W), t(b)
    ref = F.conv2d(Xt, Wt, bt, stride=2, padding=1)
    d = out_bar(out.shape)
    ref.backward(torch.tensor(d))
    assert np.allclose(out, ref.detach().numpy())
    for mine, theirs in zip(layers.conv2d_backward(d, cache), (Xt, Wt, bt)):
        assert np.allclose(mine, theirs.grad.numpy())

    X = rng.integers(0, 3, size=(2, 2, 6, 5)).astype(float)         # ties
    out, cache = layers.maxpool2d_forward(X, 2, 1)
    Xt = t(X)
    ref = F.max_pool2d(Xt, 2, 1)
    d = out_bar(out.shape)
    ref.backward(torch.tensor(d))
    assert np.array_equal(out, ref.detach().numpy())
    assert np.allclose(layers.maxpool2d_backward(d, cache), Xt.grad.numpy())

    X, g, be = rng.normal(size=(5, 3)), rng.normal(size=3), rng.normal(size=3)
    out, cache = layers.batchnorm_forward(X, g, be)
    Xt, gt, bet = t(X), t(g), t(be)
    ref = F.batch_norm(Xt, None, None, gt, bet, training=True, eps=1e-5)
    d = out_bar(out.shape)
    ref.backward(torch.tensor(d))
    assert np.allclose(out, ref.detach().numpy())
    for mine, theirs in zip(layers.batchnorm_backward(d, cache), (Xt, gt, bet)):
        assert np.allclose(mine, theirs.grad.numpy())


def test_the_rnn_agrees_with_pytorchs_rnn():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(8)
    X, h0 = rng.normal(size=(3, 4, 2)), rng.normal(size=(3, 5))
    Wx, Wh, b = rng.normal(size=(5, 2)), rng.normal(size=(5, 5)) / 2, rng.normal(size=5)
    rnn = torch.nn.RNN(2, 5, batch_first=True).double()
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(Wx))
        rnn.weight_hh_l0.copy_(torch.tensor(Wh))
        rnn.bias_ih_l0.copy_(torch.tensor(b))
        rnn.bias_hh_l0.zero_()
    Xt, h0t = torch.tensor(X, requires_grad=True), torch.tensor(h0[None], requires_grad=True)
    ref, _ = rnn(Xt, h0t)
    hs, cache = layers.rnn_forward(X, h0, Wx, Wh, b)
    d = out_bar(hs.shape)
    ref.backward(torch.tensor(d))
    dX, dh0, dWx, dWh, db = layers.rnn_backward(d, cache)
    assert np.allclose(hs, ref.detach().numpy())
    assert np.allclose(dX, Xt.grad.numpy()) and np.allclose(dh0, h0t.grad.numpy()[0])
    assert np.allclose(dWx, rnn.weight_ih_l0.grad.numpy()) and np.allclose(dWh, rnn.weight_hh_l0.grad.numpy())
    assert np.allclose(db, rnn.bias_ih_l0.grad.numpy())


# -- refusals ---------------------------------------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda: layers.dropout_forward(np.ones(3), 1.0), r"p must be in \[0, 1\)"),
    (lambda: layers.dropout_forward(np.ones(3), -0.1), "p must be a finite number >= 0"),
    (lambda: layers.batchnorm_forward(np.ones((1, 3)), np.ones(3), np.zeros(3)), "at least 2 examples"),
    (lambda: layers.batchnorm_forward(np.ones((4, 3)), np.ones(2), np.zeros(3)), r"gamma has shape \(2,\); expected \(3,\)"),
    (lambda: layers.batchnorm_forward(np.ones(4), np.ones(4), np.zeros(4)), "X must be 2-D"),
    (lambda: layers.batchnorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), train=False), "running"),
    (lambda: layers.conv2d_forward(np.ones((1, 2, 4, 4)), np.ones((3, 1, 2, 2)), np.zeros(3)), "input channel"),
    (lambda: layers.conv2d_forward(np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3)), np.zeros(1)), "larger than the padded input"),
    (lambda: layers.conv2d_forward(np.ones((2, 2, 4)), np.ones((3, 2, 2, 2)), np.zeros(3)), "X must be 4-D"),
    (lambda: layers.conv2d_forward(np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2)), np.zeros(1), stride=0), "stride"),
    (lambda: layers.conv2d_forward(np.ones((1, 1, 4, 4)), np.ones((1, 1, 2, 2)), np.zeros(1), padding=-1), "padding"),
    (lambda: layers.maxpool2d_forward(np.ones((1, 1, 2, 2)), size=3), "larger than the input"),
    (lambda: layers.rnn_forward(np.ones((2, 3, 4)), np.ones((2, 5)), np.ones((5, 3)), np.ones((5, 5)), np.ones(5)), "Wx has 3 columns"),
    (lambda: layers.rnn_forward(np.ones((2, 3, 4)), np.ones((1, 5)), np.ones((5, 4)), np.ones((5, 5)), np.ones(5)), r"h0 has shape \(1, 5\)"),
    (lambda: layers.conv2d_forward(np.full((1, 1, 2, 2), np.nan), np.ones((1, 1, 1, 1)), np.zeros(1)), "NaN"),
])
def test_bad_input_is_refused_with_a_message_naming_it(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_backward_refuses_a_bar_of_the_wrong_shape():
    out, cache = layers.maxpool2d_forward(np.ones((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"dout has shape \(1, 1, 3, 3\); expected \(1, 1, 2, 2\)"):
        layers.maxpool2d_backward(np.ones((1, 1, 3, 3)), cache)
