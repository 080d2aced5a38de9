"""The training playground of chapter 9: pick a data set and a network, train it, watch it learn.

Plain functions (tested in tests/widgets/test_widget_training.py):

- ``load(dataset)``: the (X, T) of one of ``DATASETS``;
- ``train_on(dataset=..., hidden=[...], activation=..., loss=..., lr=..., batch_size=...,
  epochs=...)``: builds ``MLP([2, *hidden, 1], output="sigmoid")``, trains it with
  ``train.fit`` and returns a ``TrainResult`` (network, history, data, accuracy);
- ``plot_result``: the decision regions (with the hidden units' lines) and the loss curve.

``training_playground()`` returns a ``display.Interactive``: controls (a random start among
them, so a second run can differ), a Train button, a progress bar and a plot redrawn at the
epochs ``redraw_epochs`` gives, through ``fit``'s callback; its static form is a grid of
trained results, one per data set.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from numbers import Integral
from typing import Callable, Sequence

import numpy as np

from .. import datasets, train, vectorized
from ..draw import display, plotting
from ..chapters import snapshots
from .._validate import choice
from ._controls import WIDE, log_slider
from ..mlp import MLP

DATASETS = ("xor", "circles", "moons", "spiral")
ACTIVATIONS = ("sigmoid", "tanh", "relu", "step")
LOSSES = ("bce", "half_squared", "squared")
FRAMES = 10           # pictures of one run while the playground trains (the last at the end)

#: settings that train each data set well, shown in the static form (fast: well under a second each)
PRESETS: dict[str, dict] = {
    "xor": dict(hidden=[3], activation="sigmoid", loss="bce", lr=2.0, batch_size=None, epochs=500),
    "circles": dict(hidden=[4], activation="tanh", loss="bce", lr=0.5, batch_size=20, epochs=100),
    "moons": dict(hidden=[8], activation="tanh", loss="bce", lr=0.5, batch_size=20, epochs=100),
    "spiral": dict(hidden=[16, 16], activation="tanh", loss="bce", lr=0.5, batch_size=20, epochs=200),
}


@dataclass
class TrainResult:
    """A trained network, its history, the data it was trained on and its loss before training."""

    net: MLP
    history: train.History
    X: np.ndarray
    T: np.ndarray
    initial_loss: float

    @property
    def final_loss(self) -> float:
        return self.history.loss[-1]

    @property
    def accuracy(self) -> float:
        return train.accuracy(self.net, self.X, self.T)


def load(dataset: str, m: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """X (m, 2) and T (m, 1) of a data set by name (XOR always has its 4 points)."""
    choice("dataset", dataset, DATASETS)
    if dataset == "xor":
        return datasets.xor()
    return datasets.DATASETS[dataset](m=m, seed=seed)


def _check_hidden(hidden) -> list[int]:
    if isinstance(hidden, (int, np.integer)) and not isinstance(hidden, bool):
        hidden = [hidden]
    if not isinstance(hidden, (list, tuple)):
        raise TypeError(f"hidden must be a list of hidden-layer widths such as [8] or [8, 8], "
                        f"got {hidden!r}")
    for h in hidden:
        if isinstance(h, bool) or not isinstance(h, Integral) or h < 1:
            raise ValueError(f"every hidden width must be a positive integer, got hidden={list(hidden)}")
    return [int(h) for h in hidden]


def train_on(dataset: str = "circles", hidden: Sequence[int] = (4,), activation: str = "tanh",
             loss: str = "bce", lr: float = 0.5, batch_size: int | None = None, epochs: int = 100,
             seed: int = 0, callback: Callable[[int, MLP, float], None] | None = None) -> TrainResult:
    """Train ``MLP([2, *hidden, 1], hidden=activation, output="sigmoid")`` on a data set.

    The data are always the same (seed 0); ``seed`` picks the random start and the shuffles.
    ``batch_size=None`` is full-batch gradient descent; a batch size larger than the data set
    (XOR has 4 points) is refused by ``train.fit``. ``callback(epoch, net, loss)`` runs after
    every epoch.
    """
    choice("dataset", dataset, DATASETS)
    hidden = _check_hidden(hidden)
    choice("activation", activation, ACTIVATIONS)
    choice("loss", loss, LOSSES)
    X, T = load(dataset)
    net = MLP([2, *hidden, 1], hidden=activation, output="sigmoid", seed=seed)
    J0, _ = vectorized.loss_and_grads(net, X, T, loss)
    history = train.fit(net, X, T, loss=loss, lr=lr, epochs=epochs, batch_size=batch_size,
                        seed=seed, callback=callback)
    return TrainResult(net, history, X, T, J0)


def plot_result(result: TrainResult, title: str | None = None):
    """A result's decision regions (with the first layer's lines) and loss curve: a figure."""
    fig = snapshots.plot_trained(result.net, result.X, result.T, result.history.loss,
                                 title or f"accuracy {result.accuracy:.0%}")
    fig.axes[1].set_title(f"J: {result.initial_loss:.3f} → {result.final_loss:.3f}",
                          fontsize=10)
    return fig


def redraw_epochs(epochs: int, frames: int = FRAMES) -> list[int]:
    """The epochs (counting from 1) after which a run of ``epochs`` is drawn while it trains:
    every ceil(epochs / frames) epochs, before the last (the final picture shows that one)."""
    every = max(1, -(-epochs // frames))
    return list(range(every, epochs, every))


def _describe(dataset: str, s: dict) -> str:
    batch = "full batch" if s["batch_size"] is None else f"batch {s['batch_size']}"
    return (f"{dataset}: hidden {s['hidden']} {s['activation']}, {s['loss']}, "
            f"lr {s['lr']}, {batch}, {s['epochs']} epochs")


def static_form() -> str:
    """The kernel-free form: each data set trained with its preset, regions and loss curve."""
    items = []
    for name in DATASETS:
        s = PRESETS[name]
        r = train_on(name, **s)
        caption = f"{_describe(name, s)}: accuracy {r.accuracy:.0%}"
        alt = (f"Decision regions of a network trained on {name}, with dashed lines where its "
               f"first-layer units switch, and its loss curve falling from {r.initial_loss:.2f} "
               f"to {r.final_loss:.3f}; accuracy {r.accuracy:.0%}.")
        items.append((plot_result(r, f"{name}: accuracy {r.accuracy:.0%}"), alt, caption))
    # one per row: each figure is shown at its natural size (text stays legible on the page)
    return display.grid_html(items, columns=1,
                             title="Training playground (static form): each data set trained "
                                   "with a preset network")


def _controls():
    """The playground's controls, one attribute each."""
    import ipywidgets as w
    from types import SimpleNamespace

    return SimpleNamespace(
        dataset=w.Dropdown(options=DATASETS, value="circles", description="data set"),
        hidden=w.Text(value="4", description="hidden", placeholder="e.g. 8 or 16,16"),
        activation=w.Dropdown(options=ACTIVATIONS, value="tanh", description="activation"),
        loss=w.Dropdown(options=LOSSES, value="bce", description="loss"),
        lr=log_slider("learning rate", 0.5, 0.001, 10.0),
        batch=w.IntSlider(value=20, min=1, max=200, description="batch size", style=WIDE),
        full=w.Checkbox(value=False, description="full batch", style=WIDE),
        epochs=w.IntSlider(value=100, min=10, max=1000, step=10, description="epochs"),
        seed=w.BoundedIntText(value=0, min=0, max=999, description="random start",
                              style=WIDE, layout=w.Layout(width="auto")),
        preset=w.Button(description="preset for data set", layout=w.Layout(width="auto")),
        go=w.Button(description="Train", button_style="primary"),
        progress=w.IntProgress(value=0, min=0, max=1, description="epoch"),
        status=w.Label())


