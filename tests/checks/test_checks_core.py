"""bpcourse.checks._core: what a student sees for right and wrong answers.

A right answer prints one "✓ <what>: correct." line; a wrong one raises an AssertionError
(CheckFailed) whose message says what differs, where, by how much (relative error), and gives a
hint when the answer is transposed, mis-shaped, or equal to a known mistake. IPython shows it as
the one line "✗ <message>" (CheckFailed._render_traceback_), not as a traceback. The expected
value is shown only in instructor mode (SHOW_EXPECTED), never on a retry in self-study mode.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bpcourse import activations
from bpcourse.checks import CheckFailed, _core, check_array, check_scalar, check_true

INSTRUCTORS = Path(__file__).resolve().parents[2] / "book" / "instructors.md"
A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])


def failure(capsys, fn, *args, **kwargs) -> str:
    """Run a failing check; return its message after asserting how IPython shows it."""
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    assert isinstance(info.value, CheckFailed)
    message = str(info.value)
    assert capsys.readouterr().out == ""                      # nothing printed twice
    assert info.value._render_traceback_() == [f"✗ {message}"]
    return message


def test_right_answer_prints_a_confirmation_and_raises_nothing(capsys):
    assert check_array("dW", A.tolist(), A) is None          # lists are fine
    check_array("dW", A * (1 + 1e-8), A)                      # within rtol=1e-6
    check_scalar("J", 0.25, np.float64(0.25))
    check_true("symmetry", True, "unused")
    assert capsys.readouterr().out == ("✓ dW: correct.\n✓ dW: correct.\n"
                                       "✓ J: correct.\n✓ symmetry: correct.\n")


@pytest.fixture
def instructor_mode(monkeypatch):
    monkeypatch.setattr(_core, "SHOW_EXPECTED", True)


def test_wrong_entries_are_located_with_their_relative_error(capsys):
    wrong = A.copy()
    wrong[1, 2] = 6.5
    rel = abs(6.5 - A[1, 2]) / A[1, 2]
    assert failure(capsys, check_array, "dW", wrong, A) == (
        f"dW: 1 of 6 entries differ; it is entry (1, 2): got 6.5 (relative error {rel:.1g})")
    wrong[0, 1] = -2.0
    assert "2 of 6 entries differ; the first is entry (0, 1): got -2 (relative error 2)" \
        in failure(capsys, check_array, "dW", wrong, A)


def test_instructor_mode_shows_the_expected_value(capsys, instructor_mode):
    wrong = A.copy()
    wrong[1, 2] = 6.5
    assert failure(capsys, check_array, "dW", wrong, A) == (
        "dW: 1 of 6 entries differ; it is entry (1, 2): got 6.5, expected 6 (off by +0.5)")
    assert failure(capsys, check_scalar, "J", 2.0, 1.5) == "J: got 2, expected 1.5 (off by +0.5)"


def test_self_study_mode_never_shows_the_expected_value_nor_more_digits(capsys):
    """A student who types in what the message showed gets no closer: no expected value is
    printed, and a near miss prints its own value with no more digits than a far one."""
    expected = np.float64(-0.1250737)
    first = failure(capsys, check_scalar, "dJ/dw", -1.50085, expected)
    assert "expected" not in first and "-0.125" not in first and "0.1250" not in first
    near = failure(capsys, check_scalar, "dJ/dw", -0.12508, expected)
    assert near == ("dJ/dw: got -0.12508 (relative error 5e-05)"   # the student's own 5 digits
                    f"\nHint: {_core.NEARLY}")
    assert "expected" not in near and "0.1250737" not in near
    array = failure(capsys, check_array, "dW", A + 1e-3, A)
    assert "expected" not in array and "relative error" in array
    assert "off by 0.3" in failure(capsys, check_array, "b", [0.3, 1.0], [0.0, 1.0])


def test_just_outside_the_tolerance_fails(capsys):
    assert "relative error 0.0001" in failure(capsys, check_array, "dW", A * (1 + 1e-4), A)


def test_transposed_answer_gets_the_transpose_hint(capsys):
    assert failure(capsys, check_array, "dW", A.T, A) == (
        "dW: shape (3, 2), expected (2, 3). Hint: the shape is transposed; check the order "
        "of the factors (or a missing .T)")


def test_right_size_wrong_shape_gets_the_reshape_hint(capsys):
    message = failure(capsys, check_array, "b", A.ravel(), A)
    assert message.startswith("b: shape (6,), expected (2, 3).")
    assert "Hint: the right number of entries in the wrong shape; check your reshape" in message
    column = failure(capsys, check_array, "b", np.ones((3, 1)), np.ones(3))
    assert "shape (3, 1), expected (3,)" in column and "reshape" in column


def test_wrong_size_states_both_shapes_without_a_hint(capsys):
    assert failure(capsys, check_array, "dW", np.ones((2, 2)), A) == (
        "dW: shape (2, 2), expected (2, 3)")


def test_known_mistakes_get_their_hint_and_only_theirs(capsys):
    mistakes = [(2 * A, "you doubled it"), (A / 2, "you forgot the factor 2 of the square"),
                (np.ones(3), "wrong shape, never matches")]
    message = failure(capsys, check_array, "dW", A / 2, A, mistakes=mistakes)
    assert message.endswith("\nHint: you forgot the factor 2 of the square")
    assert "doubled" not in message
    other = failure(capsys, check_array, "dW", A + 1, A, mistakes=mistakes)
    assert "Hint" not in other                               # an unknown mistake: no guess
    first = failure(capsys, check_array, "dW", 2 * A, A,
                    mistakes=[(2 * A, "first"), (2 * A, "second")])
    assert first.endswith("Hint: first")


def test_scalar_messages_and_one_element_arrays(capsys):
    assert failure(capsys, check_scalar, "J", 2.0, 1.5,
                   mistakes=[(2.0, "did you forget the 1/m?")]) == (
        "J: got 2 (relative error 0.3)\nHint: did you forget the 1/m?")
    check_scalar("J", np.array([[1.5]]), 1.5)                 # a 1x1 array counts as a number
    assert capsys.readouterr().out == "✓ J: correct.\n"
    assert "shape (2,), expected ()" in failure(capsys, check_scalar, "J", [1.5, 1.5], 1.5)


@pytest.mark.parametrize("answer", [None, ...])
def test_no_answer_yet(capsys, answer):
    assert failure(capsys, check_array, "delta", answer, A) == (
        "delta is not answered yet: compute it in the exercise cell above and run that cell")


@pytest.mark.parametrize("answer, kind", [("abc", "str"), (len, "builtin_function_or_method"),
                                          ({"a": 1}, "dict")])
def test_not_numbers_are_named(capsys, answer, kind):
    assert failure(capsys, check_array, "delta", answer, A).startswith(
        f"delta: expected numbers, got {kind} ")


def test_nan_answer_fails_and_says_so(capsys):
    wrong = A.copy()
    wrong[0, 0] = np.nan
    assert "entry (0, 0): got nan" in failure(capsys, check_array, "dW", wrong, A)


def test_check_true_failure(capsys):
    assert failure(capsys, check_true, "symmetry", False, "the hidden units differ") == (
        "symmetry: the hidden units differ")


def test_the_example_on_the_instructors_page_is_what_a_student_sees(capsys):
    """book/instructors.md shows these messages verbatim; keep them in step with the core."""
    from bpcourse.checks._core import call
    page = INSTRUCTORS.read_text(encoding="utf-8")

    def check_mse(mse):                                         # the page's example check
        y, t = np.array([0.2, 0.9, 0.4]), np.array([0.0, 1.0, 1.0])
        got = call("mse", mse, y, t)
        check_scalar("mse(y, t)", got, np.mean((y - t) ** 2), mistakes=[
            (np.sum((y - t) ** 2), "J is the mean over the examples: divide the sum by m"),
            (np.mean(y - t) ** 2, "square each difference, then average")])
    assert "    got = call(\"mse\", mse, y, t)\n" in page

    def not_yet(y, t):
        raise NotImplementedError()
    check_mse(lambda y, t: np.mean((y - t) ** 2))
    shown = capsys.readouterr().out.splitlines()
    for wrong in (lambda y, t: np.sum((y - t) ** 2), not_yet):
        with pytest.raises(CheckFailed) as info:
            check_mse(wrong)
        shown += info.value._render_traceback_()[0].splitlines()
    with pytest.raises(CheckFailed) as info:
        check_array("dW", np.arange(6.0).reshape(2, 3).T, np.arange(6.0).reshape(2, 3))
    shown += info.value._render_traceback_()
    assert len(shown) == 5                                      # 1 + 2 + 1 + 1 lines
    for line in shown:
        assert f"\n{line}\n" in page, f"instructors.md does not show {line!r}"


def test_otherwise_is_the_hint_when_no_mistake_matches(capsys):
    message = failure(capsys, check_array, "dW", A + 1, A, mistakes=[(2 * A, "doubled")],
                      otherwise="right for lr = 0.5 but not for lr = 0.1")
    assert message.endswith("\nHint: right for lr = 0.5 but not for lr = 0.1")
    assert failure(capsys, check_array, "dW", 2 * A, A, mistakes=[(2 * A, "doubled")],
                   otherwise="unused").endswith("Hint: doubled")
    assert failure(capsys, check_array, "g", np.ones(4), np.ones(6), otherwise="theta changed") == (
        "g: shape (4,), expected (6,)\nHint: theta changed")


def test_compare_parts_names_the_array_and_its_entry(capsys):
    W, b = A.copy(), np.array([1.0, 2.0])
    W2 = W.copy()
    W2[0, 2] += 1.0
    message = failure(capsys, _core.compare_parts, "after one epoch", [W, b * 2], [W, b],
                      ["W^(0)", "b^(0)"], mistakes=[([W, b * 3], "tripled"), ([W, b * 2], "doubled")])
    assert message == ("after one epoch: b^(0): 2 of 2 entries differ; the first is entry (0,): "
                       "got 2 (relative error 1)\nHint: doubled")
    assert failure(capsys, _core.compare_parts, "p", [W2, b], [W, b], ["W^(0)", "b^(0)"],
                   otherwise="which batch").startswith("p: W^(0): 1 of 6 entries differ; it is "
                                                       "entry (0, 2)")
    assert "b^(0) has shape (3,), expected (2,)" in failure(
        capsys, _core.compare_parts, "p", [W, np.ones(3)], [W, b], ["W^(0)", "b^(0)"])
    _core.compare_parts("p", [W, b], [W, b], ["W^(0)", "b^(0)"])
    assert capsys.readouterr().out == ""                      # silent when right


def test_changed_argument_names_the_one_argument_that_changed():
    hint = _core.changed_argument(dict(lr=0.5, loss="bce"), dict(lr=0.1, loss="bce"), "sgd_epoch")
    assert hint.startswith("sgd_epoch is right with lr = 0.5 but not with lr = 0.1")
    assert "`lr` argument" in hint
    assert _core.changed_argument(dict(lr=0.5, loss="bce"), dict(lr=0.1, loss="mse"), "f") is None
