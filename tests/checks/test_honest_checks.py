"""The checks of chapters 7-10 grade the student's work, not one lucky value (issue 21).

Each "wrong answer that passes" found by working through the exercises as a student is here an
answer that must fail: a function that ignores an argument, an answer copied from a number the
chapter printed or read off a variable the exercise cell builds, grads changed in place. A right
method whose floating-point rounding differs from the reference passes. A failure never shows
the expected value in self-study mode.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from bpcourse import MLP, Params, activations, checks, vectorized
from bpcourse.chapters import worked_examples
from bpcourse.checks import CheckFailed

BOOK = Path(__file__).resolve().parents[2] / "book"
sig, dsig = activations.sigmoid, activations.sigmoid_prime


def message(check, *args) -> str:
    with pytest.raises(CheckFailed) as info:
        check(*args)
    return str(info.value)


def no_expected_value(text: str) -> bool:
    """No 'expected <number>' in a failure (a shape 'expected (2, 3)' is fine)."""
    return re.search(r"expected -?\d", text) is None


def _cells(chapter: str):
    return nbformat.read(BOOK / chapter, 4).cells


def exercise_namespace(chapter: str, cell_id: str) -> dict:
    """Run the part of an exercise cell before its solution; return the names it defines."""
    source = next(c.source for c in _cells(chapter) if c.get("id") == cell_id)
    ns = dict(np=np, MLP=MLP, we=worked_examples, vectorized=vectorized, sigma_prime=dsig)
    exec(source.split("### BEGIN SOLUTION")[0], ns)
    return ns


def printed_before(chapter: str, cell_id: str) -> str:
    """The text output of every code cell before ``cell_id``."""
    out = []
    for cell in _cells(chapter):
        if cell.get("id") == cell_id:
            return "\n".join(out)
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            out.append(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")))
    raise KeyError(cell_id)


def _arrays(value, depth=0):
    """Every array-like value reachable from ``value`` (dicts, lists, Params, networks)."""
    if depth > 4:
        return
    if isinstance(value, (np.ndarray, float, int)) and not isinstance(value, bool):
        yield np.asarray(value, dtype=float)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _arrays(v, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _arrays(v, depth + 1)
    elif isinstance(value, (Params, MLP)):
        yield from _arrays([value.weights, value.biases], depth + 1)


def _simplest():
    ns = exercise_namespace("07_backprop_scalar.ipynb", "5a3e2913")
    z1 = ns["b0_s"] + ns["w0_s"] * ns["x_s"]
    y = ns["b1_s"] + ns["w1_s"] @ sig(z1)
    d2 = -2 * (ns["t_s"] - y)
    return ns, [np.array(d2), d2 * ns["w1_s"] * dsig(z1)]


def _delta():
    ns = exercise_namespace("08_backprop_vectorized.ipynb", "6592f02e")
    return ns, [dsig(ns["z_l"]) * (ns["W_l"].T @ ns["delta_next_l"])]


def _weight():
    ns = exercise_namespace("08_backprop_vectorized.ipynb", "ce0a7fbd")
    return ns, [ns["deltas_w"].T @ ns["A_w"] / len(ns["A_w"])]


VALUE_EXERCISES = {"ch07 simplest deltas": ("07_backprop_scalar.ipynb", "5a3e2913", _simplest),
                   "ch08 delta recursion": ("08_backprop_vectorized.ipynb", "6592f02e", _delta),
                   "ch08 weight gradient": ("08_backprop_vectorized.ipynb", "ce0a7fbd", _weight)}


@pytest.mark.parametrize("name", sorted(VALUE_EXERCISES))
def test_the_answer_is_not_printed_earlier_in_the_chapter(name):
    """ch07: section 7.4 printed the deltas the exercise asked for (x = 0.5, t = 1)."""
    chapter, cell_id, answer = VALUE_EXERCISES[name]
    text = printed_before(chapter, cell_id)
    entries = np.concatenate([np.ravel(a) for a in answer()[1]])
    shown = [v for v in entries if f"{v:.4f}" in text or f"{v:.4f}".rstrip("0") in text
             and len(f"{v:.4f}".rstrip("0")) > 4]
    assert len(shown) < len(entries), f"{name}: every entry of the answer is printed earlier"
    assert len(shown) <= 1, shown


@pytest.mark.parametrize("name", sorted(VALUE_EXERCISES))
def test_the_answer_is_not_readable_from_what_the_exercise_cell_builds(name):
    """ch08 delta: the cell built the gradients with loss_and_grads, the answer among them."""
    _, _, answer = VALUE_EXERCISES[name]
    ns, parts = answer()
    for part in parts:
        for key, value in ns.items():
            if key.startswith("__") or callable(value):
                continue
            for array in _arrays(value):
                assert not (array.shape == part.shape and np.allclose(array, part)), (name, key)


def test_ch07_worked_example_values_fail_with_their_hint():
    """Section 7.4's deltas, as it prints them, typed into the function."""
    ns, _ = _simplest()
    assert (ns["x_s"], ns["t_s"]) != (worked_examples.SIMPLEST_X, worked_examples.SIMPLEST_Y)
    text = message(checks.ch07_simplest_deltas,
                   lambda x, t, w0, b0, w1, b1: (0.09761, np.array([0.0344, 0.0169])))
    assert "section 7.4's example" in text and no_expected_value(text)


