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
import sys
import zlib
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from ._core import CheckFailed

__all__ = ["HIDDEN", "check", "package_calls", "passed_line", "hidden_cases"]

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


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(10 ** 6, 2 ** 31))     # the visible checks use seeds below 10**5


def _widths(rng) -> tuple:
    """2 to 6 layers, no two neighbouring widths equal, first and last different."""
    cases = []
    while len(cases) < 5:
        sizes = [int(p) for p in rng.integers(1, 1000, int(rng.integers(2, 7)))]
        if sizes[0] != sizes[-1] and all(a != b for a, b in zip(sizes, sizes[1:])):
            cases.append(sizes)
    return tuple(cases)


def _forward(rng) -> tuple:
    """(m, p0, p1, p2): W0 square in the first, one example in the second, W1 square in the
    third (as the visible problems, for the hints)."""
    m, p0, p1, p2 = (int(v) for v in rng.integers(2, 7, 4))
    return ((m, p0, p0, p2), (1, p0 + 1, p1, p2), (m + 1, p1, p2 + 1, p2 + 1))


def _neuron(rng) -> list:
    """(m, w, b, x seed, t seed): 5 problems of 2 to 30 examples, one of a single example."""
    cases = [(int(m), round(float(rng.uniform(-3, 3)), 2), round(float(rng.uniform(-2, 2)), 2),
              _seed(rng), _seed(rng)) for m in rng.integers(2, 31, 4)]
    return cases + [(1, round(float(rng.uniform(-3, 3)), 2), 0.0, _seed(rng), _seed(rng))]


def _softmax(rng) -> list:
    cases = [(int(m), int(K), float(rng.uniform(0.5, 3.0)), _seed(rng))
             for m, K in zip(rng.integers(2, 9, 3), rng.integers(2, 11, 3))]
    return cases + [(1, int(rng.integers(2, 6)), 1.5, _seed(rng)),
                    (int(rng.integers(2, 6)), int(rng.integers(5, 12)), 400.0, _seed(rng))]


def _he(rng) -> list:
    return [(int(rng.integers(20, 800)), int(rng.integers(20, 300)), _seed(rng)) for _ in range(3)]


def _stopping(rng) -> list:
    cases = []
    for _ in range(6):
        steps = rng.normal(-0.25, 0.4, size=int(rng.integers(4, 13)))
        costs = np.round(3.0 + np.cumsum(steps), 1)       # one decimal: ties happen
        cases.append(([float(c) for c in costs], int(rng.integers(1, 5))))
    return cases


def _bn(rng) -> list:
    return [(int(rng.integers(2, 9)), int(rng.integers(1, 7)), _seed(rng)) for _ in range(3)]


def _conv(rng) -> list:
    cases = []
    for _ in range(3):
        H, W = (int(v) for v in rng.integers(3, 7, 2))
        kh, kw = int(rng.integers(1, H + 1)), int(rng.integers(1, W + 1))
        N, C, F = (int(v) for v in rng.integers(1, 4, 3))
        cases.append(((N, C, H, W, F, kh, kw), _seed(rng)))
    return cases


def _rnn(rng) -> list:
    return [(int(rng.integers(1, 4)), int(rng.integers(1, 6)), int(rng.integers(1, 4)),
             int(rng.integers(2, 5)), _seed(rng)) for _ in range(3)]


def _jacobian(rng) -> list:
    return [(1, int(rng.integers(2, 7)), int(rng.integers(1, 4)), int(rng.integers(2, 5)),
             _seed(rng)) for _ in range(3)]


#: the checks with hidden tests: {check name: how its problems are redrawn}
HIDDEN: dict[str, Hidden] = {
    "ch01_n_params": Hidden("_SIZES", _widths, (), "5 other networks of 2 to 6 layers"),
    "ch02_forward": Hidden("_SHAPES", _forward, ("activations",),
                           "3 batches and layers of other shapes"),
    "ch04_pattern_detectors": Hidden(
        "Ds", lambda rng: tuple(sorted(int(d) for d in rng.choice([6, 7, 8], 2, replace=False))),
        ("chapters.constructions.all_patterns",), "two of D = 6, 7, 8", keyword=True),
    "ch04_parity_counting": Hidden(
        "Ds", lambda rng: tuple(sorted(int(d) for d in rng.choice([7, 8, 9], 2, replace=False))),
        ("mlp", "chapters.constructions.all_patterns"), "two of D = 7, 8, 9", keyword=True),
    "ch05_neuron_gradient": Hidden("GRADIENT_CASES", _neuron, ("activations",),
                                   "5 other problems (w, b, x, t and m, one of a single "
                                   "example)"),
    "ch12_softmax_delta": Hidden("SOFTMAX_CASES", _softmax, ("activations",),
                                 "5 batches of other sizes and logits (one m = 1, one with "
                                 "logits in the hundreds)"),
    "ch13_he_weights": Hidden("HE_CASES", _he, (), "3 other layer sizes and seeds"),
    "ch13_early_stopping": Hidden("STOPPING_CASES", _stopping, (),
                                  "6 other validation curves (ties included) and patiences"),
    "ch14_bn_backward": Hidden("BN_CASES", _bn, (), "3 other batches (sizes, γ, bars)"),
    "ch14_conv_weight_grad": Hidden("CONV_CASES", _conv, (),
                                    "3 other images, kernels and batch sizes"),
    "ch15_relu_rnn_backward": Hidden("SIZES", _rnn, (),
                                     "3 other sequences (batch, length, sizes, weights)"),
    "ch15_state_jacobian": Hidden("JACOBIAN_CASES", _jacobian, (),
                                  "3 other sequences, each at steps 1, T - 1 and T"),
}


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
