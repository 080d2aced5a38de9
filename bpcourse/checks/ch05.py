"""Checks for the coding exercises of chapter 5 (gradient descent on one neuron)."""
from __future__ import annotations

import numpy as np

from .. import activations
from ..chapters import neuron
from ._core import check_array

__all__: list[str] = ["ch05_neuron_gradient", "ch05_descent_step"]


def ch05_neuron_gradient(answer, w: float, b: float, x, t, name: str = "grad_g") -> None:
    r"""``answer`` = (dJ/dw, dJ/db) of $J = \frac1m \sum_i (\sigma(w x_i + b) - t_i)^2$."""
    x, t = np.asarray(x, dtype=np.float64), np.asarray(t, dtype=np.float64)
    expected = neuron.cost_and_gradient(w, b, x, t)[1]        # by the engine
    z = w * x + b
    r = activations.sigmoid(z) - t
    s = activations.sigmoid_prime(z)
    per_x = np.stack([x, np.ones_like(x)])                # dz/dw, dz/db for each example
    mistakes = [
        ((2 * r * per_x).mean(axis=1), "the factor sigma'(z) = sigma(z)(1 - sigma(z)) is missing: "
         "y = sigma(z) depends on z, and dy/dz is part of the chain"),
        ((2 * r * s * per_x).sum(axis=1), "this is the sum over the examples; J is their mean, "
         "so divide by m (the 1/m of J)"),
        ((r * s * per_x).mean(axis=1), "a factor 2 is missing: d/dy (y - t)^2 = 2 (y - t)"),
        (-expected, "the sign is flipped: d/dy (y - t)^2 = 2 (y - t), not 2 (t - y)"),
        (expected[::-1], "the two entries are swapped: give (dJ/dw, dJ/db)"),
        ((2 * r * s).mean() * np.ones(2), "dz/dw = x: the w-entry needs the factor x_i inside "
                                          "the mean"),
        ((2 * r * activations.sigmoid(z) * per_x).mean(axis=1), "sigma(z) where sigma'(z) "
         "belongs: sigma'(z) = sigma(z)(1 - sigma(z))"),
    ]
    check_array(f"{name} = (dJ/dw, dJ/db)", answer, expected, mistakes)


def ch05_descent_step(answer, w: float, b: float, x, t, lr: float, name: str = "new_s") -> None:
    r"""``answer`` = (w, b) after one step $(w, b) - \mathrm{lr}\,\nabla J(w, b)$."""
    g = neuron.cost_and_gradient(w, b, x, t)[1]               # by the engine
    p = np.array([w, b], dtype=np.float64)
    mistakes = [(p + lr * g, "the step went uphill: subtract lr * grad J (the steepest *descent* "
                 "direction is -grad J)"),
                (p - g, "the learning rate is missing: the step is lr * grad J"),
                (-lr * g, "this is only the step; add it to the old (w, b)"),
                (p - lr * g[::-1], "the gradient's entries are swapped: w moves by lr * dJ/dw, "
                                   "b by lr * dJ/db")]
    check_array(f"{name} = (w, b) after one step", answer, p - lr * g, mistakes)
