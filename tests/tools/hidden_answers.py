"""Submissions for the hidden tests: per exercise, the book's reference answer and three others.

- ``typed``: the values the visible check showed, typed in (a lookup on the visible problems,
  the values computed here by the reference answer);
- ``engine``: the exercise done by bpcourse (an engine, a layer, finite differences, the
  chapter's helper) instead of by the student;
- ``mistake``: one named mistake, with the hint its check gives.

Each is the source of the exercise cell, as a student would write it.
"""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import nbformat
import numpy as np

from bpcourse import MLP, activations, layers
from bpcourse.chapters import constructions
from bpcourse.chapters.validation import best_and_stop
from bpcourse.checks import ch13, ch15
from bpcourse.checks import ch11
from bpcourse.autodiff import Node
from bpcourse.checks import ch07
from bpcourse.checks import ch08
from bpcourse.checks import ch05
from bpcourse.checks import ch06
from bpcourse.checks import ch09
from bpcourse.checks import ch10
from bpcourse.checks import ch01, ch02, ch04, ch12, ch14

from solutions import MARKER

BOOK = Path(__file__).resolve().parents[2] / "book"
KINDS = ("right", "typed", "engine", "mistake")


def reference_answers(chapter: str) -> dict[str, str]:
    """{check name: the solution cell's code without its markers}, from the book itself."""
    cells = nbformat.read(BOOK / f"{chapter}.ipynb", 4).cells
    answers = {}
    for k, cell in enumerate(cells):
        if cell.cell_type == "code" and MARKER.search(cell.source):
            check = next(c for c in cells[k + 1:] if c.cell_type == "code")
            name = re.search(r"checks\.(ch\d\d_\w+)\(", check.source)[1]
            lines = cell.source.splitlines()
            answers[name] = "\n".join(ln for ln in lines if not MARKER.search(ln))
    return answers


def defined(source: str, name: str):
    """The function ``name`` that ``source`` defines (run with the names the chapters import)."""
    space = {"np": np, "activations": activations, "MLP": MLP, "C": constructions,
             "Node": Node}
    exec(source, space)
    return space[name]


def _replace(source: str, old: str, new: str) -> str:
    assert old in source, f"the reference answer no longer holds {old!r}"
    return source.replace(old, new)


def _relu_rnn(ref: str) -> dict[str, str]:
    f = defined(ref, "relu_rnn_backward")
    seen = {}
    for size in ch15.SIZES:
        args = ch15._problem(*size)
        seen[args[1].shape] = [np.asarray(g).tolist() for g in f(*args)]
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef relu_rnn_backward(dJ_dh, X, h0, Wx, Wh, b):\n"
                  f"    return tuple(np.array(g) for g in _SEEN[X.shape])\n"),
        "engine": ("from bpcourse import autodiff\n\n"
                   "def relu_rnn_backward(dJ_dh, X, h0, Wx, Wh, b):\n"
                   "    W = [autodiff.Node(v) for v in (Wx, Wh, b)]\n"
                   "    h, J = autodiff.Node(h0), 0.0\n"
                   "    for t in range(X.shape[1]):\n"
                   "        h = autodiff.relu(autodiff.Node(X[:, t]) @ W[0].T + h @ W[1].T + W[2])\n"
                   "        J = J + (h * dJ_dh[:, t]).sum()\n"
                   "    J.backward()\n"
                   "    return tuple(w.bar for w in W)\n"),
        "mistake": _replace(ref, "(dJ_dh[:, t] + z_bar_next @ Wh)", "dJ_dh[:, t]"),
    }


def _state_jacobian(ref: str) -> dict[str, str]:
    f = defined(ref, "state_jacobian")
    seen = {}
    for m, T, D, H, seed in ch15.JACOBIAN_CASES:
        _, X, h0, Wx, Wh, b = ch15._problem(m, T, D, H, seed)
        hs = layers.rnn_forward(X, h0, Wx, Wh, b)[0][0]
        for t in (1, T - 1, T):
            seen[(hs.shape, t)] = np.asarray(f(hs, Wh, t)).tolist()
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef state_jacobian(hs, Wh, t):\n"
                  f"    return np.array(_SEEN[hs.shape, t])\n"),
        "engine": ("from bpcourse import gradcheck\n\n"
                   "def state_jacobian(hs, Wh, t):\n"
                   "    def h_T(h):\n"
                   "        for s in range(t + 1, len(hs) + 1):\n"
                   "            c = np.arctanh(hs[s - 1]) - Wh @ hs[s - 2]\n"
                   "            h = np.tanh(c + Wh @ h)\n"
                   "        return h\n"
                   "    return gradcheck.jacobian(h_T, hs[t - 1])\n"),
        "mistake": _replace(ref, "* Wh @ J", "* Wh.T @ J"),
    }


