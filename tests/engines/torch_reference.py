"""The PyTorch side of the optimizer comparisons: the same 2-4-1 network trained by torch.optim."""
from __future__ import annotations

import numpy as np

from bpcourse import MLP, datasets, train


def fit_both(torch, make_optimizer, epochs: int = 20, **fit_kw) -> list[tuple[np.ndarray, object]]:
    """Train MLP([2, 4, 1]) (tanh, sigmoid, bce, full batch of 40 moons) with ``train.fit(**fit_kw)``
    and with ``make_optimizer(params)`` of torch.optim from the same start; return the pairs
    (ours, theirs) of weights and biases."""
    X, T = datasets.moons(m=40, seed=3)
    net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", seed=7)
    Ws = [torch.tensor(W, requires_grad=True) for W in net.weights]
    bs = [torch.tensor(b, requires_grad=True) for b in net.biases]
    opt = make_optimizer(Ws + bs)
    Xt, Tt = torch.tensor(X), torch.tensor(T)
    for _ in range(epochs):
        opt.zero_grad()
        Z = torch.tanh(Xt @ Ws[0].T + bs[0]) @ Ws[1].T + bs[1]
        loss = torch.nn.functional.binary_cross_entropy_with_logits(Z, Tt, reduction="sum")
        loss.div(len(X)).backward()
        opt.step()
    train.fit(net, X, T, loss="bce", epochs=epochs, **fit_kw)
    return list(zip(net.weights + net.biases, [p.detach().numpy() for p in Ws + bs]))
