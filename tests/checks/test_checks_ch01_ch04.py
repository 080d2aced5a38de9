"""The checks of chapters 1-4 grade the student's work, not one lucky value (issue 21).

Each answer that passed before and should not is here an answer that must fail: the package
function the exercise asks the student to write (``MLP``'s parameter count, its forward pass),
the chapter's own weights (chapter 3's OR/AND network, chapter 4's truth-table network), a
value read off a printout (chapter 4's D = 3 layer), a network built for one D only. Right
methods whose rounding differs from the reference pass, and no failure shows an expected value.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from bpcourse import MLP, activations, checks, datasets
from bpcourse.chapters import constructions as C
from bpcourse.checks import CheckFailed

BOOK = Path(__file__).resolve().parents[2] / "book"


def message(check, *args) -> str:
    with pytest.raises(CheckFailed) as info:
        check(*args)
    return str(info.value)


def chapter_cell(chapter: str, marker: str) -> dict:
    """Run the chapter's code cell containing ``marker``; return the names it defines."""
    source = next(c.source for c in nbformat.read(BOOK / chapter, 4).cells
                  if c.cell_type == "code" and marker in c.source)
    X, T = datasets.xor()                   # what the chapters' earlier cells define
    ns = dict(np=np, MLP=MLP, C=C, activations=activations, X=X, T=T,
              P3=C.all_patterns(3), fmt=str, print=lambda *a, **k: None)
    exec(source, ns)
    return ns


def no_expected_value(text: str) -> bool:
    return re.search(r"expected -?\d", text) is None


# ---------------------------------------------------------------- chapter 1

def test_n_params_may_not_build_the_network_and_mlp_works_afterwards():
    assert "builds an MLP" in message(checks.ch01_n_params, lambda s: MLP(s).n_params)
    assert MLP([2, 3, 1]).n_params == 13                # MLP restored after the refusal


def test_n_params_answers_of_other_types_pass(capsys):
    checks.ch01_n_params(lambda s: float(sum(a * b + b for a, b in zip(s[:-1], s[1:]))))
    checks.ch01_n_params(lambda s: int(np.sum(np.multiply(s[:-1], s[1:]) + s[1:])))
    assert capsys.readouterr().out.count("✓") == 2


def test_n_params_for_one_number_of_layers_fails_naming_the_input():
    def three_layers(s):
        return s[0] * s[1] + s[1] + s[1] * s[2] + s[2] if len(s) == 3 else 0
    text = message(checks.ch01_n_params, three_layers)
    assert "n_params([5, 1])" in text and "right for [784, 256, 10]" in text
    assert no_expected_value(text)


# ---------------------------------------------------------------- chapter 2

def test_forward_batch_by_loops_or_einsum_passes(capsys):
    def by_rows(X, W0, b0, W1, b1):
        H = np.array([np.tanh(W0 @ x + b0) for x in X])
        return H, np.array([W1 @ h + b1 for h in H])

    def by_einsum(X, W0, b0, W1, b1):
        H = np.tanh(np.einsum("ik,jk->ij", X, W0) + b0)
        return H, np.einsum("ik,jk->ij", H, W1) + b1
    checks.ch02_forward(by_rows)
    checks.ch02_forward(by_einsum)
    assert capsys.readouterr().out.count("✓") == 2


def test_forward_batch_through_the_engines_is_refused():
    from bpcourse import mlp, vectorized

    def via(engine):
        def forward_batch(X, W0, b0, W1, b1):
            if engine in ("forward_pass", "vectorized.forward_pass"):
                run = mlp.forward_pass if engine == "forward_pass" else vectorized.forward_pass
                Z, A = run([W0, W1], [b0, b1], ["tanh", "identity"], X)
                return A[1], A[2]
            net = MLP([W0.shape[1], W0.shape[0], W1.shape[0]], hidden="tanh", init="zeros")
            net.weights, net.biases = [W0, W1], [b0, b1]
            return vectorized.forward(net, X)[1][1], net.forward(X)
        return forward_batch
    for engine in ("MLP", "forward_pass", "vectorized.forward_pass"):
        assert "uses MLP or an engine's forward pass" in message(checks.ch02_forward,
                                                                 via(engine))
    assert MLP([2, 3, 1]).forward(np.zeros((1, 2))).shape == (1, 1)       # all restored
    assert vectorized.forward_pass is mlp.forward_pass


