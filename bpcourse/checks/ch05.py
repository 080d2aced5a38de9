"""Checks for the coding exercises of chapter 05."""
from ._core import check_array, check_scalar, check_true  # noqa: F401

__all__: list[str] = []
