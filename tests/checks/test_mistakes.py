"""Every coding exercise, on the inputs its notebook cell really uses: the reference answer
passes; each typical mistake, written as a student would write it, fails with its own hint;
an exercise not answered yet says so in one line.

The inputs are taken from the exercise cell itself (the code before ``### BEGIN SOLUTION``,
run here), so a change to an exercise's numbers is tested too: no plausible mistake may give
the right number on the inputs the students get.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pytest

from bpcourse import MLP, Params, activations, checks, losses, vectorized
from bpcourse.autodiff import Node
from bpcourse.chapters import constructions, lectures, neuron, validation, worked_examples
from bpcourse.checks import CheckFailed, NotAnswered

BOOK = Path(__file__).resolve().parents[2] / "book"
sig, dsig = activations.sigmoid, activations.sigmoid_prime


def exercise_inputs(chapter: str, cell_id: str) -> SimpleNamespace:
    """Run the lines of an exercise cell before its solution; return the names they define."""
    nb = nbformat.read(BOOK / chapter, 4)
    source = next(c.source for c in nb.cells if c.get("id") == cell_id)
    ns = dict(np=np, MLP=MLP, C=constructions, we=worked_examples, neuron=neuron,
              activations=activations, vectorized=vectorized, Node=Node, sigma_prime=dsig)
    exec(source.split("### BEGIN SOLUTION")[0], ns)
    return SimpleNamespace(**ns)


def not_implemented(*args):
    raise NotImplementedError()


# --- one entry per exercise: (run the check on an answer, the reference, mistakes, blank) -----
EXERCISES = {}


def exercise(name):
    def register(build):
        EXERCISES[name] = build
        return build
    return register


@exercise("ch01_n_params")
def _():
    def printed(sizes):
        print(sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:])))
    return (checks.ch01_n_params,
            lambda s: sum(a * b + b for a, b in zip(s[:-1], s[1:])), [
                ("weights only", lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])), "not the biases"),
                ("biases of the inputs", lambda s: sum(a * b + a for a, b in zip(s[:-1], s[1:])),
                 "belong to the units it feeds"),
                ("a bias for every unit", lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])) + sum(s),
                 "input units have no bias"),
                ("print instead of return", printed, "returned None"),
                ("builds the network", lambda s: MLP(s).n_params, "it builds an MLP"),
                ("three layers only", lambda s: s[0] * s[1] + s[1] + s[1] * s[2] + s[2],
                 "raised IndexError"),
                ("the first exercise's number", lambda s: 203530, "n_params([2, 3, 1])"),
                ("no output biases", lambda s: sum(a * b for a, b in zip(s[:-1], s[1:])) + sum(s[1:-1]),
                 "p_(l+1) p_l weights and p_(l+1) biases")],
            not_implemented)


def _forward_batch(untransposed=False, bias=True, phi=np.tanh, out_bias=True, out_tanh=False,
                   from_X=False, W1_untransposed=False, engine=False, fixed=None):
    def forward_batch(X, W0, b0, W1, b1):
        if fixed is not None:                      # the exercise's arrays, not the arguments
            X, W0, b0 = fixed
        if engine:
            net = MLP([W0.shape[1], W0.shape[0], W1.shape[0]], hidden="tanh", init="zeros")
            net.weights, net.biases = [W0, W1], [b0, b1]
            return vectorized.forward(net, X)[1][1], net.forward(X)
        H = phi((X @ W0 if untransposed else X @ W0.T) + (b0 if bias else 0))
        Y = (X if from_X else H) @ (W1 if W1_untransposed else W1.T) + (b1 if out_bias else 0)
        return H, (np.tanh(Y) if out_tanh else Y)
    return forward_batch


@exercise("ch02_forward")
def _():
    rng = np.random.default_rng(2)
    fixed = rng.normal(size=(6, 3)), rng.normal(size=(3, 3)), rng.normal(size=3)
    return (checks.ch02_forward, _forward_batch(), [
        ("W0 untransposed", _forward_batch(untransposed=True), "untransposed"),
        ("no hidden bias", _forward_batch(bias=False), "bias is missing"),
        ("no activation", _forward_batch(phi=lambda z: z), "activation tanh is missing"),
        ("sign", _forward_batch(phi=lambda z: -np.tanh(z)), "sign is flipped"),
        ("H transposed", lambda *a: (_forward_batch()(*a)[0].T, _forward_batch()(*a)[1]),
         "transposed"),
        ("no output bias", _forward_batch(out_bias=False), "output bias is missing"),
        ("tanh at the output", _forward_batch(out_tanh=True), "no tanh"),
        ("Y from X", _forward_batch(from_X=True), "not from X"),
        ("W1 untransposed", _forward_batch(W1_untransposed=True), "H @ W1.T"),
        ("MLP.forward", _forward_batch(engine=True), "uses MLP"),
        ("the exercise's arrays", _forward_batch(fixed=fixed), "from the function's arguments"),
        ("one array returned", lambda *a: _forward_batch()(*a)[1], "the pair (H, Y)"),
        ("b0 broadcast wrong", lambda X, W0, b0, W1, b1: _forward_batch()(X, W0, b0[0], W1, b1),
         "from the arguments X, W0, b0")],
        not_implemented)


@exercise("ch03_xor_weights")
def _():
    sol = ([[1.0, -1.0], [-1.0, 1.0]], [-0.5, -0.5], [[1.0, 1.0]], [-0.5])
    OR_AND = [[1.0, 1.0], [1.0, 1.0]]
    return (lambda a: checks.ch03_xor_weights(*(None if w is None else np.array(w) for w in a)),
            sol, [
                ("XNOR", (sol[0], sol[1], [[-1.0, -1.0]], [0.5]), "you built XNOR"),
                ("AND on its threshold", (OR_AND, [-0.5, -2.0], [[1.0, -1.0]], [-0.5]), "exactly 0"),
                ("constant output", (sol[0], sol[1], sol[2], [5.0]), "for every input"),
                ("two OR units", (OR_AND, [-0.5, -0.5], [[1.0, -1.0]], [-0.5]), "same hidden pattern"),
                ("OR/AND, output an OR of them", (OR_AND, [-0.5, -1.5], [[1.0, 1.0]], [-0.5]),
                 "the chapter's OR (h1) and AND (h2)"),
                ("the chapter's design", (OR_AND, [-0.5, -1.5], [[1.0, -1.0]], [-0.5]),
                 "with the chapter's hidden units"),
                ("the chapter's design, scaled", ([[2.0, 2.0], [2.0, 2.0]], [-1.0, -3.0],
                                                  [[3.0, -3.0]], [-1.0]),
                 "with the chapter's hidden units"),
                ("W1 of shape (2, 1)", (sol[0], sol[1], [[1.0], [1.0]], sol[3]), "W1")],
            (None, None, None, None))


def truth_table_network(table):
    """The chapter's truth-table network (its first layer is the pattern exercise's answer)."""
    D = len(table).bit_length() - 1
    net = MLP([D, len(table), 1], hidden="step", output="identity", init="zeros")
    net.weights = [constructions.all_patterns(D), np.reshape(table, (1, -1))]
    net.biases = [np.full(len(table), -(D - 0.5)), np.zeros(1)]
    return net


def _pattern_layer(bias=lambda D: -(D - 0.5), weights=lambda P: P, fixed_D=None):
    def pattern_layer(D):
        D = fixed_D or D
        P = constructions.all_patterns(D)
        return weights(P), np.full(2 ** D, float(bias(D)))
    return pattern_layer


@exercise("ch04_pattern_detectors")
def _():
    def via_chapter(D):
        net = truth_table_network(np.zeros(2 ** D))
        return net.weights[0], net.biases[0]
    return (checks.ch04_pattern_detectors, _pattern_layer(), [
        ("bias -D", _pattern_layer(bias=lambda D: -D), "D - D = 0"),
        ("bias 0", _pattern_layer(bias=lambda D: 0), "bias 0"),
        ("bias +(D - 1/2)", _pattern_layer(bias=lambda D: D - 0.5), "wrong sign"),
        ("0/1 weights", _pattern_layer(weights=lambda P: (P + 1) / 2), "0/1 bits"),
        ("rows in another order", _pattern_layer(weights=lambda P: P[::-1]), "not in the order"),
        ("W transposed", _pattern_layer(weights=lambda P: P.T), "transpose"),
        ("D = 3 only", _pattern_layer(fixed_D=3), "use the argument D"),
        ("the chapter's truth_table_network", via_chapter, "truth_table_network"),
        ("one array returned", lambda D: _pattern_layer()(D)[0], "the pair (W, b)")],
        not_implemented)


def _counting_parity(shift=0.5, signs=lambda k: (-1.0) ** (k + 1), out_bias=0.0, fixed_D=None):
    def counting_parity(D):
        D = fixed_D or D
        k = np.arange(1, D + 1)
        net = MLP([D, D, 1], hidden="step", output="identity", init="zeros")
        net.weights = [np.full((D, D), 0.5), signs(k)[None, :]]
        net.biases = [D / 2 - (k - shift), np.array([out_bias])]
        return net
    return counting_parity


@exercise("ch04_parity_counting")
def _():
    def no_return(D):
        _counting_parity()(D)
    return (checks.ch04_parity_counting, _counting_parity(), [
        ("counting", _counting_parity(signs=lambda k: np.ones(len(k))), "counts the +1 inputs"),
        ("threshold k", _counting_parity(shift=0.0), "one count too late"),
        ("signs flipped", _counting_parity(signs=lambda k: -(-1.0) ** (k + 1)), "wrong signs"),
        ("inverted", _counting_parity(signs=lambda k: -(-1.0) ** (k + 1), out_bias=1.0),
         "inverted"),
        ("D = 4 only", _counting_parity(fixed_D=4), "use the argument D"),
        ("the deep tree", constructions.parity_network, "one hidden layer"),
        ("no return", no_return, "return net")],
        not_implemented)


CHAPTER_5_DATA = neuron.example_data()                  # the chapter's x_g, t_g


def _gradient(slip=None):
    """A student's neuron_gradient(w, b, x, t), right or with one usual slip."""
    def neuron_gradient(w, b, x, t):
        y = sig(w * x + b)
        d = {"no sigma'": 2 * (y - t), "sigma for sigma'": 2 * (y - t) * y,
             "no factor 2": (y - t) * dsig(w * x + b)}.get(slip, 2 * (y - t) * dsig(w * x + b))
        if slip == "chapter's data":
            return _gradient()(w, b, *CHAPTER_5_DATA)
        g = np.array([np.sum(d * x), np.sum(d)]) if slip == "sum, not mean" else \
            np.array([np.mean(d * x), np.mean(d)])
        return {"sign": -g, "swapped": g[::-1], "no x": np.array([g[1], g[1]]),
                "three entries": np.append(g, 0.0)}.get(slip, g)
    return neuron_gradient


