"""The machinery behind every exercise check: compare, explain, and fail like an autograder.

A check compares the student's answer with a reference computed by bpcourse (never a stored
literal). On success it prints one line, ``✓ <what>: correct.``. On failure it raises
``CheckFailed`` (an ``AssertionError``) whose message says what differs (shape, which entry, by
how much) and, when the answer matches a known mistake (each computed from the same inputs), a
hint about that mistake. In a notebook IPython shows only ``✗ <message>`` (the exception's
``_render_traceback_``), not a traceback through the checks; an autograder (nbgrader, otter)
still sees the exception, so the cell counts as failed.

An exercise that is not answered yet (an answer still ``None`` or ``...``, a function that
raises ``NotImplementedError``) fails with ``NotAnswered``: one line saying what to write.

What a failure shows. By default (self-study) it says what is wrong and by how much: the shape,
which entry differs, the student's own value there, the relative error (one significant digit,
``|got - expected| / |expected|``, or the absolute difference where the expected entry is 0) and
the named mistake; it never shows the expected value, so a retry cannot copy it (and a retry
never shows more digits than the first try). An instructor who wants the expected value shown
(e.g. for a worked demonstration) turns it on with the environment variable
``BPCOURSE_SHOW_EXPECTED=1`` before importing ``bpcourse``, or by setting
``bpcourse.checks._core.SHOW_EXPECTED = True``; then the message reads ``got a, expected e (off
by d)`` as before.

A function answer is checked on several problems; ``changed_argument`` names the one argument
that differs between a problem the answer got right and the one it got wrong, the hint when no
named mistake matches.
"""
from __future__ import annotations

import os
import traceback
from typing import Callable, Iterable, Sequence

import numpy as np

#: Show the expected value in failure messages (instructor mode); off for self-study. Set it here
#: or with the environment variable BPCOURSE_SHOW_EXPECTED=1.
SHOW_EXPECTED = os.environ.get("BPCOURSE_SHOW_EXPECTED", "").strip().lower() in (
    "1", "true", "yes", "on")


class CheckFailed(AssertionError):
    """An exercise answer that does not match; the message is the feedback."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the feedback, marked ✗."""
        return ["✗ " + str(self)]


class NotAnswered(CheckFailed):
    """An exercise the student has not answered yet."""


def _fail(message: str):
    raise CheckFailed(message)


def passed(what: str) -> None:
    """Print the one-line confirmation of a right answer."""
    print(f"✓ {what}: correct.")


def answered(name: str, value, what: str):
    """Return ``value``, or fail with "not answered yet" when it is still None or ``...``."""
    if value is None or value is Ellipsis:
        raise NotAnswered(f"{name} is not answered yet: {what}")
    return value


def call(name: str, function, *args, on_error: Callable[[Exception], str | None] = lambda e: None):
    """Call the student's ``function(*args)``; turn its failures into one-line feedback.

    ``NotImplementedError`` means the body is still the stub; any other exception is reported
    with the line of the student's code that raised it and, when ``on_error(e)`` gives one, a
    hint. The original exception stays attached (``__cause__``) for anyone debugging.
    """
    if function is None or function is Ellipsis:
        raise NotAnswered(f"{name} is not answered yet: define the function {name} in the "
                          f"exercise cell above and run that cell")
    if not callable(function):
        _fail(f"{name}: expected a function, got {type(function).__name__} {function!r}")
    try:
        return function(*args)
    except NotImplementedError:
        raise NotAnswered(f"{name} is not answered yet: replace `raise NotImplementedError()` "
                          f"in the exercise cell above with your code, then run that cell"
                          ) from None
    except CheckFailed:
        raise
    except Exception as e:                 # the student's own bug: say where, not how we got there
        frames = [f for f in traceback.extract_tb(e.__traceback__)
                  if "bpcourse" not in f.filename.replace("\\", "/").split("/")[-3:-1]
                  and "site-packages" not in f.filename]
        where = f" at `{frames[-1].line}`" if frames and frames[-1].line else ""
        hint = on_error(e)
        raise CheckFailed(f"{name}: your code raised {type(e).__name__}{where}: {e}"
                          + (f"\nHint: {hint}" if hint else "")) from e


