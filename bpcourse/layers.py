"""The layers practitioners backprop through, as forward/backward pairs on numpy arrays.

CS231n's staged style: ``out, cache = <layer>_forward(...)`` keeps what the backward pass needs,
``<layer>_backward(dout, cache)`` returns the bars of the inputs (``dX`` = dJ/dX, same shape as
X). Shapes and meanings follow PyTorch's functional API (``F.dropout``, ``F.batch_norm``,
``F.conv2d``, ``F.max_pool2d``, a tanh ``nn.RNN`` with batch_first), so results can be compared.

- dropout (inverted): out = X * mask / (1 - p), mask_ij ~ Bernoulli(1 - p); identity in eval;
- batch norm over a batch (m, n): x_hat = (x - mu) / sqrt(var + eps), out = gamma x_hat + beta,
  with the batch mean and biased variance in training, running statistics in eval;
- conv2d (cross-correlation, as in PyTorch) by im2col: every receptive field a row, one
  matrix product; its backward is the transposed product and a col2im scatter;
- max pooling: the bar goes to the (first) largest entry of each window;
- a tanh RNN: h_t = tanh(x_t Wxᵀ + h_(t-1) Whᵀ + b), backpropagated through time.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._validate import array, non_negative, positive


# -- dropout ----------------------------------------------------------------------------------
def dropout_forward(X, p: float, train: bool = True, seed: int | None = 0):
    """Inverted dropout: each entry kept with probability 1 - p and scaled by 1/(1 - p)."""
    X = array("X", X)
    p = non_negative("p", p)
    if not p < 1:
        raise ValueError(f"p must be in [0, 1) (the probability of dropping a unit), got {p!r}")
    if not train or p == 0:
        return X.copy(), None
    mask = (np.random.default_rng(seed).random(X.shape) >= p) / (1 - p)   # kept: 1/(1-p), else 0
    return X * mask, mask


def dropout_backward(dout, cache) -> np.ndarray:
    """dX = dout * mask / (1 - p): a dropped unit passes no gradient back."""
    dout = np.asarray(dout, dtype=np.float64)
    return dout.copy() if cache is None else _same_shape("dout", dout, cache) * cache


# -- batch normalization ------------------------------------------------------------------------
def batchnorm_forward(X, gamma, beta, eps: float = 1e-5, train: bool = True, running=None):
    """out = gamma * (X - mu) / sqrt(var + eps) + beta, per column; X (m, n), gamma, beta (n,)."""
    X = array("X", X, ndim=2, shape="(m, n)")
    n = X.shape[1]
    gamma, beta = array("gamma", gamma, shape=(n,)), array("beta", beta, shape=(n,))
    eps = positive("eps", eps)
    if train:
        if X.shape[0] < 2:
            raise ValueError("batch norm in training needs a batch of at least 2 examples to "
                             f"estimate a variance, got {X.shape[0]}; use train=False with "
                             "running statistics for a single example")
        mu = X.mean(axis=0)                                    # batch mean
        xc = X - mu
        var = np.einsum("ij,ij->j", xc, xc) / X.shape[0]       # biased variance
    else:
        if running is None:
            raise ValueError("train=False normalizes with running=(mean, var); got running=None")
        mu, var = (array(name, v, shape=(n,)) for name, v in zip(("running mean", "running var"),
                                                                  running))
        xc = X - mu
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = xc * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma,
                                  "train": train, "mean": mu, "var": var}


def batchnorm_backward(dout, cache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The compact backward of batch norm: dX = (inv_std / m)(m dx̂ − Σ dx̂ − x̂ Σ dx̂ x̂)."""
    x_hat, inv_std = cache["x_hat"], cache["inv_std"]
    dout = _same_shape("dout", np.asarray(dout, dtype=np.float64), x_hat)
    dgamma = np.einsum("ij,ij->j", dout, x_hat)               # Σ ȳ x̂
    dbeta = dout.sum(axis=0)                                   # Σ ȳ
    scale = cache["gamma"] * inv_std                           # (n,)
    if not cache["train"]:                                     # mu, var are constants
        return dout * scale, dgamma, dbeta
    # with x̂̄ = γ ȳ: Σ x̂̄ = γ β̄ and Σ x̂̄ x̂ = γ γ̄, so the compact form needs no new sums
    m = x_hat.shape[0]
    dX = (scale / m) * (m * dout - dbeta - x_hat * dgamma)
    return dX, dgamma, dbeta


