"""The machinery behind every exercise check: compare, explain, and fail like an autograder.

A check compares the student's answer with a reference computed by bpcourse (never a stored
literal). On success it prints a short confirmation. On failure it raises ``AssertionError``
whose message says what differs (shape, which entry, by how much) and, when the answer
matches a known mistake (each computed from the same inputs), a hint about that mistake.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np


class CheckFailed(AssertionError):
    """An exercise answer that does not match; the message is the feedback."""


def _fail(message: str):
    print("✗ " + message)
    raise CheckFailed(message)


def check_array(name: str, answer, expected, mistakes: Iterable[tuple[object, str]] = (),
                rtol: float = 1e-6, atol: float = 1e-9) -> None:
    """Compare ``answer`` with ``expected``; explain any difference.

    ``mistakes`` lists (wrong_value, hint) pairs: what the answer would be after a usual
    mistake (a missing g'(z), a forgotten 1/m, ...), each computed from the same inputs.
    """
    expected = np.asarray(expected, dtype=np.float64)
    if answer is None or answer is Ellipsis:
        _fail(f"{name}: no answer yet (got {answer!r}); compute it in the cell above")
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
        print(f"✓ {name} is correct.")
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
    print(f"✓ {name} is correct.")


def _where(name: str, got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> str:
    if got.ndim == 0:
        return (f"{name}: got {got.item():.6g}, expected {expected.item():.6g} "
                f"(off by {got.item() - expected.item():+.3g})")
    wrong = ~np.isclose(got, expected, rtol=rtol, atol=atol)
    idx = tuple(int(i) for i in np.argwhere(wrong)[0])
    return (f"{name}: {int(wrong.sum())} of {got.size} entries differ; the first is at index "
            f"{idx}: got {got[idx]:.6g}, expected {expected[idx]:.6g} "
            f"(off by {got[idx] - expected[idx]:+.3g})")