def call_watched(name: str, function, *args, allowed: tuple[str, ...] = (),
                 on_error: Callable[[Exception], str | None] = lambda e: None):
    """``call(name, function, *args)`` and the bpcourse functions the answer called itself
    (``_watch.package_calls``, except those in ``allowed``); the checks' own functions, which
    the tests hand in as answers, do not count."""
    from ._watch import package_calls
    result, called = package_calls(lambda *a: call(name, function, *a, on_error=on_error),
                                   *args, allowed=allowed)
    return result, [c for c in called if c.split(".")[0] != "checks"]


def refuse_package(name: str, called: list[str], task: str) -> None:
    """Fail when the answer let bpcourse do the work the exercise asks for."""
    if called:
        _fail(f"{name} calls bpcourse's `{called[0]}`; the exercise is to {task} yourself")


def returned(name: str, value):
    """Fail when a function the student wrote returned None (usually a print instead of a return)."""
    if value is None:
        _fail(f"{name} returned None: end the function with `return ...` (printing the result "
              f"does not hand it back to the caller)")
    return value


def check_array(name: str, answer, expected, mistakes: Iterable[tuple[object, str]] = (),
                rtol: float = 1e-6, atol: float = 1e-9, otherwise: str | None = None) -> None:
    """Compare ``answer`` with ``expected``; print the confirmation or explain the difference.

    ``mistakes`` lists (wrong_value, hint) pairs: what the answer would be after a usual
    mistake (a missing g'(z), a forgotten 1/m, ...), each computed from the same inputs.
    ``otherwise`` is the hint when none of them matches (e.g. which argument changed the result).
    """
    compare(name, answer, expected, mistakes, rtol, atol, otherwise)
    passed(name)


def compare(name: str, answer, expected, mistakes: Iterable[tuple[object, str]] = (),
            rtol: float = 1e-6, atol: float = 1e-9, otherwise: str | None = None) -> None:
    """``check_array`` without the confirmation: silent when right (one of several problems)."""
    expected = np.asarray(expected, dtype=np.float64)
    answered(name, answer, "compute it in the exercise cell above and run that cell")
    got = None
    if not isinstance(answer, (str, bytes)):
        try:
            got = np.asarray(answer, dtype=np.float64)
        except (TypeError, ValueError):
            pass
    if got is None:
        _fail(f"{name}: expected numbers, got {type(answer).__name__} {answer!r}")
    if got.shape != expected.shape:
        msg = f"{name}: shape {got.shape}, expected {expected.shape}"
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            msg += ". Hint: the shape is transposed; check the order of the factors (or a missing .T)"
        elif got.size == expected.size:
            msg += ". Hint: the right number of entries in the wrong shape; check your reshape"
        elif otherwise:
            msg += f"\nHint: {otherwise}"
        _fail(msg)
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        return
    hint = matching_hint([got], [([w], h) for w, h in mistakes], rtol, atol)
    if hint is None and np.allclose(got, expected, rtol=1e-3, atol=atol):
        hint = NEARLY
    hint = hint or otherwise
    _fail(_where(name, got, expected, rtol, atol) + (f"\nHint: {hint}" if hint else ""))


#: the hint for an answer within 0.1% of the right one that matches no named mistake
NEARLY = ("within 0.1% but not to the tolerance: a rounded value somewhere? Compute with the "
          "variables at full precision, not with numbers typed in from a printout")


def matching_hint(got: Sequence, mistakes: Iterable[tuple[object, str]], rtol: float = 1e-6,
                  atol: float = 1e-9) -> str | None:
    """The hint of the first mistake equal to ``got``, or None: ``got`` and each mistake's value
    are lists of arrays (one per part)."""
    for wrong, hint in mistakes:
        if len(wrong) != len(got):
            continue
        parts = [np.asarray(w, dtype=np.float64) for w in wrong]
        if all(w.shape == np.shape(g) and np.allclose(g, w, rtol=rtol, atol=atol)
               for w, g in zip(parts, got)):
            return hint
    return None