def _plot_progress(net, X, T, losses, title, n_epochs=None):
    """The regions and the loss so far; while training, the loss axis spans the whole run."""
    axes = plotting.new_figure(2, 1, 3.2, 3.0)[1][0]
    fig = snapshots.plot_trained(net, X, T, losses, title, axes, resolution=60)
    if n_epochs:
        axes[1].set_xlim(0.5, n_epochs + 0.5)
    return fig


def _picture(c, state: dict):
    """The last run's result, or the data set waiting for Train."""
    r = state["result"]
    if r is not None:
        return _plot_progress(r.net, r.X, r.T, r.history.loss,
                              f"epoch {len(r.history.loss)}: accuracy {r.accuracy:.0%}"), None
    X, T = load(c.dataset.value)
    fig, axes = plotting.new_figure(1, 1, 3.2, 3.0)
    plotting.plot_points(axes[0, 0], X, T)
    axes[0, 0].set_title(f"{c.dataset.value}: press Train", fontsize=10)
    return fig, None


def _apply_preset(c) -> None:
    s = PRESETS[c.dataset.value]
    c.hidden.value = ",".join(str(h) for h in s["hidden"])
    c.activation.value, c.loss.value, c.lr.value = s["activation"], s["loss"], s["lr"]
    c.full.value = s["batch_size"] is None
    if s["batch_size"] is not None:
        c.batch.value = s["batch_size"]
    c.epochs.value = s["epochs"]