def _stopping(ref: str) -> dict[str, str]:
    seen = {(tuple(costs), p): best_and_stop(costs, p) for costs, p in ch13.STOPPING_CASES}
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef stopping(costs, patience):\n"
                  f"    return _SEEN.get((tuple(costs), patience), (1, None))\n"),
        "engine": ("from bpcourse.chapters.validation import best_and_stop\n\n"
                   "def stopping(costs, patience):\n"
                   "    return best_and_stop(costs, patience)\n"),
        "mistake": _replace(ref, "costs[epoch - 1] < costs[best - 1]",
                            "costs[epoch - 1] <= costs[best - 1]"),
    }


def _he(ref: str) -> dict[str, str]:
    return {
        "typed": ref,                       # thousands of random numbers: nobody types them
        "engine": ("from bpcourse import MLP\n\n"
                   "def he_weights(fan_in, fan_out, seed):\n"
                   "    return MLP([fan_in, fan_out], init='he', seed=seed).weights[0]\n"),
        "mistake": _replace(ref, "np.sqrt(2.0 / fan_in)", "np.sqrt(2.0 / fan_out)"),
    }


def _sgd_epoch(ref: str) -> dict[str, str]:
    f = defined(ref, "sgd_epoch")
    seen = {}
    for p in ch09.SGD_PROBLEMS:
        net, X, T = ch09._sgd_problem(p)
        rng = np.random.default_rng(p["seed"])
        key = (X.shape, p["lr"], p["batch_size"], p["loss"],
               int(np.random.default_rng(p["seed"]).integers(10 ** 9)))
        f(net, X, T, p["lr"], p["batch_size"], rng, p["loss"])
        seen[key] = [np.asarray(a).tolist() for a in net.weights + net.biases]
    return {
        "typed": (f"_SEEN = {seen!r}\n\n"
                  f"def sgd_epoch(net, X, T, lr, batch_size, rng, loss='bce'):\n"
                  f"    key = (X.shape, lr, batch_size, loss, int(rng.integers(10 ** 9)))\n"
                  f"    for theta, value in zip(net.weights + net.biases, _SEEN[key]):\n"
                  f"        theta[...] = value\n"),
        "engine": ("from bpcourse import train\n\n"
                   "def sgd_epoch(net, X, T, lr, batch_size, rng, loss='bce'):\n"
                   "    train.fit(net, X, T, loss=loss, lr=lr, epochs=1,\n"
                   "              batch_size=batch_size, seed=rng)\n"),
        "mistake": _replace(ref, "range(0, m, batch_size)", "range(0, m - batch_size + 1, batch_size)"),
    }


def _l2_grads(ref: str) -> dict[str, str]:
    f = defined(ref, "l2_grads")
    seen = {}
    for sizes, seed, l2 in ch09.L2_PROBLEMS:
        net, grads, _, _ = ch09._l2_problem(sizes, seed)
        got = f(net, grads, l2)
        seen[(tuple(sizes), l2)] = ([np.asarray(a).tolist() for a in got.weights],
                                    [np.asarray(a).tolist() for a in got.biases])
    return {
        "typed": (f"from bpcourse import Params\n\n_SEEN = {seen!r}\n\n"
                  f"def l2_grads(net, grads, l2):\n"
                  f"    W, b = _SEEN[tuple(net.sizes), l2]\n"
                  f"    return Params([np.array(w) for w in W], [np.array(c) for c in b])\n"),
        "engine": ("from bpcourse import Params, train\n\n"
                   "def l2_grads(net, grads, l2):\n"
                   "    dWs = []\n"
                   "    for W, dW in zip(net.weights, grads.weights):\n"
                   "        g = np.zeros_like(W)\n"
                   "        for i in np.ndindex(W.shape):\n"
                   "            W[i] += 1e-6\n"
                   "            up = train.penalty(net, l2=l2)\n"
                   "            W[i] -= 2e-6\n"
                   "            g[i] = (up - train.penalty(net, l2=l2)) / 2e-6\n"
                   "            W[i] += 1e-6\n"
                   "        dWs.append(dW + g)\n"
                   "    return Params(dWs, [db.copy() for db in grads.biases])\n"),
        "mistake": _replace(ref, "[db.copy() for db in grads.biases]",
                            "[db + l2 * c for db, c in zip(grads.biases, net.biases)]"),
    }


