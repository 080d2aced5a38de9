"""Checks for the coding exercises of chapter 09: one SGD epoch, and the L2 penalty's gradient.

Both answers are functions; each check calls the student's function on several problems, every
argument varied (learning rates, losses, batch sizes that leave a smaller last minibatch, the
random generator, the shapes), and names the parameter array and entry that differ.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import datasets, train, vectorized
from ..mlp import MLP, Params
from ._core import call, changed_argument, compare_parts, _fail, passed, returned
from ._watch import Hidden, new_seed

__all__: list[str] = ["ch09_sgd_epoch", "ch09_l2_grads"]

#: the chapter's own learning rate, minibatch size and L2 strength: an answer that uses them
#: instead of its arguments gets its own hint
CHAPTER_ALPHA, CHAPTER_B, CHAPTER_LAM2 = 0.5, 20, 0.003


def _parts(p: Params) -> list[np.ndarray]:
    return [a for W, b in zip(p.weights, p.biases) for a in (W, b)]


def _part_names(net: MLP) -> list[str]:
    return [f"{k}^({l})" for l in range(len(net.weights)) for k in ("W", "b")]


def _sgd_epoch_variant(net: MLP, X, T, lr: float, batch_size: int, rng, loss: str = "bce",
                       shuffle: bool = True, average: bool = True, sign: float = 1.0,
                       whole_set: bool = False, batches: int | None = None) -> None:
    """One SGD epoch with a usual mistake switched on (``shuffle=False``, ``average=False``, ...);
    ``batches`` stops it after that many minibatches."""
    m = X.shape[0]
    order = rng.permutation(m) if shuffle else np.arange(m)
    for k, start in enumerate(range(0, m, batch_size)):
        if batches is not None and k == batches:
            break
        batch = order[start:start + batch_size]
        Xb, Tb = (X, T) if whole_set else (X[batch], T[batch])
        _, g = vectorized.loss_and_grads(net, Xb, Tb, loss)
        scale = 1.0 if average else len(Xb)          # a sum over the batch instead of a mean
        for p, gp in zip(net.weights + net.biases, g.weights + g.biases):
            p -= sign * lr * scale * gp


_MOONS = dict(sizes=[2, 3, 1], hidden="tanh", output="sigmoid", m=40)
#: the problems: one minibatch; then the base (40 = 16 + 16 + 8); then each argument changed
#: alone (lr, loss, batch_size: 40 = 12 + 12 + 12 + 4, the generator); then other shapes
SGD_PROBLEMS = [dict(_MOONS, m=16, lr=0.3, batch_size=16, loss="bce", seed=7),
                dict(_MOONS, lr=0.3, batch_size=16, loss="bce", seed=7),
                dict(_MOONS, lr=0.05, batch_size=16, loss="bce", seed=7),
                dict(_MOONS, lr=0.3, batch_size=16, loss="half_squared", seed=7),
                dict(_MOONS, lr=0.3, batch_size=12, loss="bce", seed=7),
                dict(_MOONS, lr=0.3, batch_size=16, loss="bce", seed=8),
                dict(sizes=[3, 4, 2], hidden="sigmoid", output="identity", m=25, lr=0.2,
                     batch_size=8, loss="half_squared", seed=11)]


def _targets(rng: np.random.Generator, output: str, m: int, k: int) -> np.ndarray:
    """Targets T (m, k) the output allows: 0/1 for sigmoid, one-hot for softmax, else normal."""
    if output == "sigmoid":
        return (rng.random(size=(m, k)) < 0.5).astype(float)
    if output == "softmax":
        return np.eye(k)[rng.integers(0, k, size=m)]
    return rng.normal(size=(m, k))


def _sgd_problem(p: dict):
    """The network and data of problem p: the moons for the visible 2-input problems, else
    normal inputs (seeded by ``data_seed``, or ``seed``) and targets the output allows."""
    net = MLP(p["sizes"], hidden=p["hidden"], output=p["output"], seed=p.get("net_seed", 1))
    if p["sizes"][0] == 2 and "data_seed" not in p:
        X, T = datasets.moons(m=p["m"], seed=1)
    else:
        rng = np.random.default_rng(p.get("data_seed", p["seed"]))
        X = rng.normal(size=(p["m"], p["sizes"][0]))
        T = _targets(rng, p["output"], p["m"], p["sizes"][-1])
    return net, X, T


class _Code(str):
    """A piece of code in a message, shown without quotes."""

    def __repr__(self) -> str:
        return str(self)


def _arguments(p: dict, X) -> dict:
    """The arguments of sgd_epoch that problem p passes, as a student reads them."""
    return dict(net=f"an MLP({p['sizes']})", X=f"X of shape {X.shape}", lr=p["lr"],
                batch_size=p["batch_size"], rng=_Code(f"np.random.default_rng({p['seed']})"),
                loss=p["loss"])


def _sgd_mistakes(net: MLP, X, T, p: dict) -> list[tuple[list, str]]:
    m, b = X.shape[0], p["batch_size"]
    kw = dict(lr=p["lr"], batch_size=b, loss=p["loss"])
    variants = [
        (dict(shuffle=False), "the examples were taken in their stored order: shuffle them "
                              "first with order = rng.permutation(m) and slice order"),
        (dict(average=False), "each step used the SUM of the batch's gradients: the cost J is "
                              "the mean over the batch, and loss_and_grads already divides by "
                              "the batch size, so do not multiply by it"),
        (dict(sign=-1.0), "the update went uphill: subtract lr * gradient (theta <- theta - "
                          "lr * dJ/dtheta)"),
        (dict(whole_set=True), "every step used the whole data set: compute the gradient on "
                               "X[batch], T[batch] only")]
    if m % b:
        variants.append((dict(batches=m // b), f"the last, smaller minibatch was left out ({m} = "
                         f"{' + '.join([str(b)] * (m // b) + [str(m % b)])}): "
                         f"range(0, m, batch_size) with order[start:start + batch_size] keeps it"))
    if p["lr"] != CHAPTER_ALPHA:
        variants.append((dict(lr=CHAPTER_ALPHA), f"the steps used the chapter's alpha = "
                         f"{CHAPTER_ALPHA}, not the lr argument"))
    if p["loss"] != "bce" and p["output"] == "sigmoid":
        variants.append((dict(loss="bce"), "the gradient is that of the cross-entropy, not of "
                         "the loss argument: pass loss to vectorized.loss_and_grads"))
    if b != CHAPTER_B and m > b:
        variants.append((dict(batch_size=CHAPTER_B), f"the minibatches have the chapter's "
                         f"b = {CHAPTER_B} examples, not batch_size"))
    mistakes = []
    for variant, hint in variants:
        wrong = net.copy()
        _sgd_epoch_variant(wrong, X, T, rng=np.random.default_rng(p["seed"]),
                           **{**kw, **variant})
        mistakes.append((_parts(wrong.params()), hint))
    return mistakes


def _which_batch(student: MLP, net: MLP, X, T, p: dict) -> str | None:
    """'stopped after k of n minibatches' when the student's parameters are a prefix's."""
    n = -(-X.shape[0] // p["batch_size"])
    for k in range(1, n):
        prefix = net.copy()
        _sgd_epoch_variant(prefix, X, T, p["lr"], p["batch_size"],
                           np.random.default_rng(p["seed"]), p["loss"], batches=k)
        if np.allclose(student.params().flat(), prefix.params().flat(), rtol=1e-9, atol=1e-12):
            return f"these are the parameters after {k} of the {n} minibatches of the epoch"
    return None


def ch09_sgd_epoch(sgd_epoch: Callable) -> None:
    """Run ``sgd_epoch(net, X, T, lr, batch_size, rng, loss)`` on each of ``SGD_PROBLEMS``;
    compare the parameters with ``train.fit(..., epochs=1)`` (same seed), array by array."""
    base = None
    for k, p in enumerate(SGD_PROBLEMS):
        net, X, T = _sgd_problem(p)
        ref = net.copy()
        train.fit(ref, X, T, loss=p["loss"], lr=p["lr"], epochs=1, batch_size=p["batch_size"],
                  seed=p["seed"])
        student = net.copy()
        call("sgd_epoch", sgd_epoch, student, X.copy(), T.copy(), p["lr"], p["batch_size"],
             np.random.default_rng(p["seed"]), p["loss"])
        if np.array_equal(student.params().flat(), net.params().flat()):
            _fail("sgd_epoch did not change the network: update net.weights and net.biases in "
                  "place (theta -= lr * dtheta), not a copy of them")
        args = _arguments(p, X)
        shown = ", ".join(f"{a}={args[a]!r}" for a in ("lr", "batch_size", "loss"))
        one_batch = X.shape[0] <= p["batch_size"]
        otherwise = (_which_batch(student, net, X, T, p)
                     or (changed_argument(base, args, "sgd_epoch") if k > 1 else None)
                     or ("one minibatch (m = batch_size) is right, several are not: shuffle once "
                         "with order = rng.permutation(m), then take order[start:start + "
                         "batch_size] for start = 0, batch_size, 2 batch_size, ..."
                         if k and not one_batch else
                         "with m = batch_size the epoch is one step: theta <- theta - lr * "
                         "dJ/dtheta, for every W^(l) and b^(l), the gradient from "
                         "vectorized.loss_and_grads(net, X, T, loss)" if one_batch else
                         "shuffle once with order = rng.permutation(m), take order[start:start "
                         "+ batch_size] for start = 0, batch_size, ..., and step theta <- theta "
                         "- lr * dJ/dtheta on each minibatch, the gradient from "
                         "vectorized.loss_and_grads(net, X[batch], T[batch], loss)"))
        compare_parts(f"sgd_epoch on {args['net']}, {args['X']}, {shown}",
                      _parts(student.params()), _parts(ref.params()), _part_names(net),
                      _sgd_mistakes(net, X, T, p), rtol=1e-9, atol=1e-12, otherwise=otherwise)
        if k == 1:
            base = args
    passed(f"sgd_epoch on {len(SGD_PROBLEMS)} problems (lr, loss, batch_size, rng, shapes)")


#: the problems of ch09_l2_grads: (sizes, seed, l2); the second changes l2 alone
L2_PROBLEMS = [([2, 3, 1], 3, 0.1), ([2, 3, 1], 3, 0.02), ([3, 4, 4, 2], 5, 0.1)]


def _l2_problem(sizes, seed: int):
    net = MLP(sizes, hidden="tanh", output="sigmoid", seed=seed)
    rng = np.random.default_rng(seed)
    net.biases = [rng.normal(0, 1, b.shape) for b in net.biases]   # nonzero, so a bias mistake shows
    X = rng.normal(size=(10, sizes[0]))
    T = (rng.random(size=(10, sizes[-1])) < 0.5).astype(float)
    _, grads = vectorized.loss_and_grads(net, X, T, "bce")
    return net, grads, X, T


def _l2(net: MLP, grads: Params, lam: float, w: float = 1.0, b: float = 0.0,
        keep: float = 1.0) -> list[np.ndarray]:
    """The parts of grads + the gradient of (lam/2) sum w^2, with the usual slips as factors."""
    return _parts(Params([keep * g + w * lam * W for g, W in zip(grads.weights, net.weights)],
                         [keep * g + b * lam * c for g, c in zip(grads.biases, net.biases)]))


def ch09_l2_grads(l2_grads: Callable) -> None:
    r"""Check ``l2_grads(net, grads, l2)``: the gradient of $J + \frac{\lambda_2}{2}\sum w^2$.

    Weights get $+\lambda_2 W$, biases are not penalized; a new ``Params`` is returned and
    ``grads`` left as it was. On each of ``L2_PROBLEMS`` (l2 and the shapes varied).
    """
    first = None
    for k, (sizes, seed, l2) in enumerate(L2_PROBLEMS):
        net, grads, _, _ = _l2_problem(sizes, seed)
        given = Params([g.copy() for g in grads.weights], [g.copy() for g in grads.biases])
        got = returned("l2_grads", call("l2_grads", l2_grads, net, given, l2))
        names = _part_names(net)
        for part, before, after in zip(names, _parts(grads), _parts(given)):
            if not np.array_equal(before, after):
                _fail(f"l2_grads changed its argument grads in place (dJ/d{part} differs after "
                      f"the call). Hint: return a new Params (e.g. Params([dW + l2 * W for "
                      f"...], [...])) and leave grads as it was: the caller may still need it")
        if not isinstance(got, Params):
            _fail(f"l2_grads: return a bpcourse.Params(weights, biases), got {type(got).__name__}")
        if len(got.weights) != len(net.weights) or len(got.biases) != len(net.biases):
            _fail(f"l2_grads: the returned Params must hold one array per weight matrix and bias "
                  f"vector ({len(net.weights)} of each for sizes {sizes}), got "
                  f"{len(got.weights)} and {len(got.biases)}")
        mistakes = [
            (_l2(net, grads, l2, b=1.0), "the biases were penalized too: the penalty (l2/2) "
             "sum w^2 covers the weights only, so leave the bias gradients unchanged"),
            (_l2(net, grads, l2, w=-1.0), "wrong sign: the penalty grows with |w|, its gradient "
             "l2 * W is ADDED to dJ/dW"),
            (_l2(net, grads, l2, w=2.0), "a factor 2 too much: the derivative of (l2/2) w^2 is "
             "l2 * w"),
            (_l2(net, grads, l2, keep=0.0), "only the penalty's gradient is there: add it to the "
             "loss's gradient dJ/dW"),
            (_l2(net, grads, 1.0), "the factor l2 is missing: the penalty's gradient is l2 * W"),
            (_l2(net, grads, CHAPTER_LAM2), f"the chapter's lam2 = {CHAPTER_LAM2} was used, not "
             f"the l2 argument")]
        args = dict(net=f"an MLP({sizes})", l2=l2)
        otherwise = (changed_argument(first, args, "l2_grads") if k else None) or (
            "dJ/dW^(l) + l2 * W^(l) for every weight matrix, dJ/db^(l) unchanged")
        compare_parts(f"l2_grads(net, grads, l2={l2}) for an MLP({sizes})",
                      _parts(got), _l2(net, grads, l2), names, mistakes, otherwise=otherwise)
        first = first or args
    passed(f"l2_grads on {len(L2_PROBLEMS)} problems (l2 and the shapes varied)")


# ---- the hidden test (bpcourse.checks.hidden): the problems above, redrawn

#: (loss, output) pairs a drawn SGD problem uses
_SGD_LOSSES = [("bce", "sigmoid"), ("half_squared", "identity"), ("half_squared", "sigmoid"),
               ("cross_entropy", "softmax")]


def _draw_sgd(rng) -> list:
    """4 problems: other shapes (2 or 3 layers), activations, losses, m with a smaller last
    minibatch, lr (not the chapter's 0.5), batch sizes (not its 20), data and generator seeds."""
    problems = []
    for _ in range(4):
        loss, output = _SGD_LOSSES[int(rng.integers(len(_SGD_LOSSES)))]
        p0, hidden_widths = int(rng.integers(2, 6)), rng.integers(2, 7, size=rng.integers(1, 3))
        k = int(rng.integers(2 if output == "softmax" else 1, 4))
        m = int(rng.integers(11, 46))
        b = int(rng.choice([c for c in range(3, m) if m % c and c != CHAPTER_B]))
        lr = float(rng.choice([0.05, 0.1, 0.2, 0.3, 0.8, 1.2]))
        problems.append(dict(sizes=[p0, *map(int, hidden_widths), k],
                             hidden=str(rng.choice(["tanh", "sigmoid", "relu"])), output=output,
                             m=m, lr=lr, batch_size=b, loss=loss, seed=new_seed(rng),
                             data_seed=new_seed(rng), net_seed=new_seed(rng)))
    return problems


def _draw_l2(rng) -> list:
    """3 problems: other shapes (2 to 4 layers), seeds and strengths l2 (not 1, not the
    chapter's)."""
    problems = []
    for n_layers in rng.permutation([2, 3, 4])[:3]:
        sizes = [int(rng.integers(1, 6)), *map(int, rng.integers(1, 7, size=n_layers))]
        l2 = float(rng.choice([0.01, 0.03, 0.05, 0.2, 0.3, 0.5]))
        problems.append((sizes, new_seed(rng), l2))
    return problems


#: {check name: how its problems are redrawn in the graders' hidden test}
HIDDEN_TESTS = {
    "ch09_sgd_epoch": Hidden("SGD_PROBLEMS", _draw_sgd, ("vectorized", "mlp"),
                             "4 other networks (2 or 3 layers, activations, losses), data and "
                             "generators; m with a smaller last minibatch, lr, batch sizes"),
    "ch09_l2_grads": Hidden("L2_PROBLEMS", _draw_l2, ("mlp",),
                            "3 other networks (2 to 4 layers), gradients and strengths l2"),
}