@exercise("ch05_neuron_gradient")
def _():
    return (checks.ch05_neuron_gradient, _gradient(), [
        ("no sigma'", _gradient("no sigma'"), "sigma'(z) = sigma(z)"),
        ("sum, not mean", _gradient("sum, not mean"), "divide by m"),
        ("no factor 2", _gradient("no factor 2"), "factor 2 is missing"),
        ("sign", _gradient("sign"), "sign is flipped"),
        ("swapped", _gradient("swapped"), "swapped"),
        ("no x", _gradient("no x"), "factor x_i"),
        ("sigma for sigma'", _gradient("sigma for sigma'"), "sigma(z) where sigma'(z) belongs"),
        ("the chapter's data", _gradient("chapter's data"), "use the arguments x and t"),
        ("the engine", lambda w, b, x, t: neuron.cost_and_gradient(w, b, x, t)[1],
         "calls bpcourse's `chapters.neuron.cost_and_gradient`"),
        ("three entries", _gradient("three entries"), "shape")],
        not_implemented)


@exercise("ch05_descent_step")
def _():
    def step(sign=-1.0, lr=None, swap=False, old=True):
        def descent_step(w, b, grad, alpha):
            g = grad[::-1] if swap else grad
            return old * np.array([w, b]) + sign * (alpha if lr is None else lr) * g
        return descent_step
    return (checks.ch05_descent_step, step(), [
        ("uphill", step(sign=1.0), "uphill"),
        ("no lr", step(lr=1.0), "learning rate is missing"),
        ("only the step", step(old=False), "only the step"),
        ("swapped gradient", step(swap=True), "swapped"),
        ("the chapter's alpha", step(lr=10.0), "does it use its `alpha` argument")],
        not_implemented)