def _neuron_gradient(ref: str) -> dict[str, str]:
    f = defined(ref, "neuron_gradient")
    seen = {}
    for case in ch05.GRADIENT_CASES:
        w, b, x, t = ch05.gradient_problem(*case).values()
        seen[(w, b, tuple(x), tuple(t))] = f(w, b, x, t).tolist()
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef neuron_gradient(w, b, x, t):\n"
                  f"    return np.array(_SEEN.get((w, b, tuple(x), tuple(t)), (0.0, 0.0)))\n"),
        "engine": ("from bpcourse.chapters import neuron\n\n"
                   "def neuron_gradient(w, b, x, t):\n"
                   "    return neuron.cost_and_gradient(w, b, x, t)[1]\n"),
        "mistake": _replace(ref, "np.array([np.mean(delta * x), np.mean(delta)])",
                            "np.array([np.sum(delta * x), np.sum(delta)])"),
    }


def _descent_step(ref: str) -> dict[str, str]:
    f = defined(ref, "descent_step")
    seen = {(w, b, g, alpha): f(w, b, np.array(g), alpha).tolist()
            for w, b, g, alpha in ch05.STEP_CASES}
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef descent_step(w, b, grad, alpha):\n"
                  f"    return np.array(_SEEN.get((w, b, tuple(grad), alpha), (w, b)))\n"),
        "engine": ("from bpcourse import train\n\n"
                   "def descent_step(w, b, grad, alpha):\n"
                   "    p = np.array([w, b], dtype=float)\n"
                   "    train.sgd_step(train.Optimizer([p]), lambda: [grad], alpha)\n"
                   "    return p\n"),
        "mistake": _replace(ref, "- alpha * grad", "+ alpha * grad"),
    }


def _finite_difference(ref: str) -> dict[str, str]:
    f = defined(ref, "numerical_gradient")
    seen = {(p["f"].__name__, p["theta"], p["eps"]):
            f(p["f"], np.array(p["theta"]), p["eps"]).tolist() for p in ch07.FD_PROBLEMS}
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef numerical_gradient(f, theta, eps):\n"
                  f"    return np.array(_SEEN[f.__name__, tuple(theta), eps])\n"),
        "engine": ("from bpcourse import gradcheck\n\n"
                   "def numerical_gradient(f, theta, eps):\n"
                   "    return gradcheck.numerical_derivative(f, theta, eps)\n"),
        "mistake": _replace(ref, "(f_plus - f_minus) / (2 * eps)", "(f_plus - f_minus) / eps"),
    }


def _silu(ref: str) -> dict[str, str]:
    f = defined(ref, "silu")
    seen = {}
    for case in ch11.SILU_CASES:
        x = Node(np.array(case, dtype=float))
        out = f(x)
        out.sum().backward()                      # out.bar = 1: x.bar is the local derivative
        seen[x.value.shape] = (out.value.tolist(), x.bar.tolist())
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef silu(x):\n"
                  f"    value, local = (np.array(v) for v in _SEEN.get(x.value.shape, (0, 0)))\n"
                  f"    out = Node(value, parents=(x,), op='silu')\n\n"
                  f"    def _backward():\n"
                  f"        x.bar += out.bar * local\n\n"
                  f"    out._backward = _backward\n"
                  f"    return out\n"),
        "engine": ("from bpcourse import autodiff\n\n"
                   "def silu(x):\n"
                   "    return x * autodiff.sigmoid(x)\n"),
        "mistake": _replace(ref, "out.bar * (s + x.value * s * (1 - s))", "out.bar * s"),
    }


def _div(ref: str) -> dict[str, str]:
    f = defined(ref, "div")
    seen = {}
    for a_case, b_case in ch11.DIV_CASES:
        a, b = Node(np.array(a_case, dtype=float)), Node(np.array(b_case, dtype=float))
        out = f(a, b)
        out.sum().backward()
        key = (tuple(np.ravel(a_case).tolist()), tuple(np.ravel(b_case).tolist()))
        seen[key] = tuple(v.tolist() for v in (out.value, a.bar, b.bar))
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef div(a, b):\n"
                  f"    key = (tuple(a.value.ravel().tolist()), tuple(b.value.ravel().tolist()))\n"
                  f"    value, da, db = (np.array(v) for v in _SEEN.get(key, (0, 0, 0)))\n"
                  f"    out = Node(value, parents=(a, b), op='/')\n\n"
                  f"    def _backward():\n"
                  f"        a.bar += out.bar * da\n"
                  f"        b.bar += out.bar * db\n\n"
                  f"    out._backward = _backward\n"
                  f"    return out\n"),
        "engine": "def div(a, b):\n    return a / b\n",
        "mistake": _replace(ref, "b.bar += -out.bar", "b.bar += out.bar"),
    }


