"""The hidden tests (bpcourse.checks.hidden), in this process: what the graders' hidden test
cells run. test_graders.py runs the same submissions through nbgrader and Otter themselves."""
from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import numpy as np
import pytest

from bpcourse import activations, losses
from bpcourse.checks import CheckFailed, NotAnswered, hidden

from hidden_answers import EXERCISES, defined, reference_answers, submissions

ROOT = Path(__file__).resolve().parents[2]


def chapter_of(name: str) -> str:
    """The notebook (stem) of check ``name``'s chapter: ``ch12_...`` -> ``12_softmax_adam``."""
    return next(p.stem for p in (ROOT / "book").glob(f"{name[2:4]}_*.ipynb"))


def module(name: str):
    return importlib.import_module(f"bpcourse.checks.{name[:4]}")


def visible_cases(name: str):
    """The problems the visible check tries (a module constant, or the check's default)."""
    spec = hidden.HIDDEN[name]
    if spec.keyword:
        check = getattr(module(name), name)
        return inspect.signature(check).parameters[spec.attribute].default
    return getattr(module(name), spec.attribute)


def reference(name: str):
    """The book's reference answer to check ``name``, as a function."""
    source = reference_answers(chapter_of(name))[name]
    return defined(source, re.search(r"^def (\w+)", source, re.M)[1])


@pytest.mark.parametrize("name", sorted(hidden.HIDDEN))
def test_reference_passes_the_hidden_test_for_any_seed(name, capsys):
    answer = reference(name)
    visible = visible_cases(name)
    for seed in (0, 1, 2026, 987654321):
        hidden.check(name, answer, seed=seed)
        assert capsys.readouterr().out == hidden.passed_line(name) + "\n"
    assert visible_cases(name) is visible                         # put back


@pytest.mark.parametrize("name", sorted(hidden.HIDDEN))
def test_hidden_problems_are_new_and_follow_the_seed(name):
    visible = visible_cases(name)
    drawn = hidden.hidden_cases(name, 5)
    assert drawn == hidden.hidden_cases(name, 5)
    assert any(hidden.hidden_cases(name, seed) != drawn for seed in range(6, 9))
    assert len(drawn) >= 2 and not any(case in visible for case in drawn)
    seeded = [c for c in drawn if isinstance(c, tuple) and isinstance(c[-1], int)
              and c[-1] >= 10 ** 6]
    shapes = {repr(c[:-1]) if c in seeded else repr(c) for c in drawn}
    assert len(shapes) > 1                        # the sizes vary, not only the seeds


def _has_typed_in_answer(name: str) -> bool:
    """Every exercise but a random draw (He's weights: thousands of numbers, no typed-in form)."""
    subs = submissions(chapter_of(name))
    return subs["typed"][name] != subs["right"][name]


@pytest.mark.parametrize("name", [n for n in sorted(EXERCISES) if _has_typed_in_answer(n)])
def test_typed_in_values_pass_only_the_visible_check(name):
    subs = submissions(chapter_of(name))
    function = EXERCISES[name][0]
    typed = defined(subs["typed"][name], function)
    getattr(module(name), name)(typed)            # the visible check cannot tell
    with pytest.raises(CheckFailed, match=f"hidden test of {name}"):
        hidden.check(name, typed, seed=11)


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_an_engine_call_scores_nothing_and_says_why(name):
    subs = submissions(chapter_of(name))
    engine = defined(subs["engine"][name], EXERCISES[name][0])
    with pytest.raises(CheckFailed) as e:
        getattr(module(name), name)(engine)       # ch13 refuses it already; ch15 does not
        hidden.check(name, engine, seed=11)
    assert EXERCISES[name][2]["engine"] in str(e.value) and "\n" not in str(e.value)


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_a_named_mistake_keeps_its_hint_on_hidden_problems(name):
    subs = submissions(chapter_of(name))
    mistake = defined(subs["mistake"][name], EXERCISES[name][0])
    for run in (lambda: getattr(module(name), name)(mistake),
                lambda: hidden.check(name, mistake, seed=11)):
        with pytest.raises(CheckFailed, match=re.escape(EXERCISES[name][2]["mistake"])):
            run()


def test_softmax_may_call_activations_not_the_losses():
    def with_softmax(Z, T):
        return (activations.softmax(Z) - T) / len(Z)

    def with_losses(Z, T):
        return losses.output_delta("cross_entropy", Z, T, "softmax") / len(Z)

    hidden.check("ch12_softmax_delta", with_softmax, seed=3)
    with pytest.raises(CheckFailed, match="calls bpcourse's `losses.output_delta`"):
        hidden.check("ch12_softmax_delta", with_losses, seed=3)


def test_ignoring_an_argument_fails_the_hidden_problems():
    """A softmax_delta that divides by the m of the visible batches' first case."""
    def fixed_m(Z, T):
        return (activations.softmax(Z) - T) / 5
    with pytest.raises(CheckFailed, match="hidden test of ch12_softmax_delta"):
        hidden.check("ch12_softmax_delta", fixed_m, seed=3)


def test_unanswered_exercise_is_not_answered_in_the_hidden_test_too():
    def stub(Z, T):
        raise NotImplementedError()
    with pytest.raises(NotAnswered, match="not answered yet"):
        hidden.check("ch12_softmax_delta", stub, seed=3)


def test_package_calls_names_only_calls_from_outside_bpcourse():
    from bpcourse import layers
    X = np.ones((2, 3))

    def student(f):
        return f(X) + layers.dropout_forward(X, 0.5)[0]   # a function handed in: not counted

    _, called = hidden.package_calls(student, activations.sigmoid)
    assert called == ["layers.dropout_forward"]
    assert hidden.package_calls(student, activations.sigmoid, allowed=("layers",))[1] == []


def test_a_count_typed_in_for_the_visible_networks_fails_the_hidden_ones():
    from bpcourse.checks.ch01 import _SIZES
    seen = {tuple(sizes): sum(a * b + b for a, b in zip(sizes, sizes[1:])) for sizes in _SIZES}

    def n_params(sizes):
        return seen.get(tuple(sizes), 0)
    getattr(module("ch01_n_params"), "ch01_n_params")(n_params)
    with pytest.raises(CheckFailed, match="hidden test of ch01_n_params"):
        hidden.check("ch01_n_params", n_params, seed=4)


def test_every_checked_exercise_but_the_xor_design_has_a_hidden_test():
    """book/instructors.md: only chapter 3's XOR design (values, all four inputs checked)."""
    called = {m for p in (ROOT / "book").glob("[0-9]*.ipynb")
              for m in re.findall(r"checks\.(ch\d\d_\w+)\(", p.read_text())}
    assert len(called) > 20 and called - set(hidden.HIDDEN) == {"ch03_xor_weights"}
    assert set(hidden.HIDDEN) <= called


def test_a_call_of_an_activation_op_is_named_as_the_student_wrote_it():
    from bpcourse import autodiff

    def silu(x):
        return x * autodiff.sigmoid(x)
    _, called = hidden.package_calls(silu, autodiff.Node(np.array([0.5, -1.0])))
    assert called[0] == "autodiff.sigmoid" and "<locals>" not in " ".join(called)