@exercise("ch06_two_neuron_dw1")
def _():
    def dw1(slip=None):
        def two_neuron_dw1(w1, b1, w2, b2, x, t):
            z1 = w1 * x + b1
            a1 = sig(z1)
            z2 = w2 * a1 + b2
            y = sig(z2)
            e = y - t                                 # J = (y - t)^2 / 2
            return {"no w2": e * dsig(z2) * dsig(z1) * x,
                    "no sigma'(z1)": e * dsig(z2) * w2 * x,
                    "no sigma'(z2)": e * w2 * dsig(z1) * x,
                    "sigma for sigma'": e * y * w2 * a1 * x,
                    "dJ/dw2": e * dsig(z2) * a1,
                    "lecture 002's 2": 2 * e * dsig(z2) * w2 * dsig(z1) * x,
                    "no x": e * dsig(z2) * w2 * dsig(z1),
                    "a1 for x": e * dsig(z2) * w2 * dsig(z1) * a1,
                    "sign": -e * dsig(z2) * w2 * dsig(z1) * x,
                    "the chapter's x": e * dsig(z2) * w2 * dsig(z1) * 1.5,
                    }.get(slip, e * dsig(z2) * w2 * dsig(z1) * x)
        return two_neuron_dw1

    def engine(w1, b1, w2, b2, x, t):
        v = lectures.two_neuron_graph(w1, b1, w2, b2, x, t)
        v["J"].backward()
        return float(v["w1"].bar)
    return (checks.ch06_two_neuron_dw1, dw1(), [
        ("no w2", dw1("no w2"), "factor w2 is missing"),
        ("no sigma'(z1)", dw1("no sigma'(z1)"), "sigma'(z1) is missing"),
        ("no sigma'(z2)", dw1("no sigma'(z2)"), "sigma'(z2) is missing"),
        ("sigma for sigma'", dw1("sigma for sigma'"), "sigma(z) where sigma'(z) belongs"),
        ("dJ/dw2", dw1("dJ/dw2"), "this is dJ/dw2"),
        ("lecture 002's 2", dw1("lecture 002's 2"), "factor 2 too much"),
        ("no x", dw1("no x"), "factor x is missing"),
        ("a1 for x", dw1("a1 for x"), "not a1"),
        ("sign", dw1("sign"), "sign is flipped"),
        ("the chapter's x", dw1("the chapter's x"), "not the chapter's x, t"),
        ("the engine", engine, "calls bpcourse's `chapters.lectures.two_neuron_graph`")],
        not_implemented)


@exercise("ch06_regularized_backward")
def _():
    def bars(slip=None):
        def regularized_backward(w, b, x, t, lam):
            z = w * x + b
            y = sig(z)
            zb = (y - t) * dsig(z)
            return {"no regularizer": (zb * x, zb),
                    "no sigma'": ((y - t) * x + lam * w, y - t),
                    "sigma for sigma'": ((y - t) * y * x + lam * w, (y - t) * y),
                    "no lambda": (zb * x + w, zb),
                    "R instead of dR/dw": (zb * x + lam * w ** 2 / 2, zb),
                    "factor x on b": (zb * x + lam * w, zb * x),
                    "no target": (y * dsig(z) * x + lam * w, y * dsig(z)),
                    "factor 2": (2 * zb * x + lam * w, 2 * zb),
                    "sign": (-zb * x + lam * w, -zb),
                    "swapped": (zb, zb * x + lam * w),
                    "one bar": zb * x + lam * w,
                    }.get(slip, (zb * x + lam * w, zb))
        return regularized_backward

    def engine(w, b, x, t, lam):
        v = lectures.regularized_graph(w, b, x, t, lam)
        v["L_reg"].backward()
        return float(v["w"].bar), float(v["b"].bar)
    return (checks.ch06_regularized_backward, bars(), [
        ("no regularizer", bars("no regularizer"), "regularizer's share"),
        ("no sigma'", bars("no sigma'"), "sigma'(z) is missing"),
        ("sigma for sigma'", bars("sigma for sigma'"), "sigma(z) where sigma'(z) belongs"),
        ("no lambda", bars("no lambda"), "not w"),
        ("R instead of dR/dw", bars("R instead of dR/dw"), "dR/dw = w"),
        ("factor x on b", bars("factor x on b"), "no factor x"),
        ("no target", bars("no target"), "target is missing"),
        ("factor 2", bars("factor 2"), "factor 2 too much"),
        ("sign", bars("sign"), "sign of y-bar"),
        ("swapped", bars("swapped"), "two bars are swapped"),
        ("one bar", bars("one bar"), "expected the pair (w_bar, b_bar)"),
        ("the engine", engine, "calls bpcourse's `chapters.lectures.regularized_graph`")],
        not_implemented)


def _simplest_deltas(slip=None):
    """A student's simplest_deltas(x, t, w0, b0, w1, b1), right or with one usual slip."""
    def simplest_deltas(x, t, w0, b0, w1, b1):
        if slip == "section 7.4's example":
            x, t = worked_examples.SIMPLEST_X, worked_examples.SIMPLEST_Y
        x = -1.0 if slip == "the exercise's x" else x
        z1 = b0 + w0 * x
        a1 = sig(z1)
        y = sig(b1 + w1 @ a1) if slip == "sigmoid output" else b1 + w1 @ a1
        d2 = {"sign": 2 * (t - y), "factor 2": -(t - y)}.get(slip, -2 * (t - y))
        g1 = {"no g'": 1.0, "g for g'": a1, "z(1 - z)": z1 * (1 - z1)}.get(slip, dsig(z1))
        d1 = d2 * (w0 if slip == "first-layer weights" else w1) * g1
        d1 = {"delta1 sign": -d1, "delta1 factor 2": d1 / 2}.get(slip, d1)
        if slip == "rounded":
            d2 = float(f"{d2:.5g}")
        if slip == "print":
            print(d2, d1)
            return None
        return d2, d1
    return simplest_deltas