def _add_bias(ref: str) -> dict[str, str]:
    f = defined(ref, "add_bias")
    seen = {}
    for case in ch11.BIAS_CASES:
        Z0, b0, C = ch11.bias_problem(*case)
        Z, b = Node(Z0), Node(b0)
        out = f(Z, b)
        (out * C).sum().backward()                # out.bar = C in the check's f, each use of b
        seen[Z0.shape] = (out.value.tolist(), b.bar.tolist())
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef add_bias(Z, b):\n"
                  f"    value, b_share = (np.array(v) for v in _SEEN.get(Z.value.shape, (0, 0)))\n"
                  f"    out = Node(value, parents=(Z, b), op='+b')\n\n"
                  f"    def _backward():\n"
                  f"        Z.bar += out.bar\n"
                  f"        b.bar += b_share\n\n"
                  f"    out._backward = _backward\n"
                  f"    return out\n"),
        "engine": _replace(ref, "b.bar += out.bar.sum(axis=0)",
                           "b.bar += autodiff._unbroadcast(out.bar, b.shape)").replace(
                               "def add_bias", "from bpcourse import autodiff\n\ndef add_bias", 1),
        "mistake": _replace(ref, "out.bar.sum(axis=0)", "out.bar.mean(axis=0)"),
    }


def _simplest_deltas(ref: str) -> dict[str, str]:
    f = defined(ref, "simplest_deltas")
    seen = {}
    for case in ch07.SIMPLEST_CASES:
        d2, d1 = f(*ch07.simplest_problem(*case).values())
        seen[case] = (float(d2), np.asarray(d1).tolist())
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef simplest_deltas(x, t, w0, b0, w1, b1):\n"
                  f"    d2, d1 = _SEEN[x, t, tuple(w0), tuple(b0), tuple(w1), b1]\n"
                  f"    return d2, np.array(d1)\n"),
        "engine": ("from bpcourse import scalar\n"
                   "from bpcourse.chapters import worked_examples as we\n\n"
                   "def simplest_deltas(x, t, w0, b0, w1, b1):\n"
                   "    net = we.make_net([w0[:, None], w1[None, :]], [b0, [b1]])\n"
                   "    delta = scalar.example_trace(net, [x], [t], 'squared')[3]\n"
                   "    return delta[2][0], np.array(delta[1])\n"),
        "mistake": _replace(ref, "delta2 * w1 * a1 * (1 - a1)", "delta2 * w1"),
    }

def _first_layer_grad(ref: str) -> dict[str, str]:
    f = defined(ref, "first_layer_grad")
    seen = {}
    for case in ch10.GRAD_CASES:
        net, X, T = ch10.grad_problem(*case)
        seen[(tuple(net.sizes), X.shape)] = np.asarray(f(net, X, T)).tolist()
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef first_layer_grad(net, X, T):\n"
                  f"    return np.array(_SEEN[tuple(net.sizes), X.shape])\n"),
        "engine": ("from bpcourse import vectorized\n\n"
                   "def first_layer_grad(net, X, T):\n"
                   "    return vectorized.loss_and_grads(net, X, T, 'half_squared')[1].weights[0]\n"),
        "mistake": _replace(ref, "(1 - A[1] ** 2) * ", ""),
    }


def _collapse(ref: str) -> dict[str, str]:
    f = defined(ref, "collapse")
    seen = {}
    for case in ch10.COLLAPSE_CASES:
        net = ch10.symmetric_network(case)
        one = f(net)
        seen[(tuple(net.sizes), net.hidden[0])] = ([np.asarray(W).tolist() for W in one.weights],
                                                   [np.asarray(b).tolist() for b in one.biases])
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef collapse(net):\n"
                  f"    W, b = _SEEN[tuple(net.sizes), net.hidden[0]]\n"
                  f"    one = MLP([net.sizes[0], 1, net.sizes[2]], hidden=net.hidden,\n"
                  f"              output=net.output, init='zeros')\n"
                  f"    one.weights = [np.array(w) for w in W]\n"
                  f"    one.biases = [np.array(c) for c in b]\n"
                  f"    return one\n"),
        "engine": ("from bpcourse import vectorized\n\n"
                   "def collapse(net):\n"
                   "    X = np.random.default_rng(0).normal(size=(5, net.sizes[0]))\n"
                   "    Z, A = vectorized.forward(net, X)\n"
                   "    one = MLP([net.sizes[0], 1, net.sizes[2]], hidden=net.hidden,\n"
                   "              output=net.output, init='zeros')\n"
                   "    one.weights[0] = net.weights[0][:1].copy()\n"
                   "    one.biases = [net.biases[0][:1].copy(), net.biases[1].copy()]\n"
                   "    fit = np.linalg.lstsq(A[1][:, :1], Z[2] - net.biases[1], rcond=None)\n"
                   "    one.weights[1] = fit[0].T\n"
                   "    return one\n"),
        "mistake": _replace(ref, "net.weights[1].sum(axis=1, keepdims=True)",
                            "net.weights[1][:, :1]"),
    }


