"""Speed of the gradient computations, as ratios measured in one run.

    python3 make.py bench            (or: .venv/bin/python benchmarks/bench.py [--quick])

Prints, for a tiny net (2-3-1, batch 4) and a large one (784-256-256-10, batch 256, float64,
tanh hidden): the time per gradient of ``vectorized``, ``autodiff`` and PyTorch CPU autograd
(if torch is installed: ``pip install torch``), each as a ratio to ``vectorized``, and
``vectorized`` against the floor: the same network's eight matrix products alone. Then, on
micrograd's demo network (2-16-16-1 ReLU, 100 examples), ``scalar`` against micrograd (if
installed: ``pip install micrograd``). Both are optional extras: ``pip install -e .[bench]``.
Then ``train.fit``, full batch, on a 2-8-1 tanh/sigmoid net with bce (200 examples, 300
epochs), against the same loop in PyTorch autograd with plain SGD. Everything runs on one
thread (numpy's BLAS through threadpoolctl, ``torch.set_num_threads(1)``).
Then ``layers``: conv2d forward + backward by im2col on a batch of 256 digits (8 kernels of
3x3, padding 1) and batch norm forward + backward on a (256, 256) batch, against
``torch.nn.functional`` with autograd. Last, each widget's build time (``--widgets``: only those).

Times are the minimum over several repeats of the mean over a batch of calls, and the
methods are interleaved repeat by repeat, so a noisy neighbour slows them all alike.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from bpcourse import MLP, autodiff, datasets, layers, scalar, train, vectorized


def timer(f, min_time: float) -> float:
    """Calls of ``f`` to fill about ``min_time`` seconds; returns the mean seconds per call."""
    n, start = 0, time.perf_counter()
    while True:
        f()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return elapsed / n


def compare(fs: dict, repeats: int, min_time: float) -> dict[str, float]:
    """Best per-call time of each function, interleaving the functions in every repeat."""
    for f in fs.values():                      # warm up
        f()
    best = {k: np.inf for k in fs}
    for _ in range(repeats):
        for k, f in fs.items():
            best[k] = min(best[k], timer(f, min_time))
    return best


def torch_gradient(net: MLP, X: np.ndarray, T: np.ndarray):
    """A function computing the same J and gradients with PyTorch autograd, or None."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    acts = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "identity": lambda z: z,
            "relu": torch.relu}
    Ws = [torch.tensor(W, dtype=torch.float64, requires_grad=True) for W in net.weights]
    bs = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in net.biases]
    Xt, Tt = torch.tensor(X), torch.tensor(T)

    def grad():
        for p in Ws + bs:
            p.grad = None
        A = Xt
        for W, b, name in zip(Ws, bs, net.activation_names):
            A = acts[name](A @ W.T + b)
        J = 0.5 * ((A - Tt) ** 2).sum() / Xt.shape[0]
        J.backward()
        return J
    return grad


def matmul_floor(net: MLP, X: np.ndarray):
    """The matrix products of one forward and backward pass, alone (the cost floor)."""
    _, A = vectorized.forward(net, X)
    Deltas = [np.ones((X.shape[0], W.shape[0])) for W in net.weights]

    def products():                             # np.dot, as vectorized calls them
        for A_l, W in zip(A[:-1], net.weights):
            np.dot(A_l, W.T)                    # forward: Z = A W^T
        for l, (A_l, D) in enumerate(zip(A[:-1], Deltas)):
            np.dot(D.T, A_l)                    # dW = Delta^T A
            if l > 0:
                np.dot(D, net.weights[l])       # Delta W: back to the previous layer
    return products