def update_running(running, cache, momentum: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's running statistics: r <- (1 - momentum) r + momentum * batch (unbiased var)."""
    mean, var = running
    m = cache["x_hat"].shape[0]
    return ((1 - momentum) * mean + momentum * cache["mean"],
            (1 - momentum) * var + momentum * cache["var"] * m / (m - 1))


# -- convolution --------------------------------------------------------------------------------
def _windows(X: np.ndarray, kh: int, kw: int, stride: int) -> np.ndarray:
    """Every kh x kw window of X (N, C, H, W), strided: (N, C, H_out, W_out, kh, kw), a view."""
    return sliding_window_view(X, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]


def im2col(X: np.ndarray, kh: int, kw: int, stride: int) -> np.ndarray:
    """One row per receptive field: (N * H_out * W_out, C * kh * kw)."""
    win = _windows(X, kh, kw, stride)
    N, C, Ho, Wo = win.shape[:4]
    return win.transpose(0, 2, 3, 1, 4, 5).reshape(N * Ho * Wo, C * kh * kw)


def conv2d_forward(X, W, b, stride: int = 1, padding: int = 0):
    """out[n, f] = Σ_c X[n, c] ⋆ W[f, c] + b[f] (cross-correlation); out (N, F, H_out, W_out)."""
    X, W, b, stride, padding = _conv_inputs(X, W, b, stride, padding)
    F, C, kh, kw = W.shape
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    cols = im2col(Xp, kh, kw, stride)                          # (N Ho Wo, C kh kw)
    N, Ho, Wo = X.shape[0], (Xp.shape[2] - kh) // stride + 1, (Xp.shape[3] - kw) // stride + 1
    out = cols @ W.reshape(F, -1).T + b                        # one matrix product
    out = out.reshape(N, Ho, Wo, F).transpose(0, 3, 1, 2)
    return out, {"cols": cols, "W": W, "X_shape": X.shape, "stride": stride, "padding": padding}


def conv2d_backward(dout, cache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dW = doutᵀ cols, db = Σ dout, dX = col2im(dout W): the forward product, transposed."""
    W, stride, padding = cache["W"], cache["stride"], cache["padding"]
    F, C, kh, kw = W.shape
    N, _, H, Wd = cache["X_shape"]
    Ho, Wo = (H + 2 * padding - kh) // stride + 1, (Wd + 2 * padding - kw) // stride + 1
    dout = _same_shape("dout", np.asarray(dout, dtype=np.float64), np.empty((N, F, Ho, Wo)))
    d = dout.transpose(0, 2, 3, 1).reshape(-1, F)              # (N Ho Wo, F)
    dW = (d.T @ cache["cols"]).reshape(W.shape)
    db = dout.sum(axis=(0, 2, 3))
    dcols = (d @ W.reshape(F, -1)).reshape(N, Ho, Wo, C, kh, kw)
    dXp = np.zeros((N, C, H + 2 * padding, Wd + 2 * padding))
    for i in range(kh):                                        # col2im: += at every overlap
        for j in range(kw):
            dXp[:, :, i:i + stride * Ho:stride, j:j + stride * Wo:stride] += \
                dcols[..., i, j].transpose(0, 3, 1, 2)
    return dXp[:, :, padding:padding + H, padding:padding + Wd], dW, db


def _conv_inputs(X, W, b, stride, padding):
    X = array("X", X, ndim=4, shape="(N, C, H, W)")
    W = array("W", W, ndim=4, shape="(F, C, kh, kw)")
    b = array("b", b, shape=(W.shape[0],))
    stride = positive("stride", stride, integer=True)
    if isinstance(padding, bool) or not isinstance(padding, (int, np.integer)) or padding < 0:
        raise ValueError(f"padding must be an integer >= 0, got {padding!r}")
    if W.shape[1] != X.shape[1]:
        raise ValueError(f"W has {W.shape[1]} input channel(s) but X has {X.shape[1]}: "
                         f"W {W.shape} must be (F, {X.shape[1]}, kh, kw)")
    if W.shape[2] > X.shape[2] + 2 * padding or W.shape[3] > X.shape[3] + 2 * padding:
        raise ValueError(f"kernel {W.shape[2:]} is larger than the padded input "
                         f"{(X.shape[2] + 2 * padding, X.shape[3] + 2 * padding)}")
    return X, W, b, stride, int(padding)


# -- max pooling ----------------------------------------------------------------------------------
def maxpool2d_forward(X, size: int = 2, stride: int = 2):
    """out[n, c, i, j] = max of the size x size window at (i stride, j stride); X (N, C, H, W)."""
    X = array("X", X, ndim=4, shape="(N, C, H, W)")
    size, stride = positive("size", size, integer=True), positive("stride", stride, integer=True)
    if size > min(X.shape[2:]):
        raise ValueError(f"pooling window {size} is larger than the input {X.shape[2:]}")
    win = _windows(X, size, size, stride)
    flat = win.reshape(*win.shape[:4], size * size)
    arg = flat.argmax(axis=-1)                                 # the first largest entry
    out = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
    return out, {"arg": arg, "X_shape": X.shape, "size": size, "stride": stride}


def maxpool2d_backward(dout, cache) -> np.ndarray:
    """Each window's bar goes to its largest entry (the first, at ties); overlaps add up."""
    arg, size, stride = cache["arg"], cache["size"], cache["stride"]
    dout = _same_shape("dout", np.asarray(dout, dtype=np.float64), arg)
    N, C, Ho, Wo = arg.shape
    di, dj = np.divmod(arg, size)
    rows = np.arange(Ho)[:, None] * stride + di                # (N, C, Ho, Wo)
    cols = np.arange(Wo)[None, :] * stride + dj
    n, c = np.arange(N)[:, None, None, None], np.arange(C)[None, :, None, None]
    dX = np.zeros(cache["X_shape"])
    np.add.at(dX, (n, c, rows, cols), dout)
    return dX


# -- a tanh recurrent network -----------------------------------------------------------------------
def rnn_forward(X, h0, Wx, Wh, b):
    """h_t = tanh(x_t Wxᵀ + h_(t-1) Whᵀ + b) for t = 1..T; X (N, T, D), hs (N, T, H)."""
    X = array("X", X, ndim=3, shape="(N, T, D)")
    N, T, D = X.shape
    Wx = array("Wx", Wx, ndim=2, shape="(H, D)")
    H = Wx.shape[0]
    h0, Wh, b = array("h0", h0, shape=(N, H)), array("Wh", Wh, shape=(H, H)), array("b", b, shape=(H,))
    if Wx.shape[1] != D:
        raise ValueError(f"Wx has {Wx.shape[1]} columns but X has {D} features: Wx must be ({H}, {D})")
    hs = np.empty((N, T, H))
    h = h0
    for t in range(T):
        h = np.tanh(X[:, t] @ Wx.T + h @ Wh.T + b)
        hs[:, t] = h
    return hs, {"X": X, "h0": h0, "Wx": Wx, "Wh": Wh, "hs": hs}


def rnn_backward(dhs, cache):
    """BPTT: h_bar_t = dJ/dh_t + Whᵀ-carried bar from t+1; z_bar_t = h_bar_t (1 - h_t²)."""
    X, Wx, Wh, hs = cache["X"], cache["Wx"], cache["Wh"], cache["hs"]
    dhs = _same_shape("dhs", np.asarray(dhs, dtype=np.float64), hs)
    dX, dWx, dWh = np.zeros_like(X), np.zeros_like(Wx), np.zeros_like(Wh)
    db = np.zeros(Wx.shape[0])
    h_bar_next = np.zeros_like(cache["h0"])                    # nothing comes from after T
    for t in reversed(range(X.shape[1])):
        h_prev = hs[:, t - 1] if t > 0 else cache["h0"]
        h_bar = dhs[:, t] + h_bar_next                         # two children: the output, h_(t+1)
        z_bar = h_bar * (1 - hs[:, t] ** 2)                    # tanh' = 1 - tanh²
        dWx += z_bar.T @ X[:, t]
        dWh += z_bar.T @ h_prev
        db += z_bar.sum(axis=0)
        dX[:, t] = z_bar @ Wx
        h_bar_next = z_bar @ Wh
    return dX, h_bar_next, dWx, dWh, db


def _same_shape(name: str, A: np.ndarray, like: np.ndarray) -> np.ndarray:
    if A.shape != like.shape:
        raise ValueError(f"{name} has shape {A.shape}; expected {like.shape}, the forward output's")
    return A
