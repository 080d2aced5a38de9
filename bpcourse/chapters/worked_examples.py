"""The lectures' worked examples of backpropagation: their networks, inputs and targets.

The lectures work these examples symbolically; the numbers here are chosen by the book.
Chapter 7 computes every partial of each example in its own cells; chapter 8 and chapter 11
reuse the networks.

- lecture 001, the node-by-node example: inputs a, b; layers c, d, e and f, g, h; output y
  (the lecture's z): ``node_by_node_net``, ``NODE_NAMES``, ``NODE_BY_NODE_X``;
- lecture 000, the 3-layer H = 2, D = 3 feature-discovery network: ``feature_discovery_net``;
- lecture 003, the (1,2,1) "simplest interesting case": ``simplest_case_net``;
- lecture 002, one input through one neuron, several hidden units, several outputs:
  ``one_input_net``.
"""
from __future__ import annotations

import numpy as np

from ..mlp import MLP, Params


def make_net(weights: list, biases: list, hidden: str = "sigmoid",
             output: str = "identity") -> MLP:
    """An MLP with the given weights W^(l) (shape (p_(l+1), p_l)) and biases b^(l)."""
    weights = [np.array(W, dtype=np.float64) for W in weights]
    biases = [np.array(b, dtype=np.float64) for b in biases]
    sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
    net = MLP(sizes, hidden=hidden, output=output, init="zeros")
    net.weights, net.biases = weights, biases
    net.check_params()
    return net


#: the node names of lecture 001's network, layer by layer (the lecture calls the output z)
NODE_NAMES = [["a", "b"], ["c", "d", "e"], ["f", "g", "h"], ["y"]]

#: the inputs (a, b) used with ``node_by_node_net``
NODE_BY_NODE_X = (1.0, -0.5)


def node_by_node_net() -> MLP:
    """Lecture 001's network a,b -> c,d,e -> f,g,h -> y with sigmoids everywhere.

    weights[0][j, k] is w_jk, the edge to node j (c, d or e) from node k (a or b).
    """
    W0 = [[0.5, -1.0],          # into c: w_ca, w_cb
          [1.0, 0.5],           # into d
          [-0.5, 0.25]]         # into e
    W1 = [[1.0, -0.5, 0.75],    # into f: w_fc, w_fd, w_fe
          [-1.0, 0.5, 1.0],     # into g
          [0.5, 1.5, -0.25]]    # into h
    W2 = [[1.5, -1.0, 0.5]]     # into y: w_yf, w_yg, w_yh
    return make_net([W0, W1, W2], [[0.1, -0.2, 0.3], [0.0, 0.2, -0.1], [-0.3]],
                    hidden="sigmoid", output="sigmoid")


#: the input x (D = 3) and target t used with ``feature_discovery_net``
FEATURE_DISCOVERY_X = (1.0, 2.0, -1.0)
FEATURE_DISCOVERY_T = 0.5


def feature_discovery_net() -> MLP:
    """Lecture 000's network: D = 3 inputs, two layers of H = 2 sigmoid features, one
    linear output. The lecture's network has no biases: they are zero here.

    weights[m-1][j, i] is the lecture's w_ij^(m) (from unit i to unit j).
    """
    W1 = [[0.2, -0.4, 0.6],     # into unit 1 of the first hidden layer from x_1, x_2, x_3
          [-0.5, 0.3, 0.8]]     # into unit 2
    W2 = [[1.2, -0.7],          # into unit 1 of the second hidden layer
          [0.4, 0.9]]           # into unit 2
    W3 = [[1.5, -2.0]]          # into the output
    return make_net([W1, W2, W3], [[0.0, 0.0], [0.0, 0.0], [0.0]], hidden="sigmoid",
                    output="identity")


#: the example (x, t) used with ``simplest_case_net`` (the lecture calls the target y)
SIMPLEST_X, SIMPLEST_Y = 0.5, 1.0


def simplest_case_net() -> MLP:
    """Lecture 003's (p1, p2, p3) = (1, 2, 1) network: sigmoid hidden, identity output."""
    return make_net([[[0.8], [-1.2]], [[1.5, 0.7]]], [[0.1, 0.4], [-0.2]],
                    hidden="sigmoid", output="identity")


def simplest_case_params(v: dict[str, float]) -> Params:
    """Partials of the (1,2,1) network keyed in lecture 003's numbering ('dL/dw1_11',
    'dL/dw1_21', 'dL/dw2_11', 'dL/dw2_12', 'dL/db1_1', 'dL/db1_2', 'dL/db2_1'), laid out
    like MLP's weights and biases."""
    return Params([np.array([[v["dL/dw1_11"]], [v["dL/dw1_21"]]]),
                   np.array([[v["dL/dw2_11"], v["dL/dw2_12"]]])],
                  [np.array([v["dL/db1_1"], v["dL/db1_2"]]), np.array([v["dL/db2_1"]])])


#: the example used with ``one_input_net``: x and the targets t (first one or two)
ONE_INPUT_X, ONE_INPUT_YD = 1.5, (0.2, 0.9)


def one_input_net(hidden_units: int = 1, outputs: int = 1) -> MLP:
    """Lecture 002's sigmoid networks with one input x: sizes [1, hidden_units, outputs].

    (1, 1, 1) is y = sigma(w2 sigma(w1 x + b1) + b2); (1, 3, 1) has several hidden units;
    (1, 3, 2) several outputs. The smaller networks use the first rows and columns of the
    largest one (up to 3 hidden units, 2 outputs).
    """
    W1 = np.array([[0.8], [-1.1], [0.5]])[:hidden_units]
    b1 = np.array([-0.3, 0.2, 0.1])[:hidden_units]
    W2 = np.array([[1.6, -0.7, 0.9], [-0.4, 1.2, 0.6]])[:outputs, :hidden_units]
    b2 = np.array([-0.5, 0.3])[:outputs]
    return make_net([W1, W2], [b1, b2], hidden="sigmoid", output="sigmoid")


def order_of(e: float, floor: float = 1e-12) -> str:
    """An error's order of magnitude: the next power of ten above e, as '< 1e-8', and
    '< 1e-12' for anything below ``floor`` (rounding errors differ from machine to machine)."""
    if e < floor:
        return f"< {floor:.0e}"
    return f"< 1e{int(np.floor(np.log10(e))) + 1}"