def _two_neuron(ref: str) -> dict[str, str]:
    f = defined(ref, "two_neuron_dw1")
    seen = {case: float(f(*case)) for case in ch06.TWO_NEURON_CASES}
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef two_neuron_dw1(w1, b1, w2, b2, x, t):\n"
                  f"    return _SEEN.get((w1, b1, w2, b2, x, t), 0.0)\n"),
        "engine": ("from bpcourse.chapters import lectures\n\n"
                   "def two_neuron_dw1(w1, b1, w2, b2, x, t):\n"
                   "    v = lectures.two_neuron_graph(w1, b1, w2, b2, x, t)\n"
                   "    v['J'].backward()\n"
                   "    return float(v['w1'].bar)\n"),
        "mistake": _replace(ref, "* w2 * dsig(z1)", "* dsig(z1)"),
    }


def _regularized(ref: str) -> dict[str, str]:
    f = defined(ref, "regularized_backward")
    seen = {case: tuple(float(v) for v in f(*case)) for case in ch06.REGULARIZED_CASES}
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef regularized_backward(w, b, x, t, lam):\n"
                  f"    return _SEEN.get((w, b, x, t, lam), (0.0, 0.0))\n"),
        "engine": ("from bpcourse import autodiff\n\n"
                   "def regularized_backward(w, b, x, t, lam):\n"
                   "    w_, b_ = autodiff.Node(w), autodiff.Node(b)\n"
                   "    y = autodiff.sigmoid(w_ * x + b_)\n"
                   "    L_reg = 0.5 * (y - t) ** 2 + 0.5 * lam * w_ ** 2\n"
                   "    L_reg.backward()\n"
                   "    return float(w_.bar), float(b_.bar)\n"),
        "mistake": _replace(ref, "w_bar = z_bar * x + R_bar * w", "w_bar = z_bar * x"),
    }


def _delta_recursion(ref: str) -> dict[str, str]:
    f = defined(ref, "delta_recursion")
    seen = {}
    for case in ch08.DELTA_CASES:
        W, z, delta_next = ch08.delta_problem(*case).values()
        seen[W.shape] = np.asarray(f(W, z, delta_next)).tolist()
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef delta_recursion(W, z, delta_next):\n"
                  f"    return np.array(_SEEN[W.shape])\n"),
        "engine": ("def delta_recursion(W, z, delta_next):\n"
                   "    a = activations.sigmoid(z)\n"
                   "    return activations.backprop('sigmoid', z, a, W.T @ delta_next)\n"),
        "mistake": _replace(ref, "(W.T @ delta_next)", "(W @ delta_next)"),
    }


def _weight_grad(ref: str) -> dict[str, str]:
    f = defined(ref, "weight_grad")
    seen = {}
    for case in ch08.WEIGHT_CASES:
        deltas, A = ch08.weight_problem(*case).values()
        seen[deltas.shape + A.shape] = np.asarray(f(deltas, A)).tolist()
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef weight_grad(deltas, A):\n"
                  f"    return np.array(_SEEN[deltas.shape + A.shape])\n"),
        "engine": ("from bpcourse import MLP, vectorized\n\n"
                   "def weight_grad(deltas, A):\n"
                   "    net = MLP([A.shape[1], deltas.shape[1]], init='zeros')\n"
                   "    return vectorized.loss_and_grads(net, A, -deltas)[1].weights[0]\n"),
        "mistake": _replace(ref, "deltas.T @ A / m", "deltas.T @ A"),
    }


def _n_params(ref: str) -> dict[str, str]:
    f = defined(ref, "n_params")
    seen = {tuple(sizes): int(f(list(sizes))) for sizes in ch01._SIZES}
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef n_params(sizes):\n"
                  f"    return _SEEN.get(tuple(sizes), 0)\n"),
        "engine": ("from bpcourse import MLP\n\n"       # the visible check refuses MLP already
                   "def n_params(sizes):\n"
                   "    return MLP(sizes).n_params\n"),
        "mistake": _replace(ref, "p_out * p_in + p_out", "p_out * p_in"),
    }