def _simplest_by_engine(x, t, w0, b0, w1, b1):
    from bpcourse import scalar
    net = worked_examples.make_net([w0[:, None], w1[None, :]], [b0, [b1]])
    delta = scalar.example_trace(net, [x], [t], "squared")[3]
    return delta[2][0], np.array(delta[1])


@exercise("ch07_simplest_deltas")
def _():
    return (checks.ch07_simplest_deltas, _simplest_deltas(), [
        ("section 7.4's example", _simplest_deltas("section 7.4's example"),
         "section 7.4's example"),
        ("the exercise's x", _simplest_deltas("the exercise's x"), "use its `x` argument"),
        ("delta2 rounded to 5 digits", _simplest_deltas("rounded"), "a rounded value"),
        ("delta2 sign", _simplest_deltas("sign"), "the sign"),
        ("delta2 factor 2", _simplest_deltas("factor 2"), "the factor 2"),
        ("sigmoid output", _simplest_deltas("sigmoid output"), "the output is the identity"),
        ("no g'", _simplest_deltas("no g'"), "missing g'"),
        ("g for g'", _simplest_deltas("g for g'"), "g(z^(1)) where g'(z^(1)) belongs"),
        ("z(1 - z) for g'", _simplest_deltas("z(1 - z)"), "not z (1 - z)"),
        ("delta1 sign", _simplest_deltas("delta1 sign"), "sign of delta_1^(2)"),
        ("delta1 factor 2", _simplest_deltas("delta1 factor 2"), "factor 2 of delta_1^(2)"),
        ("first-layer weights", _simplest_deltas("first-layer weights"), "outgoing weights"),
        ("one value returned", lambda *a: _simplest_deltas()(*a)[1], "must return two values"),
        ("print instead of return", _simplest_deltas("print"), "returned None"),
        ("the engine", _simplest_by_engine, "calls bpcourse's `chapters.worked_examples")],
        not_implemented)


def _central(f, theta, eps, scale=2.0, sign=1.0, forward=False):
    theta = np.array(theta, dtype=float)
    g = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = eps
        g[i] = (sign * (f(theta + e) - (f(theta) if forward else f(theta - e)))
                / ((1.0 if forward else scale) * eps))
    return g


@exercise("ch07_finite_difference")
def _():
    def in_place(f, theta, eps):
        for i in range(theta.size):
            theta[i] += eps                    # nudged, never put back
        return _central(f, theta, eps)

    def printed(f, theta, eps):
        print(_central(f, theta, eps))
    return (checks.ch07_finite_difference, _central, [
        ("divided by eps", lambda f, t, eps: _central(f, t, eps, scale=1.0), "divide by 2 eps"),
        ("divided by 4 eps", lambda f, t, eps: _central(f, t, eps, scale=4.0), "not 4 eps"),
        ("one-sided", lambda f, t, eps: _central(f, t, eps, forward=True), "one-sided"),
        ("sign", lambda f, t, eps: _central(f, t, eps, sign=-1.0), "sign is flipped"),
        ("eps ignored", lambda f, t, eps: _central(f, t, 1e-6), "use the eps argument"),
        ("eps fixed at 0.1", lambda f, t, eps: _central(f, t, 0.1), "use its `eps` argument"),
        ("theta's size fixed at 4", lambda f, t, eps: _central(f, t[:4], eps), "shape (4,)"),
        ("theta changed", in_place, "changed theta"),
        ("print instead of return", printed, "returned None")],
        not_implemented)


def _delta_recursion(slip=None):
    """A student's delta_recursion(W, z, delta_next), right or with one usual slip."""
    def delta_recursion(W, z, delta_next):
        back = W @ delta_next if slip == "W untransposed" else W.T @ delta_next
        g = {"no g'": 1.0, "g for g'": sig(z), "z(1 - z)": z * (1 - z)}.get(slip, dsig(z))
        return -g * back if slip == "sign" else g * back
    return delta_recursion


def _weight_grad(slip=None):
    """A student's weight_grad(deltas, A), right or with one usual slip."""
    def weight_grad(deltas, A):
        m = {"no 1/m": 1, "divided by p_(l+1)": deltas.shape[1], "divided by p_l": A.shape[1],
             "the exercise's m": 4, "divided by m twice": len(A) ** 2}.get(slip, len(A))
        if slip == "first example only":
            return np.outer(deltas[0], A[0])
        total = A.T @ deltas if slip == "transposed" else deltas.T @ A
        return -total / m if slip == "sign" else total / m
    return weight_grad


@exercise("ch08_delta_recursion")
def _():
    def by_engine(W, z, delta_next):
        return activations.backprop("sigmoid", z, sig(z), W.T @ delta_next)
    return (checks.ch08_delta_recursion, _delta_recursion(), [
        ("no g'", _delta_recursion("no g'"), "missing sigma'"),
        ("g for g'", _delta_recursion("g for g'"), "sigma(z^(l)) where sigma'(z^(l)) belongs"),
        ("z(1 - z) for g'", _delta_recursion("z(1 - z)"), "not z (1 - z)"),
        ("W untransposed", _delta_recursion("W untransposed"), "a missing .T"),
        ("sign", _delta_recursion("sign"), "sign is flipped"),
        ("the exercise's arrays", lambda W, z, d: _delta_recursion()(*checks.ch08.delta_problem(
            3, 3, 8).values()), "with the arguments W, z and delta_next"),
        ("the engine", by_engine, "calls bpcourse's `activations.backprop`")],
        not_implemented)


@exercise("ch08_weight_grad")
def _():
    def by_engine(deltas, A):
        net = MLP([A.shape[1], deltas.shape[1]], output="identity", init="zeros")
        return vectorized.loss_and_grads(net, A, -deltas)[1].weights[0]
    return (checks.ch08_weight_grad, _weight_grad(), [
        ("no 1/m", _weight_grad("no 1/m"), "forgotten 1/m"),
        ("first example only", _weight_grad("first example only"), "only the first example"),
        ("divided by p_(l+1)", _weight_grad("divided by p_(l+1)"),
         "not by the number of units p_(l+1)"),
        ("divided by p_l", _weight_grad("divided by p_l"), "not by the number of units p_l"),
        ("divided by m twice", _weight_grad("divided by m twice"), "divide by m once"),
        ("the exercise's m", _weight_grad("the exercise's m"), "not by the exercise's 4"),
        ("transposed", _weight_grad("transposed"), "transposed"),
        ("sign", _weight_grad("sign"), "sign is flipped"),
        ("the engine", by_engine, "calls bpcourse's `mlp.MLP.__init__`")],
        not_implemented)


