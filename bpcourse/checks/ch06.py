"""Checks for the coding exercises of chapter 06 (the chain rule, bar notation).

The references are the ``autodiff`` engine's bars on the lectures' graphs
(``chapters.lectures``); the usual mistakes are built from the graph's values.
"""
from __future__ import annotations

import numpy as np

from ..chapters import lectures
from ._core import answered, check_array, check_scalar

__all__: list[str] = ["ch06_regularized_backward", "ch06_two_neuron_dw1"]


def ch06_regularized_backward(w_bar, b_bar, w: float, b: float, x: float, t: float,
                              lam: float,
                              names: tuple[str, str] = ("w_bar_r", "b_bar_r")) -> None:
    r"""($\bar w$, $\bar b$) for L_reg = (sigma(wx + b) - t)^2 / 2 + lam w^2 / 2."""
    for label, value in zip(names, (w_bar, b_bar)):
        answered(label, value, "compute it in the exercise cell above and run that cell")
    if t == 0:
        raise ValueError("choose t != 0: with t = 0 an answer that forgets t would pass")
    g = lectures.regularized_graph(w, b, x, t, lam)
    g["L_reg"].backward()                                 # the reference, by autodiff
    expected = np.array([float(g["w"].bar), float(g["b"].bar)])
    y = float(g["y"].value)
    y_bar = y - t
    z_bar = float(g["z"].bar)
    dsig = y * (1 - y)                                    # sigma'(z)
    mistakes = [
        ([y * dsig * x + lam * w, y * dsig], "the target is missing: y-bar = y - t "
         "(L = (y - t)^2 / 2)"),
        ([2 * z_bar * x + lam * w, 2 * z_bar], "a factor 2 too much: L = (y - t)^2 / 2, "
         "so y-bar = y - t"),
        ([-z_bar * x + lam * w, -z_bar], "the sign of y-bar is flipped: y-bar = y - t, "
         "not t - y"),
        ([z_bar * x, z_bar], "w-bar is missing the regularizer's share: w feeds both z "
         "and R, so w-bar = z-bar * x + R-bar * w with R-bar = lambda (the multivariable "
         "chain rule adds both paths)"),
        ([y_bar * x + lam * w, y_bar], "the factor sigma'(z) is missing: "
         "z-bar = y-bar * sigma'(z)"),
        ([z_bar * x + w, z_bar], "R-bar = L_reg-bar * lambda: the regularizer's share of "
         "w-bar is lambda * w, not w"),
        ([z_bar * x + lam * w ** 2 / 2, z_bar], "dR/dw = w (R = w^2 / 2), so the share "
         "is lambda * w"),
        ([z_bar * x + lam * w, z_bar * x], "b-bar = z-bar: dz/db = 1, there is no factor x"),
    ]
    check_array(f"({names[0]}, {names[1]})", [w_bar, b_bar], expected, mistakes,
                otherwise="run the backward pass at the exercise's inputs (w_r, b_r, x_r, t_r, "
                          "lam_r), not the chapter's w, b, x, t, lam: y-bar = y - t, z-bar = "
                          "y-bar sigma'(z), w-bar = z-bar x + lambda w, b-bar = z-bar")


def ch06_two_neuron_dw1(answer, w1: float, b1: float, w2: float, b2: float, x: float,
                        t: float, name: str = "dJ_dw1_c") -> None:
    r"""``answer`` = dJ/dw1 for y = sigma(w2 sigma(w1 x + b1) + b2), J = (y - t)^2 / 2."""
    g = lectures.two_neuron_graph(w1, b1, w2, b2, x, t)
    g["J"].backward()                                     # the reference, by autodiff
    expected = float(g["w1"].bar)
    a1, y = float(g["a1"].value), float(g["y"].value)
    s1, s2 = a1 * (1 - a1), y * (1 - y)                   # sigma'(z1), sigma'(z2)
    e = y - t                                             # dJ/dy
    mistakes = [
        (e * s2 * s1 * x, "the factor w2 is missing: dz2/da1 = w2"),
        (e * s2 * w2 * x, "the factor sigma'(z1) is missing: da1/dz1 = sigma'(z1)"),
        (e * w2 * s1 * x, "the factor sigma'(z2) is missing: dy/dz2 = sigma'(z2)"),
        (e * s2 * a1, "this is dJ/dw2; dJ/dw1 goes one step further back, through a1 "
         "and z1"),
        (2 * e * s2 * w2 * s1 * x, "a factor 2 too much: J = (y - t)^2 / 2, so "
         "dJ/dy = y - t (lecture 002's J has no 1/2)"),
        (e * s2 * w2 * s1, "dz1/dw1 = x: the factor x is missing"),
        (-expected, "the sign is flipped: dJ/dy = y - t, not t - y"),
    ]
    check_scalar(name, answer, expected, mistakes,
                 otherwise="use the exercise's inputs (w1_c, b1_c, w2_c, b2_c, x_c, t_c), not "
                           "the chapter's x, t, and multiply the five local derivatives "
                           "(y - t) sigma'(z2) w2 sigma'(z1) x")