def test_forward_batch_ignoring_an_argument_fails_with_a_hint():
    def ignores_b1(X, W0, b0, W1, b1):
        H = np.tanh(X @ W0.T + b0)
        return H, H @ W1.T + 0.5
    text = message(checks.ch02_forward, ignores_b1)
    assert ": Y:" in text and "Hint:" in text and no_expected_value(text)


# ---------------------------------------------------------------- chapter 3

def test_the_chapters_xor_weights_are_refused():
    ns = chapter_cell("03_xor.ipynb", "rows: the OR unit, the AND unit")
    text = message(checks.ch03_xor_weights, ns["W0"], ns["b0"], ns["W1"], ns["b1"])
    assert "the chapter's hidden units" in text


def test_other_xor_designs_pass(capsys):
    checks.ch03_xor_weights(np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([-0.5, 1.5]),
                            np.array([[1.0, 1.0]]), np.array([-1.5]))      # OR, NAND; AND
    checks.ch03_xor_weights(np.array([[2.0, -2.0], [-1.0, 1.0]]), np.array([-1.0, -0.5]),
                            np.array([[1.0, 1.0]]), np.array([-0.5]))      # AND-NOTs, OR
    assert capsys.readouterr().out.count("✓") == 2


# ---------------------------------------------------------------- chapter 4

def test_the_chapters_truth_table_network_is_refused():
    ns = chapter_cell("04_universality.ipynb", "def truth_table_network")
    truth_table_network = ns["truth_table_network"]

    def pattern_layer(D):
        net = truth_table_network(np.zeros(2 ** D))
        return net.weights[0], net.biases[0]
    assert "truth_table_network" in message(checks.ch04_pattern_detectors, pattern_layer)


def test_the_printed_d3_layer_fails_for_other_d():
    W3, b3 = C.all_patterns(3), np.full(8, -2.5)      # what the chapter prints for D = 3
    text = message(checks.ch04_pattern_detectors, lambda D: (W3, b3))
    assert "pattern_layer(1)" in text and "use the argument D" in text


def test_parity_network_for_d4_only_fails():
    def for_four(D):
        k = np.arange(1, 5)
        net = MLP([4, 4, 1], hidden="step", output="identity", init="zeros")
        net.weights = [np.full((4, 4), 0.5), ((-1.0) ** (k + 1))[None, :]]
        net.biases = [2 - (k - 0.5), np.zeros(1)]
        return net
    checks.ch04_parity_counting(for_four, (4,))                 # the old, single problem
    text = message(checks.ch04_parity_counting, for_four)
    assert "counting_parity(1)" in text and "use the argument D" in text


def test_parity_hint_names_the_d_after_a_right_one():
    def bias_ok_up_to_3(D):
        k = np.arange(1, D + 1)
        net = MLP([D, D, 1], hidden="step", output="identity", init="zeros")
        net.weights = [np.full((D, D), 0.5), ((-1.0) ** (k + 1))[None, :]]
        net.biases = [D / 2 - (k - 0.5) - (D > 3), np.zeros(1)]
        return net
    text = message(checks.ch04_parity_counting, bias_ok_up_to_3)
    assert text.startswith("counting_parity(4) (right for D = 3)") and "Hint:" in text
    assert no_expected_value(text)


def test_an_alias_of_truth_table_network_is_refused_too():
    ns = chapter_cell("04_universality.ipynb", "def truth_table_network")
    build = ns["truth_table_network"]                  # another name, same function

    def pattern_layer(D):
        return build(np.zeros(2 ** D)).weights[0], np.full(2 ** D, -(D - 0.5))
    assert "truth_table_network" in message(checks.ch04_pattern_detectors, pattern_layer)


def test_n_params_for_three_layers_only_says_any_length():
    text = message(checks.ch01_n_params, lambda s: s[0] * s[1] + s[1] + s[1] * s[2] + s[2])
    assert "IndexError" in text and "any length from 2" in text


def test_forward_pass_imported_by_name_is_refused_by_the_visible_check():
    """`from bpcourse.mlp import forward_pass` escapes the swap of the module attribute; the
    call watch still sees it (before, only the graders' hidden test did)."""
    from bpcourse.mlp import forward_pass

    def forward_batch(X, W0, b0, W1, b1):
        Z, A = forward_pass([W0, W1], [b0, b1], ["tanh", "identity"], X)
        return A[1], A[2]
    with pytest.raises(CheckFailed, match=r"calls bpcourse's `mlp\.forward_pass`"):
        checks.ch02_forward(forward_batch)