def _sgd_variant(shuffle=True, average=True, sign=1.0, whole=False, in_place=True, lr_used=None,
                 loss_used=None, batch_used=None, drop_last=False, seed_used=None):
    """A student's sgd_epoch, right or with one slip (an argument replaced by a fixed value)."""
    def sgd_epoch(net, X, T, lr, batch_size, rng, loss="bce"):
        if not in_place:
            net = net.copy()
        lr, loss = lr_used or lr, loss_used or loss
        batch_size = batch_used or batch_size
        rng = rng if seed_used is None else np.random.default_rng(seed_used)
        m = X.shape[0]
        order = rng.permutation(m) if shuffle else np.arange(m)
        for start in range(0, m - batch_size + 1 if drop_last else m, batch_size):
            batch = order[start:start + batch_size]
            Xb, Tb = (X, T) if whole else (X[batch], T[batch])
            _, g = vectorized.loss_and_grads(net, Xb, Tb, loss)
            for theta, d in zip(net.weights + net.biases, g.weights + g.biases):
                theta -= sign * lr * (1.0 if average else len(Xb)) * d
    return sgd_epoch


@exercise("ch09_sgd_epoch")
def _():
    return (checks.ch09_sgd_epoch, _sgd_variant(), [
        ("no shuffle", _sgd_variant(shuffle=False), "shuffle them"),
        ("sum over the batch", _sgd_variant(average=False), "SUM of the batch's gradients"),
        ("uphill", _sgd_variant(sign=-1.0), "went uphill"),
        ("whole data set", _sgd_variant(whole=True), "whole data set"),
        ("a copy updated", _sgd_variant(in_place=False), "did not change the network"),
        ("the chapter's alpha = 0.5", _sgd_variant(lr_used=0.5), "chapter's alpha = 0.5"),
        ("lr fixed at the check's first value", _sgd_variant(lr_used=0.3), "its `lr` argument"),
        ("loss ignored", _sgd_variant(loss_used="bce"), "not of the loss argument"),
        ("the chapter's b = 20", _sgd_variant(batch_used=20), "the chapter's b = 20"),
        ("batch size fixed at 16", _sgd_variant(batch_used=16), "its `batch_size` argument"),
        ("last partial batch dropped", _sgd_variant(drop_last=True), "40 = 16 + 16 + 8"),
        ("own generator, seed 7", _sgd_variant(seed_used=7), "its `rng` argument"),
        ("own generator, seed 0", _sgd_variant(seed_used=0), "one minibatch (m = batch_size) "
                                                             "is right, several are not")],
        not_implemented)


def _l2(weights_factor=1.0, bias_factor=0.0, keep_grads=True, lam_used=True, in_place=False,
        lam_fixed=None):
    def l2_grads(net, grads, l2):
        lam = (l2 if lam_used else 1.0) if lam_fixed is None else lam_fixed
        keep = 1.0 if keep_grads else 0.0
        if in_place:                       # changes the caller's grads, returns them
            for g, W in zip(grads.weights, net.weights):
                g += weights_factor * lam * W
            return grads
        return Params([keep * g + weights_factor * lam * W for g, W in zip(grads.weights, net.weights)],
                      [keep * g + bias_factor * lam * b for g, b in zip(grads.biases, net.biases)])
    return l2_grads


@exercise("ch09_l2_grads")
def _():
    def printed(net, grads, l2):
        print(_l2()(net, grads, l2))
    return (checks.ch09_l2_grads, _l2(), [
        ("biases penalized", _l2(bias_factor=1.0), "biases were penalized"),
        ("sign", _l2(weights_factor=-1.0), "wrong sign"),
        ("factor 2", _l2(weights_factor=2.0), "factor 2 too much"),
        ("penalty only", _l2(keep_grads=False), "only the penalty's gradient"),
        ("l2 ignored", _l2(lam_used=False), "factor l2 is missing"),
        ("grads changed in place", _l2(in_place=True), "changed its argument grads in place"),
        ("the chapter's lam2", _l2(lam_fixed=0.003), "the chapter's lam2 = 0.003"),
        ("l2 fixed at 0.1", _l2(lam_fixed=0.1), "its `l2` argument"),
        ("print instead of return", printed, "returned None")],
        not_implemented)


def _first_layer_grad(slip=None):
    """A student's first_layer_grad, right or with one slip."""
    def first_layer_grad(net, X, T):
        Z, A = vectorized.forward(net, X)
        m = 8 if slip == "m of the exercise" else X.shape[0]
        D2 = (A[2] - T) / m
        if slip == "output derivative":
            D2 = D2 * (1 - A[2] ** 2)
        back = D2.sum(axis=1, keepdims=True) if slip == "no W1" else D2 @ net.weights[1]
        prime = {"no g'": 1.0, "sigmoid'": A[1] * (1 - A[1]),
                 "from Z": 1 - Z[1] ** 2}.get(slip, 1 - A[1] ** 2)
        D1 = prime * back
        dW0 = D1.T @ X
        if slip == "transposed":
            return X.T @ D1
        if slip == "one row tiled":
            return np.tile(dW0[:1], (len(dW0), 1))
        if slip == "print":
            print(dW0)
            return None
        scale = {"no 1/m": m, "by p1": m / net.sizes[1], "by p2": m / net.sizes[2],
                 "sign": -1.0}.get(slip, 1.0)
        return scale * dW0
    return first_layer_grad


