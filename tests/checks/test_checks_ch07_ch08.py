"""Chapters 7 and 8's checks: the reference passes on the visible and the hidden problems, the
problems vary every argument, and an answer that lets bpcourse do the work fails in one line."""
from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest

from bpcourse import activations, gradcheck, scalar
from bpcourse.chapters import worked_examples as we
from bpcourse.checks import CheckFailed, NotAnswered, ch07, ch08, hidden

BOOK = Path(__file__).resolve().parents[2] / "book"
sig, dsig = activations.sigmoid, activations.sigmoid_prime


def exercise_inputs(chapter: str, cell_id: str) -> dict:
    """The names an exercise cell defines before its solution."""
    source = next(c.source for c in nbformat.read(BOOK / chapter, 4).cells
                  if c.get("id") == cell_id)
    ns = {"np": np}
    exec(source.split("### BEGIN SOLUTION")[0], ns)
    return ns


def _fails_with(check, answer, match):
    with pytest.raises(CheckFailed, match=match):
        check(answer)


# --- ch07_simplest_deltas -----------------------------------------------------------------

def simplest_deltas(x, t, w0, b0, w1, b1):
    z1 = b0 + w0 * x
    a1 = sig(z1)
    d2 = -2 * (t - (b1 + w1 @ a1))
    return d2, d2 * w1 * dsig(z1)


def test_the_exercise_cell_states_the_first_problem():
    ns = exercise_inputs("07_backprop_scalar.ipynb", "5a3e2913")
    stated = (ns["x_s"], ns["t_s"], tuple(ns["w0_s"]), tuple(ns["b0_s"]), tuple(ns["w1_s"]),
              ns["b1_s"])
    assert stated == ch07.SIMPLEST_CASES[0]
    net = we.simplest_case_net()                      # section 7.4's network
    assert np.array_equal(net.weights[1][0], ns["w1_s"]) and net.biases[1][0] == ns["b1_s"]
    assert (ns["x_s"], ns["t_s"]) != (we.SIMPLEST_X, we.SIMPLEST_Y)


def test_simplest_problems_change_one_argument_at_a_time_then_the_width():
    problems = [ch07.simplest_problem(*c) for c in ch07.SIMPLEST_CASES]
    changed = [[k for k in a if not np.array_equal(a[k], b[k])]
               for a, b in zip(problems, problems[1:])]
    assert {k for ks in changed if len(ks) == 1 for k in ks} == set(problems[0])
    assert {len(p["w0"]) for p in problems} == {1, 2, 3}


def test_the_reference_deltas_are_the_engine_s(capsys):
    for case in ch07.SIMPLEST_CASES:
        p = ch07.simplest_problem(*case)
        net = we.make_net([p["w0"][:, None], p["w1"][None, :]], [p["b0"], [p["b1"]]])
        delta = scalar.example_trace(net, [p["x"]], [p["t"]], "squared")[3]
        d2, d1 = simplest_deltas(*p.values())
        assert np.isclose(d2, delta[2][0]) and np.allclose(d1, delta[1])
    ch07.ch07_simplest_deltas(simplest_deltas)
    assert capsys.readouterr().out.startswith("✓ simplest_deltas on 9 problems")


def test_simplest_deltas_hard_coded_for_two_hidden_units_fails():
    def two_units(x, t, w0, b0, w1, b1):
        return simplest_deltas(x, t, w0[:2], b0[:2], w1[:2], b1)
    _fails_with(ch07.ch07_simplest_deltas, two_units, "3 hidden unit")


def test_simplest_deltas_hidden_problems_are_new_networks():
    drawn = hidden.hidden_cases("ch07_simplest_deltas", 7)
    assert len({len(c[2]) for c in drawn}) == len(drawn) > 2
    for x, t, w0, b0, w1, b1 in drawn:
        y = b1 + np.array(w1) @ sig(np.array(b0) + np.array(w0) * x)
        assert abs(t - y) >= 0.19                 # no delta near 0: each mistake shows
    hidden.check("ch07_simplest_deltas", simplest_deltas, seed=7)


def test_simplest_deltas_stub_is_not_answered():
    def stub(x, t, w0, b0, w1, b1):
        raise NotImplementedError()
    with pytest.raises(NotAnswered, match="not answered yet"):
        ch07.ch07_simplest_deltas(stub)


# --- ch07_finite_difference ----------------------------------------------------------------

def central(f, theta, eps):
    theta = np.array(theta, dtype=float)
    out = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = eps
        out[i] = (f(theta + e) - f(theta - e)) / (2 * eps)
    return out


def test_finite_difference_check_passes_the_central_difference_only():
    def one_sided(f, theta, eps):
        return np.array([(f(theta + eps * e) - f(theta)) / eps for e in np.eye(len(theta))])

    def mutates(f, theta, eps):
        g = central(f, theta, eps)
        theta[0] += 1.0
        return g

    ch07.ch07_finite_difference(central)
    _fails_with(ch07.ch07_finite_difference, one_sided, "one-sided")
    _fails_with(ch07.ch07_finite_difference, lambda *a: 2 * central(*a), "2 eps")
    _fails_with(ch07.ch07_finite_difference, mutates, "changed theta")


