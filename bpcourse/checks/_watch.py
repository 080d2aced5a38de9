"""What the hidden tests stand on: watching an answer's calls into bpcourse, and how a check's
problems are redrawn (``Hidden``, declared by each chapter's check module as ``HIDDEN_TESTS``;
``hidden.py`` collects them)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

__all__ = ["Hidden", "package_calls", "new_seed"]

_PACKAGE = Path(__file__).resolve().parents[1]


def package_calls(function: Callable, *args,
                  allowed: tuple[str, ...] = ()) -> tuple[object, list[str]]:
    """``function(*args)`` and the bpcourse functions called directly from the caller's code.

    Each name is ``module.function`` (e.g. ``layers.batchnorm_backward``) of a bpcourse
    function called from outside bpcourse, unless its module's last part or its own name is in
    ``allowed`` (e.g. ``("activations", "chapters.constructions.all_patterns")``) or the
    function was handed to ``function`` as an argument.
    """
    given = {getattr(a, "__code__", None) for a in args} - {None}
    called: list[str] = []

    def profile(frame, event, arg) -> None:
        if event != "call" or frame.f_back is None or frame.f_code in given:
            return
        here, caller = Path(frame.f_code.co_filename), Path(frame.f_back.f_code.co_filename)
        if _PACKAGE in here.parents and _PACKAGE not in caller.parents:
            module = here.relative_to(_PACKAGE).with_suffix("").as_posix().replace("/", ".")
            qualified = f"{module}.{frame.f_code.co_qualname}"
            if module.split(".")[-1] not in allowed and qualified not in allowed:
                called.append(qualified)

    before = sys.getprofile()
    sys.setprofile(profile)
    try:
        result = function(*args)
    finally:
        sys.setprofile(before)
    return result, list(dict.fromkeys(called))


class Hidden(NamedTuple):
    """How a check's problems are redrawn: the module constant that lists them (or, with
    ``keyword``, the check's argument), a function of a generator that draws new ones, the
    bpcourse modules (or functions) an answer may call, and what is hidden."""
    attribute: str
    draw: Callable[[np.random.Generator], list]
    allowed: tuple[str, ...]
    what: str
    keyword: bool = False


def new_seed(rng: np.random.Generator) -> int:
    return int(rng.integers(10 ** 6, 2 ** 31))     # the visible checks use seeds below 10**5