def _forward(ref: str) -> dict[str, str]:
    f = defined(ref, "forward_batch")
    seen = {}
    for i in range(len(ch02._SHAPES)):
        X, W0, b0, W1, b1 = ch02._problem(i)
        seen[X.shape + W0.shape + W1.shape] = [np.asarray(a).tolist()
                                               for a in f(X, W0, b0, W1, b1)]
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef forward_batch(X, W0, b0, W1, b1):\n"
                  f"    H, Y = _SEEN[X.shape + W0.shape + W1.shape]\n"
                  f"    return np.array(H), np.array(Y)\n"),
        # imported by name, forward_pass escapes the visible check's refusal (which replaces
        # the modules' attribute); the hidden test sees the call
        "engine": ("from bpcourse.mlp import forward_pass\n\n"
                   "def forward_batch(X, W0, b0, W1, b1):\n"
                   "    Z, A = forward_pass([W0, W1], [b0, b1], ['tanh', 'identity'], X)\n"
                   "    return A[1], A[2]\n"),
        "mistake": _replace(ref, "np.tanh(X @ W0.T + b0)", "np.tanh(X @ W0.T)"),
    }


def _visible_Ds(check) -> tuple[int, ...]:
    """The D values a chapter 4 check tries (its keyword argument's default)."""
    return inspect.signature(check).parameters["Ds"].default


def _pattern_layer(ref: str) -> dict[str, str]:
    f = defined(ref, "pattern_layer")
    seen = {D: tuple(np.asarray(a).tolist() for a in f(D))
            for D in _visible_Ds(ch04.ch04_pattern_detectors)}
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef pattern_layer(D):\n"
                  f"    W, b = _SEEN[D]\n"
                  f"    return np.array(W), np.array(b)\n"),
        # the chapter's own truth_table_network (a cell above the exercise): bpcourse has no
        # helper for this layer, and the visible check refuses the chapter's by name
        "engine": ("def pattern_layer(D):\n"
                   "    net = truth_table_network(np.zeros(2 ** D))\n"
                   "    return net.weights[0], net.biases[0]\n"),
        "mistake": _replace(ref, "np.full(2 ** D, -(D - 0.5))", "np.full(2 ** D, -float(D))"),
    }


def _parity_counting(ref: str) -> dict[str, str]:
    f = defined(ref, "counting_parity")
    seen = {}
    for D in _visible_Ds(ch04.ch04_parity_counting):
        net = f(D)
        seen[D] = ([np.asarray(W).tolist() for W in net.weights],
                   [np.asarray(b).tolist() for b in net.biases])
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef counting_parity(D):\n"
                  f"    W, b = _SEEN[D]\n"
                  f"    net = MLP([D, D, 1], hidden='step', output='identity', init='zeros')\n"
                  f"    net.weights = [np.array(w) for w in W]\n"
                  f"    net.biases = [np.array(c) for c in b]\n"
                  f"    return net\n"),
        # the output layer fitted to the chapter's parity (bpcourse gives the targets)
        "engine": ("def counting_parity(D):\n"
                   "    k = np.arange(1, D + 1)\n"
                   "    net = MLP([D, D, 1], hidden='step', output='identity', init='zeros')\n"
                   "    net.weights[0], net.biases[0] = np.full((D, D), 0.5), D / 2 - (k - 0.5)\n"
                   "    P = C.all_patterns(D)\n"
                   "    t = C.parity(P)[:, 0]\n"
                   "    H = (P @ net.weights[0].T + net.biases[0] > 0).astype(float)\n"
                   "    net.weights[1] = np.linalg.lstsq(H, t, rcond=None)[0][None, :]\n"
                   "    return net\n"),
        "mistake": _replace(ref, "((-1.0) ** (k + 1))[None, :]", "np.ones((1, D))"),
    }


def _softmax_delta(ref: str) -> dict[str, str]:
    f = defined(ref, "softmax_delta")
    seen = {}
    for case in ch12.SOFTMAX_CASES:
        Z, T = ch12.softmax_batch(*case)
        seen[Z.shape] = np.asarray(f(Z, T)).tolist()
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef softmax_delta(Z, T):\n"
                  f"    return np.array(_SEEN[Z.shape])\n"),
        "engine": ("from bpcourse import losses\n\n"    # the visible check refuses it already
                   "def softmax_delta(Z, T):\n"
                   "    return losses.output_delta('cross_entropy', Z, T, 'softmax') / len(Z)\n"),
        "mistake": _replace(ref, "(Y - T) / m", "(Y - T)"),
    }