def network_table(name: str, sizes, m: int, repeats: int, min_time: float) -> list[tuple]:
    rng = np.random.default_rng(0)
    net = MLP(sizes, hidden="tanh", output="identity", seed=0)
    X, T = rng.normal(size=(m, sizes[0])), rng.normal(size=(m, sizes[-1]))
    fs = {"vectorized": lambda: vectorized.loss_and_grads(net, X, T),
          "autodiff": lambda: autodiff.loss_and_grads(net, X, T)}
    tg = torch_gradient(net, X, T)
    if tg is not None:
        fs["pytorch"] = tg
    fs["matmul floor"] = matmul_floor(net, X)
    t = compare(fs, repeats, min_time)
    rows = [(name, k, t[k], t[k] / t["vectorized"]) for k in fs]
    if tg is None:
        rows.append((name, "pytorch", None, None))
    return rows


FIT = dict(sizes=[2, 8, 1], m=200, epochs=300, lr=0.5)


def torch_fit(X: np.ndarray, T: np.ndarray, net: MLP):
    """The loop of ``train.fit`` (full batch, plain SGD, bce from the logits) in PyTorch, or None."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    Xt, Tt = torch.tensor(X), torch.tensor(T)

    def fit():
        W0, W1 = (torch.tensor(W, requires_grad=True) for W in net.weights)
        b0, b1 = (torch.tensor(b, requires_grad=True) for b in net.biases)
        params = [W0, b0, W1, b1]
        for _ in range(FIT["epochs"]):
            Z = torch.tanh(Xt @ W0.T + b0) @ W1.T + b1
            J = torch.nn.functional.binary_cross_entropy_with_logits(Z, Tt)
            for p in params:
                p.grad = None
            J.backward()
            with torch.no_grad():
                for p in params:
                    p -= FIT["lr"] * p.grad
            with torch.no_grad():                      # the loss after the epoch, as fit records
                float(torch.nn.functional.binary_cross_entropy_with_logits(
                    torch.tanh(Xt @ W0.T + b0) @ W1.T + b1, Tt))
    return fit


def fit_table(repeats: int) -> list[tuple]:
    """``train.fit`` against the PyTorch loop: seconds for the whole run (min over repeats)."""
    X, T = datasets.moons(FIT["m"], seed=0)
    net = MLP(FIT["sizes"], hidden="tanh", output="sigmoid", seed=0)

    def ours():
        train.fit(net.copy(), X, T, loss="bce", lr=FIT["lr"], epochs=FIT["epochs"])
    fs = {"train.fit": ours}
    tf = torch_fit(X, T, net)
    if tf is not None:
        fs["pytorch loop"] = tf
    t = compare(fs, 3 * repeats, min_time=0.0)         # a run is short: 3x the repeats
    name = f"fit 2-8-1, m={FIT['m']}, {FIT['epochs']} epochs"
    rows = [(name, k, t[k], t[k] / t["train.fit"]) for k in fs]
    if tf is None:
        rows.append((name, "pytorch loop", None, None))
    return rows


def layers_table(repeats: int, min_time: float) -> list[tuple]:
    """conv2d and batch norm, forward + backward, against torch.nn.functional (float64)."""
    rng = np.random.default_rng(0)
    X = datasets.digits()[0][:256].reshape(256, 1, 8, 8)
    K, c = rng.normal(size=(8, 1, 3, 3)), np.zeros(8)
    B, gamma, beta = rng.normal(size=(256, 256)), np.ones(256), np.zeros(256)
    dC, dB = rng.normal(size=(256, 8, 8, 8)), rng.normal(size=(256, 256))

    def conv():
        out, cache = layers.conv2d_forward(X, K, c, padding=1)
        layers.conv2d_backward(dC, cache)

    def norm():
        out, cache = layers.batchnorm_forward(B, gamma, beta)
        layers.batchnorm_backward(dB, cache)
    fs = {"conv2d": {"layers": conv}, "batch norm": {"layers": norm}}
    try:
        import torch
        F = torch.nn.functional
    except ImportError:
        torch = None
    if torch is not None:
        torch.set_num_threads(1)
        tX, tK, tc = (torch.tensor(a, requires_grad=True) for a in (X, K, c))
        tB, tg, tb = (torch.tensor(a, requires_grad=True) for a in (B, gamma, beta))
        tdC, tdB = torch.tensor(dC), torch.tensor(dB)

        def torch_conv():
            F.conv2d(tX, tK, tc, padding=1).backward(tdC)

        def torch_norm():
            F.batch_norm(tB, None, None, tg, tb, training=True).backward(tdB)
        fs["conv2d"]["pytorch"], fs["batch norm"]["pytorch"] = torch_conv, torch_norm
    rows = []
    for layer, name in (("conv2d", "conv2d 256x1x8x8, 8 kernels 3x3"),
                        ("batch norm", "batch norm 256x256")):
        t = compare(fs[layer], repeats, min_time)
        rows += [(name, k, t[k], t[k] / t["layers"]) for k in fs[layer]]
        if torch is None:
            rows.append((name, "pytorch", None, None))
    return rows


def micrograd_table(repeats: int, min_time: float) -> list[tuple]:
    X, T = datasets.moons(100, noise=0.1, seed=0)
    T = 2 * T - 1                                # micrograd's demo uses labels -1 / +1
    net = MLP([2, 16, 16, 1], hidden="relu", output="identity", seed=0)
    fs = {"scalar": lambda: scalar.loss_and_grads(net, X, T)}
    try:
        from micrograd import nn
    except ImportError:
        nn = None
    if nn is not None:
        model = nn.MLP(2, [16, 16, 1])           # ReLU hidden layers, linear output
        xs, ys = X.tolist(), T[:, 0].tolist()

        def micrograd_gradient():
            model.zero_grad()
            outs = [model(x) for x in xs]
            J = sum((o - y) * (o - y) for o, y in zip(outs, ys)) * (0.5 / len(xs))
            J.backward()
        fs["micrograd"] = micrograd_gradient
    t = compare(fs, repeats, min_time)
    rows = [("micrograd demo", k, t[k], t[k] / t["scalar"]) for k in fs]
    if nn is None:
        rows.append(("micrograd demo", "micrograd", None, None))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter repeats")
    parser.add_argument("--widgets", action="store_true", help="only the widgets' build times")
    args = parser.parse_args()
    if args.widgets:
        print_widget_table()
        return
    repeats, min_time = (3, 0.2) if args.quick else (7, 0.5)
    from threadpoolctl import threadpool_limits       # comes with scikit-learn
    with threadpool_limits(limits=1):                  # numpy's BLAS on one thread, like torch
        rows = (network_table("tiny 2-3-1, m=4", [2, 3, 1], 4, repeats, min_time)
                + network_table("large 784-256-256-10, m=256", [784, 256, 256, 10], 256, repeats,
                                min_time)
                + micrograd_table(repeats, min_time)
                + fit_table(repeats)
                + layers_table(repeats, min_time))
    print(f"{'network':<34} {'method':<14} {'time per gradient':>18} {'ratio':>8}")
    for net, method, t, ratio in rows:
        if t is None:
            print(f"{net:<34} {method:<14} {'not installed':>18} {'-':>8}")
        elif t > 1e-2:
            print(f"{net:<34} {method:<14} {t * 1e3:>15.1f} ms {ratio:>8.2f}")
        else:
            print(f"{net:<34} {method:<14} {t * 1e6:>15.1f} µs {ratio:>8.2f}")
    print("ratio: time / time of vectorized (first two networks), of scalar (micrograd demo), "
          "of train.fit (fit; the time is the whole run), of layers (conv2d, batch norm: "
          "forward + backward)")

    def ratio(net, a, b):
        t = {(n, m): tt for n, m, tt, _ in rows}
        ta, tb = t.get((net, a)), t.get((net, b))
        return None if ta is None or tb is None else ta / tb
    tiny, large, demo = "tiny 2-3-1, m=4", "large 784-256-256-10, m=256", "micrograd demo"
    fit = f"fit 2-8-1, m={FIT['m']}, {FIT['epochs']} epochs"
    targets = [
        ("train.fit <= 0.25x the PyTorch loop (2-8-1, 300 epochs)", ratio(fit, "train.fit", "pytorch loop"), 0.25, "<="),
        ("vectorized <= 1.0x PyTorch on the large net", ratio(large, "vectorized", "pytorch"), 1.0, "<="),
        ("vectorized >= 5x faster than PyTorch on the tiny net", ratio(tiny, "pytorch", "vectorized"), 5.0, ">="),
        ("vectorized within 1.3x of the matmul floor (large)", ratio(large, "vectorized", "matmul floor"), 1.3, "<="),
        ("autodiff within 2x of vectorized (large)", ratio(large, "autodiff", "vectorized"), 2.0, "<="),
        ("scalar >= 10x faster than micrograd (demo)", ratio(demo, "micrograd", "scalar"), 10.0, ">="),
        ("layers.conv2d <= 3x PyTorch (forward + backward)",
         ratio("conv2d 256x1x8x8, 8 kernels 3x3", "layers", "pytorch"), 3.0, "<="),
        ("layers.batchnorm <= 2x PyTorch (forward + backward)",
         ratio("batch norm 256x256", "layers", "pytorch"), 2.0, "<="),
    ]
    print("\ntargets:")
    for text, value, bound, op in targets:
        if value is None:
            print(f"  {text:<55} n/a (optional package not installed)")
            continue
        ok = value <= bound if op == "<=" else value >= bound
        print(f"  {text:<55} measured {value:6.2f}  {'met' if ok else 'NOT met'}")
    print_widget_table()


# -- widgets (helper "widgets"): how long each widget takes to appear -----------------------------
WIDGET_BUILDERS = ("xor.xor_playground", "threshold.threshold_explorer",
                   "universality.universality_builder", "descent.descent_explorer",
                   "stepper.backprop_stepper", "training.training_playground",
                   "symmetry.symmetry_explorer")


def widget_table() -> list[tuple[str, float, float, float]]:
    """(widget, seconds until its live view is shown, until its first picture, for its static
    form), measured in this process.

    "live view" is what a JupyterLab or Notebook 7 user waits for before the widget appears:
    building it and its display bundle with a widget front end connected
    (``display.live_front_end``), inside a running event loop as in a kernel; its first
    picture follows on that loop. "static form" is the kernel-free form that nbclient and
    nbval store (built only without a front end). Each module is warmed up first.
    """
    import asyncio
    import importlib

    import ipywidgets
    import matplotlib
    matplotlib.use("Agg")

    def drawn(widget) -> bool:
        todo = [widget]
        while todo:
            w = todo.pop()
            if isinstance(w, ipywidgets.Output) and w.outputs:
                return True
            todo.extend(getattr(w, "children", ()))
        return False

    async def live(build) -> tuple[float, float]:
        start = time.perf_counter()
        item = build()
        item._repr_mimebundle_()
        shown = time.perf_counter() - start
        while not drawn(item.widget):
            await asyncio.sleep(0)
        return shown, time.perf_counter() - start

    from bpcourse.draw import display
    executor = display.live_front_end
    rows = []
    for name in WIDGET_BUILDERS:
        module, function = name.split(".")
        build = getattr(importlib.import_module(f"bpcourse.widgets.{module}"), function)
        display.live_front_end = lambda: True                  # as if JupyterLab were connected
        asyncio.run(live(build))                               # warm-up
        shown, first = asyncio.run(live(build))
        display.live_front_end = executor
        item = build()
        start = time.perf_counter()
        item.static_html
        rows.append((name, shown, first, time.perf_counter() - start))
    return rows


def print_widget_table() -> None:
    print(f"\n{'widget':<36} {'live view':>10} {'1st picture':>12} {'static form':>12}"
          f"   (target: live view < 0.5 s)")
    for name, shown, first, static in widget_table():
        print(f"{name:<36} {shown:>8.2f} s {first:>10.2f} s {static:>10.2f} s   "
              f"{'met' if shown < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