def _nudged(f, theta, eps):
    """A right method whose theta comes back with a last-bit rounding difference."""
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        theta[i] += eps
        f_plus = f(theta)
        theta[i] -= 2 * eps
        f_minus = f(theta)
        theta[i] += eps
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def test_ch07_rounding_of_a_right_method_passes(capsys):
    theta = np.array([0.3, -1.2, 2.0, 0.7])
    for eps in (0.1, 0.02):
        nudged = theta.copy()
        _nudged(np.sum, nudged, eps)
        if not np.array_equal(nudged, theta):
            break
    else:
        pytest.fail("the example no longer shows the rounding")
    checks.ch07_finite_difference(_nudged)
    assert capsys.readouterr().out.startswith("✓ numerical_gradient on 4 problems")


def test_ch07_rounding_passes_the_hidden_problems_too(capsys):
    from bpcourse.checks import hidden
    for seed in range(5):
        hidden.check("ch07_finite_difference", _nudged, seed=seed)
    assert capsys.readouterr().out.count("✓ ch07_finite_difference on hidden inputs") == 5

def test_ch07_a_theta_really_changed_still_fails():
    def keeps_the_nudge(f, theta, eps):
        grad = _nudged(f, theta, eps)
        theta[0] += 1e-6
        return grad
    assert "changed theta: entry 0" in message(checks.ch07_finite_difference, keeps_the_nudge)


def _central(f, theta, eps):
    theta = np.array(theta, dtype=float)
    return np.array([(f(theta + eps * e) - f(theta - eps * e)) / (2 * eps)
                     for e in np.eye(theta.size)])


@pytest.mark.parametrize("wrong, hint", [
    (lambda f, theta, eps: _central(f, theta, 0.1), "`eps` argument"),
    (lambda f, theta, eps: _central(checks.ch07._test_function, theta, eps),
     "`f` argument"),
    (lambda f, theta, eps: _central(f, np.array([0.3, -1.2, 2.0, 0.7]), eps), "shape (4,)")])
def test_ch07_a_function_that_ignores_an_argument_fails(wrong, hint):
    text = message(checks.ch07_finite_difference, wrong)
    assert hint in text and no_expected_value(text)


def _sgd(lr_used=None, loss_used=None, drop_last=False):
    def sgd_epoch(net, X, T, lr, batch_size, rng, loss="bce"):
        m = X.shape[0]
        order = rng.permutation(m)
        for start in range(0, m - batch_size + 1 if drop_last else m, batch_size):
            batch = order[start:start + batch_size]
            _, g = vectorized.loss_and_grads(net, X[batch], T[batch], loss_used or loss)
            for theta, d in zip(net.weights + net.biases, g.weights + g.biases):
                theta -= (lr_used or lr) * d
    return sgd_epoch