@exercise("ch10_gradient_rows")
def _():
    return (checks.ch10_gradient_rows, _first_layer_grad(), [
        ("no g'", _first_layer_grad("no g'"), "without the factor g'(Z^(1))"),
        ("no 1/m", _first_layer_grad("no 1/m"), "divide by m"),
        ("no outgoing weights", _first_layer_grad("no W1"), "need the outgoing weights"),
        ("divided by the hidden units", _first_layer_grad("by p1"),
         "not by the number of hidden units"),
        ("divided by the outputs", _first_layer_grad("by p2"), "not by the number of outputs"),
        ("transposed", _first_layer_grad("transposed"), "transposed"),
        ("sign", _first_layer_grad("sign"), "sign is flipped"),
        ("the sigmoid's derivative", _first_layer_grad("sigmoid'"), "the sigmoid's derivative"),
        ("tanh' from Z", _first_layer_grad("from Z"), "not Z^(1)"),
        ("a derivative at the outputs", _first_layer_grad("output derivative"),
         "the outputs are identity units"),
        ("the exercise's m = 8", _first_layer_grad("m of the exercise"),
         "take every size from the arguments"),
        ("one row tiled", _first_layer_grad("one row tiled"), "Delta^(1) = g'(Z^(1))"),
        ("print instead of return", _first_layer_grad("print"), "returned None")],
        not_implemented)


def _collapse(W0=lambda W, p: W[:1], W1=lambda W: W.sum(axis=1, keepdims=True),
              b0=lambda b, p: b[:1], b1=lambda b, p: b, units=1, same_activations=True):
    """A student's collapse, right or with one slip (each part a function of net's)."""
    def collapse(net):
        p_0, p, p_2 = net.sizes
        kinds = dict(hidden=net.hidden, output=net.output) if same_activations else {}
        one = MLP([p_0, units, p_2], init="zeros", **kinds)
        if units == 1:
            one.weights = [W0(net.weights[0], p).copy(), W1(net.weights[1]).copy()]
            one.biases = [b0(net.biases[0], p).copy(), b1(net.biases[1], p).copy()]
        return one
    return collapse


@exercise("ch10_collapse")
def _():
    def printed(net):
        print(_collapse()(net))
    return (checks.ch10_collapse, _collapse(), [
        ("one outgoing weight", _collapse(W1=lambda W: W[:, :1]), "sum of the p outgoing weights"),
        ("mean outgoing weight", _collapse(W1=lambda W: W.mean(axis=1, keepdims=True)),
         "nor their mean"),
        ("incoming weights summed", _collapse(W0=lambda W, p: p * W[:1]),
         "incoming weights are those of any one"),
        ("output bias times p", _collapse(b1=lambda b, p: p * b), "output bias stays"),
        ("hidden bias times p", _collapse(b0=lambda b, p: p * b[:1]),
         "hidden bias is that of any one unit"),
        ("two hidden units", _collapse(units=2), "one hidden unit"),
        ("the default activations", _collapse(same_activations=False), "hidden=net.hidden"),
        ("W^(1) as a row", _collapse(W1=lambda W: W.sum(axis=1)[None, :]),
         "do not fit its sizes"),
        ("the network itself", lambda net: net, "one hidden unit"),
        ("print instead of return", printed, "returned None")],
        not_implemented)


def _silu(local, accumulate=True):
    def silu(x):
        out = Node(x.value * sig(x.value), parents=(x,), op="silu")

        def _backward():
            if accumulate:
                x.bar += out.bar * local(x.value)
            else:
                x.bar = out.bar * local(x.value)
        out._backward = _backward
        return out
    return silu


@exercise("ch11_silu")
def _():
    return (checks.ch11_silu, _silu(lambda v: sig(v) + v * dsig(v)), [
        ("sigma only", _silu(sig), "not sigma(x) alone"),
        ("x sigma' only", _silu(lambda v: v * dsig(v)), "you kept only x sigma'(x)"),
        ("= for +=", _silu(lambda v: sig(v) + v * dsig(v), accumulate=False), "accumulate with x.bar +="),
        ("sign", _silu(lambda v: sig(v) - v * dsig(v)), "a sign"),
        ("sigma for sigma'", _silu(lambda v: sig(v) + v * sig(v)), "sigma(x) where sigma'(x) belongs")],
        _silu(lambda v: not_implemented()))


def _div(da, db, accumulate=True):
    def div(a, b):
        out = Node(a.value / b.value, parents=(a, b), op="/")

        def _backward():
            if accumulate:
                a.bar += out.bar * da(a.value, b.value)
                b.bar += out.bar * db(a.value, b.value)
            else:
                a.bar = out.bar * da(a.value, b.value)
                b.bar = out.bar * db(a.value, b.value)
        out._backward = _backward
        return out
    return div


@exercise("ch11_div")
def _():
    return (checks.ch11_div, _div(lambda a, b: 1 / b, lambda a, b: -a / b ** 2), [
        ("sign", _div(lambda a, b: 1 / b, lambda a, b: a / b ** 2), "check the sign"),
        ("no a", _div(lambda a, b: 1 / b, lambda a, b: -1 / b ** 2), "factor a is missing"),
        ("swapped", _div(lambda a, b: -a / b ** 2, lambda a, b: 1 / b), "swapped"),
        ("= for +=", _div(lambda a, b: 1 / b, lambda a, b: -a / b ** 2, accumulate=False), "accumulate"),
        ("b for 1/b", _div(lambda a, b: b, lambda a, b: -a / b ** 2), "not b")],
        _div(lambda a, b: not_implemented(), lambda a, b: 0.0))


def _add_bias(b_share, z_share=1.0, accumulate=True):
    def add_bias(Z, b):
        out = Node(Z.value + b.value, parents=(Z, b), op="+b")

        def _backward():
            Z.bar += z_share * out.bar
            if accumulate:
                b.bar += b_share(out.bar)
            else:
                b.bar = b_share(out.bar)
        out._backward = _backward
        return out
    return add_bias