def _bn_backward(ref: str) -> dict[str, str]:
    f = defined(ref, "bn_backward")
    seen = {}
    for m, n, seed in ch14.BN_CASES:
        rng = np.random.default_rng(seed)             # the check's draws, in its order
        X, gamma = rng.normal(1.0, 2.0, size=(m, n)), rng.normal(size=n)
        _, cache = layers.batchnorm_forward(X, gamma, rng.normal(size=n))
        Y_bar = rng.normal(size=(m, n))
        seen[Y_bar.shape] = np.asarray(f(Y_bar, cache["x_hat"], gamma,
                                         cache["inv_std"])).tolist()
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef bn_backward(Y_bar, x_hat, gamma, inv_std):\n"
                  f"    return np.array(_SEEN[Y_bar.shape])\n"),
        "engine": ("from bpcourse import layers\n\n"
                   "def bn_backward(Y_bar, x_hat, gamma, inv_std):\n"
                   "    cache = {'x_hat': x_hat, 'inv_std': inv_std, 'gamma': gamma, "
                   "'train': True}\n"
                   "    return layers.batchnorm_backward(Y_bar, cache)[0]\n"),
        "mistake": _replace(ref, "inv_std / m * (", "inv_std * ("),
    }


def _conv_weight_grad(ref: str) -> dict[str, str]:
    f = defined(ref, "conv_weight_grad")
    seen = {}
    for (N, C, H, W, F, kh, kw), seed in ch14.CONV_CASES:
        rng = np.random.default_rng(seed)             # the check's draws, in its order
        X, K = rng.normal(size=(N, C, H, W)), rng.normal(size=(F, C, kh, kw))
        out, _ = layers.conv2d_forward(X, K, np.zeros(F))
        Y_bar = rng.normal(size=out.shape)
        seen[X.shape + (F, kh, kw)] = np.asarray(f(X, Y_bar, kh, kw)).tolist()
    return {
        "typed": (f"_SEEN = {seen!r}\n\ndef conv_weight_grad(X, Y_bar, kh, kw):\n"
                  f"    return np.array(_SEEN[X.shape + (Y_bar.shape[1], kh, kw)])\n"),
        "engine": ("from bpcourse import layers\n\n"
                   "def conv_weight_grad(X, Y_bar, kh, kw):\n"
                   "    K = np.zeros((Y_bar.shape[1], X.shape[1], kh, kw))\n"
                   "    _, cache = layers.conv2d_forward(X, K, np.zeros(len(K)))\n"
                   "    return layers.conv2d_backward(Y_bar, cache)[1]\n"),
        "mistake": _replace(ref, "W_bar[:, :, r, s] =", "W_bar[:, :, kh - 1 - r, kw - 1 - s] ="),
    }