def _run(c, state: dict, canvas) -> None:
    """Train with the controls' settings, drawing the regions and loss as it goes."""
    try:
        sizes = [int(h) for h in c.hidden.value.replace(" ", "").split(",") if h]
        X, T = load(c.dataset.value)
        bs = None if c.full.value else min(c.batch.value, X.shape[0])
    except ValueError as e:
        c.status.value = f"hidden: give widths such as 8 or 16,16 ({e})"
        return
    c.progress.max, c.progress.value = c.epochs.value, 0
    c.status.value = "training…"
    losses: list[float] = []
    n, draw_at = c.epochs.value, set(redraw_epochs(c.epochs.value, FRAMES))

    def callback(epoch: int, net: MLP, J: float) -> None:
        losses.append(J)
        c.progress.value = epoch + 1
        if epoch + 1 in draw_at:           # this run holds the canvas's lock: show directly
            acc = train.accuracy(net, X, T)
            canvas.show(_plot_progress(net, X, T, losses,
                                       f"epoch {epoch + 1}: accuracy {acc:.0%}", n))

    try:
        r = train_on(c.dataset.value, sizes, c.activation.value, c.loss.value, c.lr.value, bs,
                     n, seed=c.seed.value, callback=callback)
    except (ValueError, TypeError, FloatingPointError) as e:
        c.status.value = f"cannot train: {e}"
        return
    state["result"] = r
    state["runs"] += 1
    c.status.value = (f"run {state['runs']}: {r.net.sizes} {c.activation.value}, "
                      f"random start {c.seed.value}, "
                      f"J {r.initial_loss:.4f} → {r.final_loss:.4f}, accuracy {r.accuracy:.0%}")


def training_playground() -> display.Interactive:
    """Controls for data set, network and training; Train shows progress and the result."""
    import ipywidgets as w

    c = _controls()
    state: dict = {"result": None, "runs": 0}
    clicks, clicks_lock = {"open": 0}, threading.Lock()

    def on_train(_=None) -> None:
        # progress shows at once, even while a previous run still holds the canvas; the
        # button is disabled until every run asked for has finished (or was dropped as stale)
        with clicks_lock:
            clicks["open"] += 1
            c.status.value = ("training…" if clicks["open"] == 1
                              else "waiting for the previous run…")
            c.progress.value = 0
            c.go.disabled = True
        try:
            canvas.update(lambda: _run(c, state, canvas), skip_if_stale=True)
        finally:
            with clicks_lock:
                clicks["open"] -= 1
                c.go.disabled = clicks["open"] > 0

    canvas = display.Canvas(lambda: _picture(c, state))
    c.dataset.observe(lambda _: canvas.update(lambda: state.update(result=None)), "value")
    c.preset.on_click(lambda _: _apply_preset(c))
    c.go.on_click(on_train)
    canvas.start()
    controls = w.VBox([w.HBox([c.dataset, c.hidden, c.activation]),
                       w.HBox([c.loss, c.lr, c.batch]), w.HBox([c.full, c.epochs, c.seed]),
                       w.HBox([c.preset, c.go, c.progress]), c.status])
    summary = ("training_playground: data set, hidden sizes, activation, loss, learning rate, "
               "batch size, epochs, random start; redraws the decision boundary and the loss "
               "curve as it trains")
    return display.Interactive(w.VBox([controls, canvas.out]), static_form, summary)
