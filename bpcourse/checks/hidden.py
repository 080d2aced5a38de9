"""Hidden tests for the autograders: each function-answer check run again on unseen problems.

The nbgrader and Otter editions (``instructor/assign.py``) add to the check cell of every
exercise listed in ``HIDDEN`` a hidden test, ``hidden.check("chNN_name", answer, seed=S)``:
the same check, its problems (sizes, seeds, curves) drawn from ``S`` and the check's name
instead of the visible ones, and the student's function watched while it runs. It scores
nothing when

- the answer is not a function of its inputs (values typed in from the visible check, an
  argument ignored): the hidden problems differ from the visible ones in every random entry
  and most sizes, so such an answer fails them;
- the answer calls bpcourse itself (an engine, a layer, a check, a chapter helper) to compute
  what the exercise asks: the failure is one line naming the function it called.

The check's own hints stay: a named mistake is named on the hidden problems too. A pass prints
one line, ``passed_line(name)`` (Otter compares it with the hidden test's stored output).
"""
from __future__ import annotations

import contextlib
import importlib
import io
import zlib
from typing import Callable

import numpy as np

from ._core import CheckFailed
from ._watch import Hidden, package_calls

__all__ = ["HIDDEN", "check", "package_calls", "passed_line", "hidden_cases"]

#: the chapters whose check modules may declare ``HIDDEN_TESTS``
CHAPTERS = tuple(f"ch{k:02d}" for k in range(1, 16))

#: the checks with hidden tests: {check name: how its problems are redrawn}, as each chapter's
#: check module declares them next to its visible problems
HIDDEN: dict[str, Hidden] = {
    name: spec for chapter in CHAPTERS
    for name, spec in getattr(importlib.import_module(f"{__package__}.{chapter}"),
                              "HIDDEN_TESTS", {}).items()}


def hidden_cases(name: str, seed: int) -> list:
    """The problems the hidden test of check ``name`` tries with ``seed``."""
    return HIDDEN[name].draw(np.random.default_rng([seed, zlib.crc32(name.encode())]))


def passed_line(name: str) -> str:
    """What a passed hidden test prints."""
    return f"✓ {name} on hidden inputs: correct."


class _Watched:
    """The student's function, failing when a call let bpcourse do the work."""

    def __init__(self, name: str, function: Callable, allowed: tuple[str, ...]):
        self.name, self.function, self.allowed = name, function, allowed
        self.__wrapped__ = function       # inspect.unwrap: checks that read the answer's code

    def __call__(self, *args):
        result, called = package_calls(self.function, *args, allowed=self.allowed)
        if called:
            raise CheckFailed(f"hidden test of {self.name}: scores nothing, the answer calls "
                              f"bpcourse's `{called[0]}` to do what the exercise asks")
        return result


def check(name: str, *answers, seed: int = 0) -> None:
    """Run check ``name`` on the answers, with its problems redrawn from ``seed``."""
    spec = HIDDEN[name]
    module = importlib.import_module(f"{__package__}.{name[:4]}")
    watched = [_Watched(name, a, spec.allowed) if callable(a) else a for a in answers]
    visible = getattr(module, spec.attribute, None)
    cases = hidden_cases(name, seed)
    if not spec.keyword:
        setattr(module, spec.attribute, cases)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            getattr(module, name)(*watched, **({spec.attribute: cases} if spec.keyword else {}))
    except CheckFailed as e:
        message = str(e)
        if not message.startswith("hidden test"):
            message = f"hidden test of {name} (inputs you have not seen): {message}"
        raise type(e)(message) from None
    finally:
        if not spec.keyword:
            setattr(module, spec.attribute, visible)
    print(passed_line(name))
