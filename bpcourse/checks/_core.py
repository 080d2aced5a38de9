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
"""
from __future__ import annotations

import traceback
from typing import Callable, Iterable

import numpy as np


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


def returned(name: str, value):
    """Fail when a function the student wrote returned None (usually a print instead of a return)."""
    if value is None:
        _fail(f"{name} returned None: end the function with `return ...` (printing the result "
              f"does not hand it back to the caller)")
    return value


def check_array(name: str, answer, expected, mistakes: Iterable[tuple[object, str]] = (),
                rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Compare ``answer`` with ``expected``; explain any difference.

    ``mistakes`` lists (wrong_value, hint) pairs: what the answer would be after a usual
    mistake (a missing g'(z), a forgotten 1/m, ...), each computed from the same inputs.
    """
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
        _fail(msg)
    if np.allclose(got, expected, rtol=rtol, atol=atol):
        passed(name)
        return
    msg = _where(name, got, expected, rtol, atol)
    for wrong, hint in mistakes:
        wrong = np.asarray(wrong, dtype=np.float64)
        if wrong.shape == got.shape and np.allclose(got, wrong, rtol=rtol, atol=atol):
            msg += f"\nHint: {hint}"
            break
    _fail(msg)


def check_scalar(name: str, answer, expected: float, mistakes=(), rtol: float = 1e-6,
                 atol: float = 1e-9) -> None:
    """``check_array`` for a single number."""
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.reshape(())
    check_array(name, answer, np.float64(expected), mistakes, rtol, atol)


def check_true(name: str, condition: bool, message: str) -> None:
    """Pass if ``condition``; otherwise fail with ``message``."""
    if not condition:
        _fail(f"{name}: {message}")
    passed(name)


def _where(name: str, got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    digits = 6
    if got.ndim == 0:
        a, e = got.item(), expected.item()
        while digits < 12 and f"{a:.{digits}g}" == f"{e:.{digits}g}":
            digits += 2                    # close numbers must not print the same
        return (f"{name}: got {a:.{digits}g}, expected {e:.{digits}g} "
                f"(off by {a - e:+.3g})")
    wrong = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    idx = tuple(int(i) for i in np.argwhere(wrong)[0])
    a, e = got[idx], expected[idx]
    while digits < 12 and f"{a:.{digits}g}" == f"{e:.{digits}g}":
        digits += 2
    return (f"{name}: {int(wrong.sum())} of {got.size} entries differ; the first is at index "
            f"{idx}: got {a:.{digits}g}, expected {e:.{digits}g} (off by {a - e:+.3g})")
