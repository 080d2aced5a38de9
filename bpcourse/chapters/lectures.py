"""The lectures' small examples as named ``autodiff`` graphs (one copy each).

- ``regularized_graph``: lecture 004's z = wx + b, y = sigma(z), L = (y - t)^2 / 2,
  R = w^2 / 2, L_reg = L + lambda R (chapters 6 and 11);
- ``two_neuron_graph``: lecture 002's chain of two sigmoid neurons, with chapter 6's
  half squared loss (chapter 6).
"""
from __future__ import annotations

from .. import autodiff
from .._validate import number


def _named(v: dict[str, autodiff.Node]) -> dict[str, autodiff.Node]:
    """Give every node its key as its name (for drawings and tables)."""
    for name, node in v.items():
        node.name = name
    return v


def _leaves(**values: float) -> dict[str, autodiff.Node]:
    return {k: autodiff.Node(number(k, val)) for k, val in values.items()}


def regularized_graph(w: float, b: float, x: float, t: float,
                      lam: float) -> dict[str, autodiff.Node]:
    r"""$z = wx + b$, $y = \sigma(z)$, $L = \frac12 (y - t)^2$, $R = \frac12 w^2$,
    $L_{reg} = L + \lambda R$: nodes "w", "b", "x", "t", "λ", "z", "y", "L", "R", "L_reg".

    Forward pass done; ``v["L_reg"].backward()`` fills every node's ``bar``.
    """
    v = _leaves(w=w, b=b, x=x, t=t)
    v["λ"] = autodiff.Node(number("lam", lam))
    v["z"] = v["w"] * v["x"] + v["b"]
    v["y"] = autodiff.sigmoid(v["z"])
    v["L"] = 0.5 * (v["y"] - v["t"]) ** 2
    v["R"] = 0.5 * v["w"] ** 2
    v["L_reg"] = v["L"] + v["λ"] * v["R"]
    return _named(v)


def two_neuron_graph(w1: float, b1: float, w2: float, b2: float, x: float,
                     t: float) -> dict[str, autodiff.Node]:
    r"""$a_1 = \sigma(w_1 x + b_1)$, $y = \sigma(w_2 a_1 + b_2)$, $J = \frac12 (y - t)^2$:
    nodes "w1", "b1", "w2", "b2", "x", "t", "z1", "a1", "z2", "y", "J"."""
    v = _leaves(w1=w1, b1=b1, w2=w2, b2=b2, x=x, t=t)
    v["z1"] = v["w1"] * v["x"] + v["b1"]
    v["a1"] = autodiff.sigmoid(v["z1"])
    v["z2"] = v["w2"] * v["a1"] + v["b2"]
    v["y"] = autodiff.sigmoid(v["z2"])
    v["J"] = 0.5 * (v["y"] - v["t"]) ** 2       # chapter 6's loss; lecture 002 has no 1/2
    return _named(v)