def test_finite_difference_by_gradcheck_is_refused_in_one_line():
    def by_engine(f, theta, eps):
        return gradcheck.numerical_derivative(f, theta, eps)
    for run in (lambda: ch07.ch07_finite_difference(by_engine),
                lambda: hidden.check("ch07_finite_difference", by_engine, seed=1)):
        with pytest.raises(CheckFailed) as e:
            run()
        assert "calls bpcourse's `gradcheck.numerical_derivative`" in str(e.value)
        assert "\n" not in str(e.value)


def test_finite_difference_hidden_problems_vary_f_theta_and_eps():
    drawn = hidden.hidden_cases("ch07_finite_difference", 3)
    assert len({p["f"] for p in drawn}) == 3 and len({len(p["theta"]) for p in drawn}) == 3
    assert all(0.03 <= p["eps"] <= 0.3 for p in drawn)
    assert not any(p in ch07.FD_PROBLEMS for p in drawn)
    hidden.check("ch07_finite_difference", central, seed=3)


# --- ch08_delta_recursion and ch08_weight_grad --------------------------------------------

def delta_recursion(W, z, delta_next):
    return dsig(z) * (W.T @ delta_next)


def weight_grad(deltas, A):
    return deltas.T @ A / len(A)


def test_the_exercise_cells_state_the_first_problems():
    ns = exercise_inputs("08_backprop_vectorized.ipynb", "6592f02e")
    first = ch08.delta_problem(*ch08.DELTA_CASES[0])
    assert all(np.array_equal(ns[k], first[name]) for k, name in
               [("W_l", "W"), ("z_l", "z"), ("delta_next_l", "delta_next")])
    ns = exercise_inputs("08_backprop_vectorized.ipynb", "ce0a7fbd")
    first = ch08.weight_problem(*ch08.WEIGHT_CASES[0])
    assert np.array_equal(ns["deltas_w"], first["deltas"]) and np.array_equal(ns["A_w"],
                                                                              first["A"])


def test_the_problems_have_non_square_W_and_every_size_different():
    shapes = [ch08.delta_problem(*c)["W"].shape for c in ch08.DELTA_CASES]
    assert sum(p != q for p, q in shapes) >= 3 and any(p == q for p, q in shapes)
    assert all(len({m, p, q}) == 3 for m, p, q, _ in ch08.WEIGHT_CASES if m > 1)
    assert len({m for m, *_ in ch08.WEIGHT_CASES}) == len(ch08.WEIGHT_CASES)


def test_a_missing_transpose_on_a_non_square_W_names_it(monkeypatch):
    monkeypatch.setattr(ch08, "DELTA_CASES", ch08.DELTA_CASES[1:])
    with pytest.raises(CheckFailed) as e:
        ch08.ch08_delta_recursion(lambda W, z, d: dsig(z) * (W @ d))
    assert "raised ValueError" in str(e.value) and "a missing .T" in str(e.value)


def test_ch08_references_pass_visible_and_hidden(capsys):
    ch08.ch08_delta_recursion(delta_recursion)
    ch08.ch08_weight_grad(weight_grad)
    for seed in range(4):
        hidden.check("ch08_delta_recursion", delta_recursion, seed=seed)
        hidden.check("ch08_weight_grad", weight_grad, seed=seed)
    out = capsys.readouterr().out
    assert out.count("✓") == 10 and "✗" not in out


def test_ch08_hidden_problems_keep_each_mistake_visible():
    for seed in range(20):
        shapes = [c[:2] for c in hidden.hidden_cases("ch08_delta_recursion", seed)]
        assert shapes[0][0] == shapes[0][1] and all(p != q for p, q in shapes[1:])
        for m, p, q, _ in hidden.hidden_cases("ch08_weight_grad", seed):
            assert len({m, p, q}) == 3 and m not in (1, 4)


def _stub(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("check", [ch08.ch08_delta_recursion, ch08.ch08_weight_grad])
def test_ch08_stubs_are_not_answered(check):
    with pytest.raises(NotAnswered, match="not answered yet"):
        check(_stub)


def test_the_chapters_sigma_prime_may_be_called_not_the_engines_backprop():
    def with_sigma_prime(W, z, delta_next):
        _, sigma_prime = activations.get("sigmoid")        # as the chapter's first cell does
        return sigma_prime(z) * (W.T @ delta_next)

    def with_backprop(W, z, delta_next):
        return activations.backprop("sigmoid", z, sig(z), W.T @ delta_next)
    hidden.check("ch08_delta_recursion", with_sigma_prime, seed=2)
    with pytest.raises(CheckFailed, match="calls bpcourse's `activations.backprop`"):
        hidden.check("ch08_delta_recursion", with_backprop, seed=2)