@exercise("ch11_add_bias")
def _():
    return (checks.ch11_add_bias, _add_bias(lambda g: g.sum(axis=0)), [
        ("mean over the rows", _add_bias(lambda g: g.mean(axis=0)), "divides by m"),
        ("no sum", _add_bias(lambda g: g), "out.bar.sum(axis=0)"),
        ("sum over the units", _add_bias(lambda g: g.sum(axis=1)), "out.bar.sum(axis=0)"),
        ("no Z.bar", _add_bias(lambda g: g.sum(axis=0), z_share=0.0), "Z.bar is missing"),
        ("= for +=", _add_bias(lambda g: g.sum(axis=0), accumulate=False), "accumulate with +="),
        ("sign", _add_bias(lambda g: -g.sum(axis=0)), "a sign"),
        ("first row only", _add_bias(lambda g: g[0]), "only the first row")],
        _add_bias(lambda g: not_implemented()))


def _softmax_delta(divide_by="m", sign=1, rows=True, act="softmax", shift=True, T_=False):
    """A student's softmax_delta, right or with one usual slip."""
    def softmax_delta(Z, T):
        axis = 1 if rows else 0
        if act == "sigmoid":
            Y = sig(Z)
        else:
            with np.errstate(over="ignore", invalid="ignore"):     # no shift: e^z overflows
                E = np.exp(Z - Z.max(axis=axis, keepdims=True) if shift else Z)
                Y = E / E.sum(axis=axis, keepdims=True)
        d = {"m": Z.shape[0], "K": Z.shape[1], "none": 1, "5": 5}[divide_by]
        D = sign * (Y - T) / d
        return D.T if T_ else D
    return softmax_delta


@exercise("ch12_softmax_delta")
def _():
    def engine(Z, T):
        return losses.output_delta("cross_entropy", Z, T, "softmax") / len(Z)
    return (checks.ch12_softmax_delta, _softmax_delta(), [
        ("no 1/m", _softmax_delta(divide_by="none"), "divide by m"),
        ("sign", _softmax_delta(sign=-1), "sign is reversed"),
        ("sigmoid", _softmax_delta(act="sigmoid"), "not the sigmoid"),
        ("softmax down the columns", _softmax_delta(rows=False), "axis=1, not axis=0"),
        ("1/K", _softmax_delta(divide_by="K"), "not by K"),
        ("transposed", _softmax_delta(T_=True), "transposed"),
        ("m typed in", _softmax_delta(divide_by="5"), "right for m = 5, K = 4"),
        ("no shift", _softmax_delta(shift=False), "subtract each row's max"),
        ("the engine's delta", engine, "calls bpcourse's `losses.output_delta`"),
        ("print instead of return", lambda Z, T: print(_softmax_delta()(Z, T)), "returned None")],
        not_implemented)


def _he_weights(std="he", shape="rows", seeded=True, global_rng=None):
    """A student's he_weights, right or with one usual slip."""
    def he_weights(fan_in, fan_out, seed):
        rng = global_rng or np.random.default_rng(seed if seeded else 0)
        s = {"he": np.sqrt(2 / fan_in), "fan-out": np.sqrt(2 / fan_out), "var": 2 / fan_in,
             "xavier": np.sqrt(2 / (fan_in + fan_out)), "1/n": np.sqrt(1 / fan_in)}[std]
        size = (fan_out, fan_in) if shape == "rows" else (fan_in, fan_out)
        return rng.normal(0.0, s, size=size)
    return he_weights


@exercise("ch13_he_weights")
def _():
    return (checks.ch13_he_weights, _he_weights(), [
        ("fan-out", _he_weights(std="fan-out"), "not the fan-out"),
        ("variance as std", _he_weights(std="var"), "standard deviation"),
        ("Xavier", _he_weights(std="xavier"), "Xavier"),
        ("1/fan_in", _he_weights(std="1/n"), "He doubles it"),
        ("shape (fan_in, fan_out)", _he_weights(shape="columns"), "one row per unit"),
        ("the chapter's rng", _he_weights(global_rng=np.random.default_rng(3)),
         "same seed gave another matrix"),
        ("seed ignored", _he_weights(seeded=False), "gave the same matrix"),
        ("MLP's he", lambda fan_in, fan_out, seed: MLP([fan_in, fan_out], init="he",
                                                       seed=seed).weights[0],
         "calls bpcourse's `mlp.MLP.__init__`")],
        not_implemented)


def _stopping(ties_improve=False, extra=0, zero_based=False, previous=False, run_on=False):
    def stopping(costs, patience):
        best, wait, stop = 1, 0, None
        for epoch in range(2, len(costs) + 1):
            c = costs[epoch - 1]
            b = costs[epoch - 2] if previous else costs[best - 1]
            if c < b or (ties_improve and c == b):
                best, wait = (epoch if c <= costs[best - 1] else best), 0
            else:
                wait += 1
            if wait >= patience + extra and stop is None:
                stop = epoch
                if not run_on:
                    break
        if run_on:
            best = costs.index(min(costs)) + 1
        return best - zero_based, None if stop is None else stop - zero_based
    return stopping


@exercise("ch13_early_stopping")
def _():
    def printed(costs, patience):
        print(_stopping()(costs, patience))
    return (checks.ch13_early_stopping, _stopping(), [
        ("ties improve", _stopping(ties_improve=True), "compare with <, not <="),
        ("one epoch late", _stopping(extra=1), "one epoch earlier"),
        ("one epoch early", _stopping(extra=-1), "one epoch later"),
        ("epochs from 0", _stopping(zero_based=True), "count the epochs from 1"),
        ("against the previous epoch", _stopping(previous=True), "not with the previous"),
        ("best over the whole list", _stopping(run_on=True), "never trained"),
        ("the chapter's helper", lambda c, p: validation.best_and_stop(c, p),
         "calls bpcourse's `chapters.validation.best_and_stop`"),
        ("print instead of return", printed, "returned None")],
        not_implemented)

def _bn_backward(mean_term=True, var_term=True, use_gamma=True, divide=True):
    def bn_backward(Y_bar, x_hat, gamma, inv_std):
        m = len(Y_bar)
        g = Y_bar * gamma if use_gamma else Y_bar
        X_bar = m * g
        if mean_term:
            X_bar = X_bar - g.sum(axis=0)
        if var_term:
            X_bar = X_bar - x_hat * (g * x_hat).sum(axis=0)
        return inv_std * X_bar / (m if divide else 1)
    return bn_backward