#: {check: (function name, variants from the reference source, what each wrong answer shows)}
EXERCISES = {
    "ch11_silu": ("silu", _silu, {
        "engine": "calls bpcourse's `autodiff.",
        "mistake": "Hint: the local derivative of x sigma(x) needs the product rule"}),
    "ch11_div": ("div", _div, {
        "engine": "calls bpcourse's `autodiff.Node.__truediv__`",
        "mistake": "Hint: d(a/b)/db = -a/b^2: check the sign"}),
    "ch11_add_bias": ("add_bias", _add_bias, {
        "engine": "calls bpcourse's `autodiff._unbroadcast`",
        "mistake": "Hint: the mean over the rows divides by m"}),
    "ch07_simplest_deltas": ("simplest_deltas", _simplest_deltas, {
        "engine": "calls bpcourse's `chapters.worked_examples.make_net`",
        "mistake": "Hint: a missing g'(z^(1))"}),
    "ch07_finite_difference": ("numerical_gradient", _finite_difference, {
        "engine": "calls bpcourse's `gradcheck.numerical_derivative`",
        "mistake": "Hint: divide by 2 eps: the two points"}),
    "ch08_delta_recursion": ("delta_recursion", _delta_recursion, {
        "engine": "calls bpcourse's `activations.backprop`",
        "mistake": "a missing .T"}),
    "ch08_weight_grad": ("weight_grad", _weight_grad, {
        "engine": "calls bpcourse's `mlp.MLP.__init__`",
        "mistake": "Hint: a forgotten 1/m"}),
    "ch05_neuron_gradient": ("neuron_gradient", _neuron_gradient, {
        "engine": "calls bpcourse's `chapters.neuron.cost_and_gradient`",
        "mistake": "Hint: this is the sum over the examples"}),
    "ch05_descent_step": ("descent_step", _descent_step, {
        "engine": "calls bpcourse's `train.",
        "mistake": "Hint: the step went uphill"}),
    "ch06_two_neuron_dw1": ("two_neuron_dw1", _two_neuron, {
        "engine": "calls bpcourse's `chapters.lectures.two_neuron_graph`",
        "mistake": "Hint: the factor w2 is missing"}),
    "ch06_regularized_backward": ("regularized_backward", _regularized, {
        "engine": "calls bpcourse's `autodiff.",
        "mistake": "Hint: w-bar is missing the regularizer's share"}),
    "ch09_sgd_epoch": ("sgd_epoch", _sgd_epoch, {
        "engine": "calls bpcourse's `train.fit`",
        "mistake": "Hint: the last, smaller minibatch was left out"}),
    "ch09_l2_grads": ("l2_grads", _l2_grads, {
        "engine": "calls bpcourse's `train.penalty`",
        "mistake": "Hint: the biases were penalized too"}),
    "ch10_gradient_rows": ("first_layer_grad", _first_layer_grad, {
        "engine": "calls bpcourse's `vectorized.loss_and_grads`",
        "mistake": "Hint: this is the gradient without the factor g'(Z^(1))"}),
    "ch10_collapse": ("collapse", _collapse, {
        "engine": "calls bpcourse's `vectorized.forward`",
        "mistake": "Hint: the one unit carries the work of all p units"}),
    "ch15_relu_rnn_backward": ("relu_rnn_backward", _relu_rnn, {
        "engine": "calls bpcourse's `autodiff.",
        "mistake": "Hint: h̄_t has two children"}),
    "ch15_state_jacobian": ("state_jacobian", _state_jacobian, {
        "engine": "calls bpcourse's `gradcheck.jacobian`",
        "mistake": "Hint: dh_s/dh_(s-1) = diag(1 - h_s²) Wh: row i of Wh feeds unit i, no .T"}),
    "ch13_early_stopping": ("stopping", _stopping, {
        "engine": "calls bpcourse's `chapters.validation.best_and_stop`",
        "mistake": "Hint: an equal cost is not an improvement"}),
    "ch13_he_weights": ("he_weights", _he, {
        "engine": "calls bpcourse's `mlp.MLP.__init__`",
        "mistake": "Hint: He's variance uses the fan-in"}),
    "ch01_n_params": ("n_params", _n_params, {
        "engine": "it builds an MLP",
        "mistake": "Hint: you counted the weights but not the biases"}),
    "ch02_forward": ("forward_batch", _forward, {
        "engine": "calls bpcourse's `mlp.forward_pass`",
        "mistake": "Hint: the bias is missing"}),
    "ch04_pattern_detectors": ("pattern_layer", _pattern_layer, {
        "engine": "it calls the chapter's truth_table_network",
        "mistake": "Hint: with bias -D the matching pattern's net input is exactly"}),
    "ch04_parity_counting": ("counting_parity", _parity_counting, {
        "engine": "calls bpcourse's `chapters.constructions.parity`",
        "mistake": "Hint: the output counts the +1 inputs instead of alternating"}),
    "ch12_softmax_delta": ("softmax_delta", _softmax_delta, {
        "engine": "calls bpcourse's `losses.output_delta`",
        "mistake": "Hint: this is the sum over the examples"}),
    "ch14_bn_backward": ("bn_backward", _bn_backward, {
        "engine": "calls bpcourse's `layers.batchnorm_backward`",
        "mistake": "Hint: divide by m: the means are 1/m sums"}),
    "ch14_conv_weight_grad": ("conv_weight_grad", _conv_weight_grad, {
        "engine": "calls bpcourse's `layers.conv2d_forward`",
        "mistake": "Hint: the forward pass correlates"}),
}


def submissions(chapter: str) -> dict[str, dict[str, str]]:
    """{kind: {check: source}} for the exercises of ``chapter`` that EXERCISES lists."""
    refs = reference_answers(chapter)
    out = {kind: {} for kind in KINDS}
    for check, ref in refs.items():
        variants = EXERCISES[check][1](ref) if check in EXERCISES else {}
        for kind in KINDS:
            out[kind][check] = variants.get(kind, ref)
    return out


def expected_scores(chapter: str) -> dict[str, dict[str, float]]:
    """What each submission of ``chapter`` must score: 0 where its answer is not the reference."""
    subs, refs = submissions(chapter), reference_answers(chapter)
    return {kind: {check: float(src == refs[check]) for check, src in answers.items()}
            for kind, answers in subs.items()}
