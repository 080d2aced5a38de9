"""The test suite itself: every test asserts something, and the markers say what each test needs.

A test function passes this check if its body (or a helper it calls, defined in the same file)
holds an ``assert``, a ``pytest.raises``/``warns``/``fail``, or a call whose name starts with
``assert`` or ``check`` (``np.testing.assert_allclose``, ``check_row``, nbval's cells...).
"""
from __future__ import annotations

import ast
import pathlib

TESTS = pathlib.Path(__file__).resolve().parents[1]
CHECKING_CALLS = ("raises", "warns", "fail", "skip", "importorskip")
CHECKING_PREFIXES = ("assert", "check", "expect")


def _called_name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _checks_directly(fn: ast.AST, checking: set[str]) -> bool:
    for node in ast.walk(fn):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = _called_name(node)
            if name in CHECKING_CALLS or name.startswith(CHECKING_PREFIXES) or name in checking:
                return True
    return False


def unchecked_tests(source: str) -> list[str]:
    """Names of the test functions in ``source`` that check nothing."""
    functions = [n for n in ast.walk(ast.parse(source))
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    checking: set[str] = set()
    while True:                                        # helpers that check, helpers calling them...
        found = {f.name for f in functions if _checks_directly(f, checking)}
        if found <= checking:
            break
        checking |= found
    return [f.name for f in functions if f.name.startswith("test") and f.name not in checking]


def test_every_test_checks_something():
    missing = [f"{path.relative_to(TESTS)}::{name}" for path in sorted(TESTS.rglob("test_*.py"))
               for name in unchecked_tests(path.read_text())]
    assert not missing, f"tests without an assertion: {missing}"


def test_the_scanner_finds_a_test_without_a_check():
    source = '''
def helper(x):
    assert x

def test_calls_a_checking_helper():
    helper(1)

def test_raises():
    with pytest.raises(ValueError):
        int("a")

def test_allclose():
    np.testing.assert_allclose(1, 1)

def test_only_computes():
    y = 1 + 1
'''
    assert unchecked_tests(source) == ["test_only_computes"]
