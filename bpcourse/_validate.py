"""Input checks shared by the package: every refusal names the problem and the expectation.

Nothing here broadcasts or reshapes what the user gave: an array of the wrong shape is
refused with a message saying which shape was expected.
"""
from __future__ import annotations

import math
import numbers

import numpy as np


def floats(name: str, A, what: str) -> np.ndarray:
    """``A`` as a float64 array, or a TypeError saying it must be ``what``."""
    if isinstance(A, (str, bytes)) or A is None:
        raise TypeError(f"{name} must be {what}, got {type(A).__name__}")
    try:
        return np.asarray(A, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise TypeError(f"{name} must be {what} ({e})") from None


def as_batch(name: str, A, width: int | None = None) -> np.ndarray:
    """Return ``A`` as a float64 array of shape (m, width), m >= 1, all entries finite."""
    A = floats(name, A, "a 2-D array of numbers")
    expected = f"(m, {width})" if width is not None else "(m, n)"
    if A.ndim != 2:
        hint = ""
        if A.ndim == 1 and width is not None:
            hint = (f"; for m examples with {width} feature(s) each use "
                    f"{name}.reshape(-1, {width})" if width == 1 else
                    f"; a single example is {name}.reshape(1, {width})")
        raise ValueError(f"{name} must be 2-D with shape {expected} (rows are examples), "
                         f"got shape {A.shape}{hint}")
    if A.shape[0] == 0:
        raise ValueError(f"{name} is an empty batch (0 rows); expected at least one example")
    if width is not None and A.shape[1] != width:
        raise ValueError(f"{name} has {A.shape[1]} column(s) but {width} were expected: "
                         f"shape {A.shape}, expected {expected}")
    if not all_finite(A):
        bad = np.argwhere(~np.isfinite(A))[0]
        raise ValueError(f"{name} contains NaN or inf (first at row {bad[0]}, column {bad[1]}); "
                         f"expected finite numbers")
    return A


def all_finite(A: np.ndarray) -> bool:
    """True if no entry is NaN or inf. A finite sum proves it at once; otherwise look closer."""
    return math.isfinite(np.add.reduce(A, axis=None)) or bool(np.isfinite(A).all())


def same_rows(X: np.ndarray, T: np.ndarray) -> None:
    """Refuse X and T whose numbers of examples differ."""
    if X.shape[0] != T.shape[0]:
        raise ValueError(f"X has {X.shape[0]} examples but T has {T.shape[0]}; "
                         f"they must have the same number of rows")


def layer_widths(sizes) -> list[int]:
    """Return ``sizes`` as a list of ints if it lists two or more positive integer widths."""
    if not isinstance(sizes, (list, tuple)):
        raise TypeError(f"sizes must be a list of layer widths such as [2, 3, 1], got {sizes!r}")
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output width, got {list(sizes)}")
    for s in sizes:
        if isinstance(s, bool) or not isinstance(s, numbers.Integral) or s < 1:
            raise ValueError(f"every layer width must be a positive integer, got sizes={list(sizes)}")
    return [int(s) for s in sizes]


def at_most(name: str, value, bound, what: str):
    """Return ``value`` unless it is larger than ``bound`` (the number of ``what``)."""
    if value > bound:
        raise ValueError(f"{name} {value} is larger than the {bound} {what}")
    return value


def number(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite real number; refuse otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def positive(name: str, value, integer: bool = False):
    """Return ``value`` if it is a positive number (an int if ``integer``); refuse otherwise."""
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        what = "a positive integer" if integer else "a positive number"
        raise TypeError(f"{name} must be {what}, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        what = "a positive integer" if integer else "a positive, finite number"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return value


def non_negative(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number >= 0; refuse otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number >= 0, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def choice(name: str, value, options) -> str:
    """Return ``value`` if it is one of the names in ``options``; refuse otherwise."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {sorted(options)}; got {value!r}")
    if value not in options:
        raise ValueError(f"unknown {name} {value!r}; expected one of {sorted(options)}")
    return value


def array(name: str, A, ndim: int | None = None, shape=None) -> np.ndarray:
    """Return ``A`` as a non-empty, finite float64 array; ``shape`` a tuple (exact) or a label."""
    A = floats(name, A, "an array of numbers")
    if isinstance(shape, tuple) and A.shape != shape:
        raise ValueError(f"{name} has shape {A.shape}; expected {shape}")
    if ndim is not None and A.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D with shape {shape}, got shape {A.shape}")
    if A.size == 0:
        raise ValueError(f"{name} is empty (shape {A.shape}); expected at least one entry")
    if not all_finite(A):
        raise ValueError(f"{name} contains NaN or inf; expected finite numbers")
    return A


def fraction(name: str, value) -> float:
    """Return ``value`` as a float if it is a number in [0, 1); refuse otherwise."""
    value = non_negative(name, value)
    if value >= 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def pair(name: str, value, names: tuple[str, str]) -> tuple:
    """Return ``value`` if it is a pair (a sequence of two items, named ``names``)."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(f"{name} must be a pair of numbers ({', '.join(names)}), got {value!r}")
    return tuple(value)


def function(name: str, value, what: str):
    """Return ``value`` if it can be called; refuse otherwise (``what`` says what it computes)."""
    if not callable(value):
        raise TypeError(f"{name} must be {what}, got {value!r}")
    return value


def one_per_row(name: str, A, m: int) -> np.ndarray:
    """Return ``A`` as an array of 1 or 2 dimensions with ``m`` rows (one per example)."""
    A = np.asarray(A)
    if A.ndim not in (1, 2) or len(A) != m:
        raise ValueError(f"{name} must hold one target per example of X: {m} rows, got shape "
                         f"{A.shape}")
    return A