def test_ch09_sgd_epoch_that_ignores_lr_and_loss_fails():
    """The issue's case: lr 0.5 (the chapter's alpha) and "bce" hard-coded."""
    text = message(checks.ch09_sgd_epoch, _sgd(lr_used=0.5, loss_used="bce"))
    assert "alpha = 0.5" in text and no_expected_value(text)
    assert "not of the loss argument" in message(checks.ch09_sgd_epoch, _sgd(loss_used="bce"))


def test_ch09_a_dropped_partial_batch_is_named():
    text = message(checks.ch09_sgd_epoch, _sgd(drop_last=True))
    assert "40 = 16 + 16 + 8" in text and "smaller minibatch was left out" in text


def test_ch09_failures_name_the_array_and_entry_not_a_flat_index():
    text = message(checks.ch09_sgd_epoch, _sgd(lr_used=0.31))
    assert re.search(r": [Wb]\^\(\d\): \d+ of \d+ entries differ; (the first|it) is entry \(",
                     text), text
    assert "index (" not in text and no_expected_value(text)


def test_ch09_l2_grads_in_place_fails_and_the_right_one_passes(capsys):
    def in_place(net, grads, l2):
        for g, W in zip(grads.weights, net.weights):
            g += l2 * W
        return grads
    assert "changed its argument grads in place" in message(checks.ch09_l2_grads, in_place)

    def right(net, grads, l2):
        return Params([g + l2 * W for g, W in zip(grads.weights, net.weights)],
                      [g.copy() for g in grads.biases])
    checks.ch09_l2_grads(right)
    assert capsys.readouterr().out.startswith("✓ l2_grads on 3 problems")


def test_ch09_l2_statement_introduces_params():
    statement = next(c.source for c in _cells("09_training.ipynb")
                     if "ex-ch09-l2\n" in c.source and "{exercise}" in c.source)
    text = statement[statement.index(":label: ex-ch09-l2"):]
    assert "`Params(weights, biases)`" in text and "grads.weights[l]" in text


def _exercise_twin(net):
    """The twin of the exercise's 2-3-1 network, whatever network it is given."""
    c = checks.ch10.COLLAPSE_CASES[0]
    one = MLP([len(c["row"]), 1, len(c["v"])], hidden=c["hidden"], output=c["output"],
              init="zeros")
    one.weights = [np.array([c["row"]]), c["p"] * np.array([c["v"]]).T]
    one.biases = [np.array([c["b0"]]), np.array(c["b1"])]
    return one


def test_ch10_collapse_is_checked_beyond_the_exercise_network():
    """A twin built for the exercise's network alone fails on the others; one slightly off fails
    with its relative error and no expected value."""
    text = message(checks.ch10_collapse, _exercise_twin)
    assert "collapse of a 3-4-2 network" in text and "one hidden unit" in text

    def slightly_off(net):
        one = _exercise_twin(net) if net.sizes == [2, 3, 1] else None
        one.weights[0] = one.weights[0] * 1.0001
        return one
    text = message(checks.ch10_collapse, slightly_off)
    assert "relative error" in text and no_expected_value(text)


def test_ch10_first_layer_grad_assuming_a_symmetric_network_fails():
    """One row, tiled: right for every symmetric network, wrong for random weights."""
    def tiled(net, X, T):
        Z, A = vectorized.forward(net, X)
        D1 = (1 - A[1] ** 2) * ((A[2] - T) / len(X) @ net.weights[1])
        return np.tile((D1.T @ X)[:1], (net.sizes[1], 1))
    text = message(checks.ch10_gradient_rows, tiled)
    assert "(random weights)" in text and no_expected_value(text)


def test_no_statement_points_to_a_removed_solution():
    for chapter in ("07_backprop_scalar.ipynb", "08_backprop_vectorized.ipynb",
                    "09_training.ipynb", "10_symmetry.ipynb"):
        for cell in _cells(chapter):
            if cell.cell_type == "markdown":
                assert not re.search(r"the solution of|see the solution|solution below",
                                     cell.source, re.I), (chapter, cell.get("id"))