@exercise("ch14_bn_backward")
def _():
    return (checks.ch14_bn_backward, _bn_backward(), [
        ("no mean term", _bn_backward(mean_term=False), "moves the batch mean"),
        ("no variance term", _bn_backward(var_term=False), "moves the variance"),
        ("gamma forgotten", _bn_backward(use_gamma=False), "γ times the bar of y"),
        ("no 1/m", _bn_backward(divide=False), "divide by m"),
        ("eval-mode formula", lambda Y_bar, x_hat, gamma, inv_std: Y_bar * gamma * inv_std,
         "eval-mode backward"),
        ("print instead of return", lambda *a: print(_bn_backward()(*a)), "returned None")],
        not_implemented)


def _conv_weight_grad(flip=False, images=None, average=False):
    def conv_weight_grad(X, Y_bar, kh, kw):
        X, Y_bar = (X, Y_bar) if images is None else (X[:images], Y_bar[:images])
        H_out, W_out = Y_bar.shape[2:]
        W_bar = np.zeros((Y_bar.shape[1], X.shape[1], kh, kw))
        for r in range(kh):
            for s in range(kw):
                rr, ss = (kh - 1 - r, kw - 1 - s) if flip else (r, s)
                window = X[:, :, rr:rr + H_out, ss:ss + W_out]
                W_bar[:, :, r, s] = np.einsum("nfij,ncij->fc", Y_bar, window)
        return W_bar / (len(X) if average else 1)
    return conv_weight_grad


@exercise("ch14_conv_weight_grad")
def _():
    return (checks.ch14_conv_weight_grad, _conv_weight_grad(), [
        ("flipped kernel", _conv_weight_grad(flip=True), "the forward pass correlates"),
        ("first image only", _conv_weight_grad(images=1), "sum over all the images"),
        ("averaged over images", _conv_weight_grad(average=True), "don't average"),
        ("print instead of return", lambda *a: print(_conv_weight_grad()(*a)), "returned None")],
        not_implemented)


def _relu_rnn(local="relu", carry=True, carry_T=False):
    """A student's ReLU BPTT, right or with one usual slip."""
    def relu_rnn_backward(dJ_dh, X, h0, Wx, Wh, b):
        zs, hs, h = [], [], h0
        for t in range(X.shape[1]):
            zs.append(X[:, t] @ Wx.T + h @ Wh.T + b)
            h = np.maximum(zs[-1], 0.0)
            hs.append(h)
        dWx, dWh, db, z_bar = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b), 0.0
        for t in reversed(range(X.shape[1])):
            carried = (z_bar @ (Wh.T if carry_T else Wh)) if carry and t < X.shape[1] - 1 else 0.0
            h_bar = dJ_dh[:, t] + carried
            g = {"relu": zs[t] > 0, "tanh": 1 - hs[t] ** 2, "none": 1.0}[local]
            z_bar = h_bar * g
            dWx += z_bar.T @ X[:, t]
            dWh += z_bar.T @ (hs[t - 1] if t > 0 else h0)
            db += z_bar.sum(axis=0)
        return dWx, dWh, db
    return relu_rnn_backward


@exercise("ch15_relu_rnn_backward")
def _():
    def printed(*args):
        print(_relu_rnn()(*args))
    return (checks.ch15_relu_rnn_backward, _relu_rnn(), [
        ("tanh's derivative", _relu_rnn(local="tanh"), "tanh's derivative"),
        ("no carried bar", _relu_rnn(carry=False), "two children"),
        ("no ReLU mask", _relu_rnn(local="none"), "pass through the ReLU"),
        ("print instead of return", printed, "returned None")],
        not_implemented)


def _state_jacobian(order="left", transpose=False, derivative=True):
    def state_jacobian(hs, Wh, t):
        J = np.eye(len(Wh))
        for s in range(t + 1, len(hs) + 1):
            W = Wh.T if transpose else Wh
            step = ((1 - hs[s - 1] ** 2)[:, None] * W) if derivative else W
            J = step @ J if order == "left" else J @ step
        return J
    return state_jacobian


@exercise("ch15_state_jacobian")
def _():
    return (checks.ch15_state_jacobian, _state_jacobian(), [
        ("product on the right", _state_jacobian(order="right"), "goes on the left"),
        ("Wh transposed", _state_jacobian(transpose=True), "no .T"),
        ("no tanh'", _state_jacobian(derivative=False), "also multiplies by tanh'"),
        ("print instead of return", lambda hs, Wh, t: print(np.eye(len(Wh))), "returned None")],
        not_implemented)


CASES = {name: build() for name, build in EXERCISES.items()}
MISTAKES = [(name, label, answer, hint) for name, (_, _, mistakes, _) in CASES.items()
            for label, answer, hint in mistakes]


def test_every_exercise_of_the_book_is_in_the_table():
    called = set()
    for path in BOOK.glob("*.ipynb"):
        for cell in nbformat.read(path, 4).cells:
            if cell.cell_type == "code":
                called.update(name for name in checks.__dict__ if name.startswith("ch")
                              and f"checks.{name}(" in cell.source)
    assert called == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_reference_answer_passes_with_one_line(name, capsys):
    run, reference, _, _ = CASES[name]
    run(reference)
    out = capsys.readouterr().out.splitlines()
    assert out and all(line.startswith("✓ ") for line in out), out
    assert not any(" is correct" in line for line in out)     # "✓ <what>: correct." form


@pytest.mark.parametrize("name, label, answer, hint", MISTAKES,
                         ids=[f"{n}-{lab}" for n, lab, _, _ in MISTAKES])
def test_each_typical_mistake_fails_with_its_hint(name, label, answer, hint, capsys):
    run = CASES[name][0]
    with pytest.raises(CheckFailed) as info:
        run(answer)
    message = str(info.value)
    assert not isinstance(info.value, NotAnswered)
    assert hint in message, f"{label}: {message}"
    assert "Traceback" not in message and len(message.splitlines()) <= 2, message


@pytest.mark.parametrize("name", sorted(CASES))
def test_not_answered_yet_is_one_line(name, capsys):
    run, _, _, blank = CASES[name]
    with pytest.raises(NotAnswered) as info:
        run(blank)
    message = str(info.value)
    assert "not answered yet" in message and "\n" not in message, message
    assert info.value._render_traceback_() == ["✗ " + message]