def compare_parts(name: str, got: Sequence, expected: Sequence, part_names: Sequence[str],
                  mistakes: Iterable[tuple[Sequence, str]] = (), rtol: float = 1e-6,
                  atol: float = 1e-9, otherwise: str | None = None) -> None:
    """Compare several named arrays (e.g. every W^(l) and b^(l)); silent when all are right.

    The message names the first part that differs and its entry; the hint is that of a mistake
    whose every part matches (each mistake a list of arrays), else ``otherwise``.
    """
    got = [np.asarray(g, dtype=np.float64) for g in got]
    for g, e, part in zip(got, expected, part_names):
        if g.shape != np.shape(e):
            _fail(f"{name}: {part} has shape {g.shape}, expected {np.shape(e)}")
    for g, e, part in zip(got, expected, part_names):
        e = np.asarray(e, dtype=np.float64)
        if not np.allclose(g, e, rtol=rtol, atol=atol):
            hint = matching_hint(got, mistakes, rtol, atol) or otherwise
            _fail(_where(f"{name}: {part}", g, e, rtol, atol)
                  + (f"\nHint: {hint}" if hint else ""))


def changed_argument(right: dict, wrong: dict, function: str) -> str | None:
    """The hint for a function right on problem ``right`` but wrong on ``wrong``, when the two
    differ in one argument: that argument changed the result, so the function may ignore it."""
    changed = [k for k in wrong if k in right and not _same(wrong[k], right[k])]
    if len(changed) != 1:
        return None
    k = changed[0]
    return (f"{function} is right with {k} = {_show(right[k])} but not with {k} = "
            f"{_show(wrong[k])}, all else equal: does it use its `{k}` argument (and not a "
            f"value of the chapter's)?")


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.shape(a) == np.shape(b) and np.array_equal(a, b)
    return a == b


def _show(value) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if callable(value):
        return getattr(value, "__doc__", None) or getattr(value, "__name__", "a function")
    return repr(value)


def check_scalar(name: str, answer, expected: float, mistakes=(), rtol: float = 1e-6,
                 atol: float = 1e-9, otherwise: str | None = None) -> None:
    """``check_array`` for a single number."""
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.reshape(())
    check_array(name, answer, np.float64(expected), mistakes, rtol, atol, otherwise)


def check_true(name: str, condition: bool, message: str) -> None:
    """Pass if ``condition``; otherwise fail with ``message``."""
    if not condition:
        _fail(f"{name}: {message}")
    passed(name)


def _where(name: str, got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    """Where and by how much ``got`` differs; the expected value only in instructor mode."""
    if got.ndim == 0:
        return f"{name}: got {_off(got.item(), expected.item())}"
    wrong = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    idx = tuple(int(i) for i in np.argwhere(wrong)[0])
    first = "the first is" if wrong.sum() > 1 else "it is"
    return (f"{name}: {int(wrong.sum())} of {got.size} entries differ; {first} entry {idx}: got "
            f"{_off(got[idx], expected[idx])}")


def _off(a: float, e: float) -> str:
    """``a`` and how far it is from ``e``: relative error by default, ``e`` itself if shown."""
    if SHOW_EXPECTED:
        digits = 6
        while digits < 12 and f"{a:.{digits}g}" == f"{e:.{digits}g}":
            digits += 2                    # close numbers must not print the same
        return f"{a:.{digits}g}, expected {e:.{digits}g} (off by {a - e:+.3g})"
    if not np.isfinite(a):
        return f"{a:.6g}"
    if e == 0:
        return f"{a:.6g} (off by {abs(a - e):.1g})"
    return f"{a:.6g} (relative error {abs(a - e) / abs(e):.1g})"
