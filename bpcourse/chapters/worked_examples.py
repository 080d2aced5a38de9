"""The lectures' worked examples of backpropagation, as small functions that return their numbers.

Each example has a network builder (the lecture's architecture, with numbers chosen here where
the lecture's figures were lost) and a function that evaluates the lecture's own formulas, one
line per formula, so a chapter can set them beside ``bpcourse.scalar`` and finite differences.

- lecture 001, the node-by-node example: inputs a, b; layers c, d, e and f, g, h; output z
  (``node_by_node_net``, ``node_by_node_partials``);
- lecture 000, the 3-layer H = 2, D = 3 feature-discovery network and its recursion
  dpi/dpi_j = a'(pi_j) sum_h w_hj dpi/dpi_h (``feature_discovery_net``, ``feature_discovery``);
- lecture 003, the (1,2,1) "simplest interesting case" in delta notation
  (``simplest_case_net``, ``simplest_case``);
- lecture 002, one input through one neuron, several hidden units, several outputs
  (``one_input_net``, ``one_input_formulas``).
"""
from __future__ import annotations

import re

import numpy as np

from .. import activations, scalar
from ..mlp import MLP, Params

# --- helpers ----------------------------------------------------------------------------------


def make_net(weights: list, biases: list, hidden: str = "sigmoid", output: str = "identity") -> MLP:
    """An MLP with the given weights W^(l) (shape (p_(l+1), p_l)) and biases b^(l)."""
    weights = [np.array(W, dtype=np.float64) for W in weights]
    biases = [np.array(b, dtype=np.float64) for b in biases]
    if len(weights) != len(biases) or not weights:
        raise ValueError(f"give one bias vector per weight matrix; got {len(weights)} and {len(biases)}")
    sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
    net = MLP(sizes, hidden=hidden, output=output, init="zeros")
    net.weights, net.biases = weights, biases
    net.check_params()
    return net


def output_target(net: MLP, x) -> np.ndarray:
    """The target t = y - 1 for one example x: then L = (1/2)(y - t)^2 has dL/dtheta = dy/dtheta.

    With this target the half-squared loss's gradient is the gradient of the network's output
    itself (dL/dy = y - t = 1), which is what lecture 001 differentiates. Shape (1, 1).
    """
    if net.sizes[-1] != 1:
        raise ValueError(f"output_target needs a single output unit, the network has {net.sizes[-1]}")
    y = net.forward(np.asarray(x, dtype=np.float64).reshape(1, -1))
    return y - 1.0


def _one(name: str, v) -> float:
    v = np.asarray(v, dtype=np.float64)
    if v.size != 1:
        raise ValueError(f"{name} must be a single number, got shape {v.shape}")
    return float(v.reshape(()))


# --- lecture 001: the node-by-node example ----------------------------------------------------

#: the node names of lecture 001's network, layer by layer
NODE_NAMES = [["a", "b"], ["c", "d", "e"], ["f", "g", "h"], ["z"]]


def node_by_node_net() -> MLP:
    """Lecture 001's network a,b -> c,d,e -> f,g,h -> z with s = sigmoid everywhere.

    The lecture's example is symbolic (it gives no numbers), so these weights are chosen here.
    weights[0][j, i] is W_{i,j}, the edge from node i (a or b) to node j (c, d or e).
    """
    W0 = [[0.5, -1.0],          # into c: W_{a,c}, W_{b,c}
          [1.0, 0.5],           # into d
          [-0.5, 0.25]]         # into e
    W1 = [[1.0, -0.5, 0.75],    # into f: W_{c,f}, W_{d,f}, W_{e,f}
          [-1.0, 0.5, 1.0],     # into g
          [0.5, 1.5, -0.25]]    # into h
    W2 = [[1.5, -1.0, 0.5]]     # into z: W_{f,z}, W_{g,z}, W_{h,z}
    return make_net([W0, W1, W2], [[0.1, -0.2, 0.3], [0.0, 0.2, -0.1], [-0.3]],
                    hidden="sigmoid", output="sigmoid")


#: the inputs (a, b) used with ``node_by_node_net`` (chosen here too)
NODE_BY_NODE_X = (1.0, -0.5)


def _book_node(name: str) -> str:
    """Lecture 001 calls its output node z; this book's letter for the output is y."""
    return "y" if name == "z" else name


def book_label(key: str) -> str:
    """A key of ``node_by_node_partials`` (lecture 001's names) in this book's letters (chapter 1):
    'c_bar' -> 'z_c', 'dz/dW_c,f' -> 'dy/dw_fc' (to, from), 'dz/dbeta_f' -> 'dy/db_f',
    'dz/df_bar' -> 'dy/dz_f', 'dz/dc' -> 'dy/dc'. A node may also be the placeholder '{j}'."""
    node = r"(\{j\}|[a-z])"
    rules = [(rf"dz/dW_{node},{node}", lambda m: f"dy/dw_{_book_node(m[2])}{_book_node(m[1])}"),
             (rf"dz/dbeta_{node}", lambda m: f"dy/db_{_book_node(m[1])}"),
             (rf"dz/d{node}_bar", lambda m: f"dy/dz_{_book_node(m[1])}"),
             (rf"dz/d{node}", lambda m: f"dy/d{_book_node(m[1])}"),
             (rf"{node}_bar", lambda m: f"z_{_book_node(m[1])}")]
    for pattern, label in rules:
        match = re.fullmatch(pattern, key)
        if match:
            return label(match)
    raise ValueError(f"{key!r} is not a key of node_by_node_partials")


def node_by_node_equations(net: MLP) -> str:
    """The forward equations of lecture 001's network with their numbers, one line per node, in
    this book's letters: e.g. 'z_c = 0.5 a - 1 b + 0.1' (then c = sigma(z_c)); the output is y."""
    lines = []
    for l in range(1, 4):
        for j, nj in enumerate(NODE_NAMES[l]):
            terms = []
            for i, ni in enumerate(NODE_NAMES[l - 1]):
                w = float(net.weights[l - 1][j, i])
                terms.append(("- " if w < 0 else "+ ") + f"{abs(w):g} {ni}")
            beta = float(net.biases[l - 1][j])
            terms.append(("- " if beta < 0 else "+ ") + f"{abs(beta):g}")
            text = " ".join(terms)
            lines.append(f"z_{_book_node(nj)} = "
                         + (text[2:] if text.startswith("+ ") else "-" + text[2:]))
    return "\n".join(lines)


def node_by_node_partials(net: MLP, x) -> dict[str, float]:
    """Lecture 001's forward and backward pass, node by node, keyed by the lecture's names.

    Keys: the node values 'c', ..., 'z' and pre-activations 'c_bar', ...; then the partials
    'dz/dz_bar', 'dz/dbeta_j', 'dz/dW_i,j' (edge i -> j), 'dz/dj' and 'dz/dj_bar' for every node.
    Forward values come from ``scalar.forward_example``; each partial is one chain-rule line.
    """
    if net.sizes != [2, 3, 3, 1]:
        raise ValueError(f"the node-by-node example has sizes [2, 3, 3, 1], got {net.sizes}")
    z_vals, a_vals = scalar.forward_example(net, list(np.asarray(x, dtype=np.float64).ravel()))
    v: dict[str, float] = {}
    for l, names in enumerate(NODE_NAMES):
        for j, n in enumerate(names):
            v[n] = float(a_vals[l][j])
            if l > 0:
                v[n + "_bar"] = float(z_vals[l][j])
    ds = activations.get("sigmoid")[1]                  # s'
    v["dz/dz"] = 1.0                                    # delta_3 = [1]
    for l in range(3, 0, -1):                           # layer l's nodes j, fed by layer l-1's nodes i
        for j, nj in enumerate(NODE_NAMES[l]):
            v[f"dz/d{nj}_bar"] = v[f"dz/d{nj}"] * float(ds(v[nj + "_bar"]))   # dz/dj * s'(j_bar)
            v[f"dz/dbeta_{nj}"] = v[f"dz/d{nj}_bar"] * 1.0                  # dj_bar/dbeta_j = 1
            for i, ni in enumerate(NODE_NAMES[l - 1]):
                v[f"dz/dW_{ni},{nj}"] = v[f"dz/d{nj}_bar"] * v[ni]          # dj_bar/dW_ij = i
        for i, ni in enumerate(NODE_NAMES[l - 1]):      # dz/di = sum_j dz/dj_bar * W_ij
            v[f"dz/d{ni}"] = sum(v[f"dz/d{nj}_bar"] * float(net.weights[l - 1][j, i])
                                 for j, nj in enumerate(NODE_NAMES[l]))
    return v


def partials_table(v: dict[str, float], patterns: list[str], nodes: str) -> str:
    """A table of ``node_by_node_partials`` values: a row per node j in ``nodes``, a column per
    key pattern with '{j}' in it, e.g. partials_table(v, ['dz/dbeta_{j}', 'dz/dW_c,{j}'], 'fgh').
    The column heads are in this book's letters (``book_label``)."""
    heads = [book_label(p).replace("{j}", "j") for p in patterns]
    w = max(11, *(len(h) + 2 for h in heads))
    lines = ["     " + "".join(f"{h:>{w}}" for h in heads)]
    for j in nodes:
        lines.append(f"j = {j}" + "".join(f"{v[p.format(j=j)]:>{w}.5f}" for p in patterns))
    return "\n".join(lines)


def node_by_node_params(v: dict[str, float]) -> Params:
    """The partials dz/dW_{i,j} and dz/dbeta_j of ``node_by_node_partials`` laid out like MLP's
    weights (weights[l][j, i] = dz/dW_{i,j}) and biases."""
    Ws, bs = [], []
    for l in range(1, 4):
        Ws.append(np.array([[v[f"dz/dW_{ni},{nj}"] for ni in NODE_NAMES[l - 1]]
                            for nj in NODE_NAMES[l]]))
        bs.append(np.array([v[f"dz/dbeta_{nj}"] for nj in NODE_NAMES[l]]))
    return Params(Ws, bs)


# --- lecture 000: the 3-layer, H = 2, D = 3 example ----------------------------------------------

def feature_discovery_net() -> MLP:
    """Lecture 000's 3-layer network: D = 3 inputs, two layers of H = 2 sigmoid features, one
    linear output pi. The lecture's network has no biases: they are zero here and stay unused.

    Numbers chosen here (the lecture gives none). weights[m-1][j, i] is the lecture's w_ij^(m).
    """
    W1 = [[0.2, -0.4, 0.6],     # into pi_1^(1) from x_1, x_2, x_3
          [-0.5, 0.3, 0.8]]     # into pi_2^(1)
    W2 = [[1.2, -0.7],          # into pi_1^(2) from x_1^(1), x_2^(1)
          [0.4, 0.9]]           # into pi_2^(2)
    W3 = [[1.5, -2.0]]          # into pi^(3) from x_1^(2), x_2^(2)
    return make_net([W1, W2, W3], [[0.0, 0.0], [0.0, 0.0], [0.0]], hidden="sigmoid",
                    output="identity")


#: the input x (D = 3) and target t used with ``feature_discovery_net``
FEATURE_DISCOVERY_X = (1.0, 2.0, -1.0)
FEATURE_DISCOVERY_T = 0.5


def feature_discovery(net: MLP, x, t: float) -> dict[str, np.ndarray]:
    """Lecture 000's backprop for one example with L = (1/2)(pi - t)^2, in the lecture's names.

    Returns 'pi1', 'x1', 'pi2', 'x2' (each (H,)), 'pi' (the output), 'dL/dpi',
    'dpi/dpi2', 'dpi/dpi1' (each (H,), by the recursion) and 'dL/dw1', 'dL/dw2', 'dL/dw3'
    indexed [i, j] like the lecture's w_ij (from unit i to unit j): shapes (D, H), (H, H), (H, 1).
    """
    if len(net.sizes) != 4 or net.sizes[-1] != 1:
        raise ValueError(f"the feature-discovery example has sizes [D, H, H, 1], got {net.sizes}")
    x = np.asarray(x, dtype=np.float64).ravel()
    ap = activations.get(net.activation_names[0])[1]         # a'
    w1, w2, w3 = (W.T for W in net.weights)             # lecture order: w[i, j] = from i to j
    pi1 = x @ w1                                        # pi_j^(1) = sum_i w_ij^(1) x_i
    x1 = activations.get(net.activation_names[0])[0](pi1)
    pi2 = x1 @ w2
    x2 = activations.get(net.activation_names[1])[0](pi2)
    pi = float(x2 @ w3[:, 0])                           # the output (linear)
    dL_dpi = pi - t                                     # derivative of (1/2)(pi - t)^2
    dpi_dpi2 = ap(pi2) * w3[:, 0]                       # a'(pi_j^(2)) w_j1^(3) * 1  (base case 1)
    # the recursion: dpi/dpi_j^(1) = a'(pi_j^(1)) sum_h (weight between j and h) dpi/dpi_h^(2)
    dpi_dpi1 = np.array([ap(pi1[j]) * sum(w2[j, h] * dpi_dpi2[h] for h in range(len(pi2)))
                         for j in range(len(pi1))])
    return {"pi1": pi1, "x1": x1, "pi2": pi2, "x2": x2, "pi": pi, "dL/dpi": dL_dpi,
            "dpi/dpi2": dpi_dpi2, "dpi/dpi1": dpi_dpi1,
            "dL/dw3": dL_dpi * np.outer(x2, [1.0]),       # dL/dpi * x_i^(2)
            "dL/dw2": dL_dpi * np.outer(x1, dpi_dpi2),    # dL/dpi * x_i^(1) * dpi/dpi_j^(2)
            "dL/dw1": dL_dpi * np.outer(x, dpi_dpi1)}     # dL/dpi * x_i * dpi/dpi_j^(1)


def backprop_loop(net: MLP, x, t: float) -> tuple[list[tuple[str, object]], list[np.ndarray]]:
    """Lecture 000's BACKPROPAGATION algorithm, run literally for an M-layer network with one
    linear output pi and L = (1/2)(pi - t)^2, recording each step in the order it runs:

        base case  dpi/dpi^(M) = 1
        (a)  for m = M-1, ..., 1 and every unit j:
             dpi/dpi_j^(m) = a'(pi_j^(m)) sum_h w_hj^(m+1) dpi/dpi_h^(m+1)   (from the layer above)
        (b)  for every layer m: dL/dw_ij^(m) = dL/dpi * x_i^(m-1) * dpi/dpi_j^(m)

    w_hj^(m+1) is the weight on the edge from unit j to unit h, ``net.weights[m][h - 1, j - 1]``.
    Returns (steps, dL_dw): steps is a list of (text, value); dL_dw[m - 1][i, j] is dL/dw_ij^(m)
    in the lecture's order (from unit i to unit j), the transpose of ``net.weights[m - 1]``."""
    if net.sizes[-1] != 1 or net.activation_names[-1] != "identity":
        raise ValueError(f"lecture 000's network ends in one linear output; got {net!r}")
    x = np.asarray(x, dtype=np.float64).ravel()
    if x.shape != (net.sizes[0],):
        raise ValueError(f"x must hold {net.sizes[0]} inputs; got shape {x.shape}")
    z, a = scalar.forward_example(net, list(x))
    M = len(net.sizes) - 1
    dpi = {M: [1.0]}
    steps: list[tuple[str, object]] = [(f"base case: dpi/dpi^({M}) = 1", 1.0)]
    for m in range(M - 1, 0, -1):                                   # (a), backwards
        a_prime = activations.get(net.activation_names[m - 1])[1]
        dpi[m] = []
        for j in range(net.sizes[m]):
            total = sum(float(net.weights[m][h, j]) * dpi[m + 1][h] for h in range(net.sizes[m + 1]))
            dpi[m].append(float(a_prime(z[m][j])) * total)
            steps.append((f"(a) m = {m}, j = {j + 1}: dpi/dpi_{j + 1}^({m}) = "
                          f"a'(pi_{j + 1}^({m})) sum_h w_h{j + 1}^({m + 1}) dpi/dpi_h^({m + 1})",
                          dpi[m][-1]))
    dL_dpi = float(z[M][0]) - float(t)
    dL_dw = []
    for m in range(1, M + 1):                                       # (b), every weight
        G = dL_dpi * np.outer(a[m - 1], dpi[m])
        dL_dw.append(G)
        steps.append((f"(b) m = {m}: dL/dw_ij^({m}) = dL/dpi x_i^({m - 1}) dpi/dpi_j^({m})", G))
    return steps, dL_dw


# --- lecture 003: the (1,2,1) simplest interesting case -------------------------------------------

def simplest_case_net() -> MLP:
    """Lecture 003's (p1, p2, p3) = (1, 2, 1) network: g = sigmoid hidden, identity output.

    The lecture works this case symbolically (a handwritten slide), so these numbers are chosen here.
    """
    return make_net([[[0.8], [-1.2]], [[1.5, 0.7]]], [[0.1, 0.4], [-0.2]],
                    hidden="sigmoid", output="identity")


#: the example (x, y) used with ``simplest_case_net``
SIMPLEST_X, SIMPLEST_Y = 0.5, 1.0


def simplest_case(net: MLP, x: float, y: float) -> dict[str, float]:
    """Lecture 003's deltas and partials for L = (y - f)^2, in its layer numbering (1 = input).

    Keys: 'Z2_1', 'Z2_2', 'a2_1', 'a2_2', 'Z3_1', 'f', 'L', 'delta3_1', 'delta2_1', 'delta2_2',
    'dL/dw2_11', 'dL/dw2_12', 'dL/db2_1', 'dL/dw1_11', 'dL/dw1_21', 'dL/db1_1', 'dL/db1_2'.
    """
    if net.sizes != [1, 2, 1]:
        raise ValueError(f"the simplest case has sizes [1, 2, 1], got {net.sizes}")
    x, y = _one("x", x), _one("y", y)
    g, dg = activations.get(net.activation_names[0])
    _, dgL = activations.get(net.activation_names[1])
    (w1_11,), (w1_21,) = net.weights[0].tolist()        # lecture's W^(1): input -> hidden
    w2_11, w2_12 = net.weights[1][0].tolist()           # lecture's W^(2): hidden -> output
    b1_1, b1_2 = net.biases[0].tolist()
    (b2_1,) = net.biases[1].tolist()
    a1_1 = x                                            # a^(1) = x
    Z2_1, Z2_2 = b1_1 + w1_11 * a1_1, b1_2 + w1_21 * a1_1
    a2_1, a2_2 = float(g(Z2_1)), float(g(Z2_2))
    Z3_1 = b2_1 + w2_11 * a2_1 + w2_12 * a2_2
    f = float(activations.get(net.activation_names[1])[0](Z3_1))
    delta3_1 = -2.0 * (y - f) * float(dgL(Z3_1))        # dL/dZ_1^(3)
    delta2_1 = delta3_1 * w2_11 * float(dg(Z2_1))       # dL/dZ_1^(2)
    delta2_2 = delta3_1 * w2_12 * float(dg(Z2_2))
    return {"Z2_1": Z2_1, "Z2_2": Z2_2, "a2_1": a2_1, "a2_2": a2_2, "Z3_1": Z3_1, "f": f,
            "L": (y - f) ** 2, "delta3_1": delta3_1, "delta2_1": delta2_1, "delta2_2": delta2_2,
            "dL/dw2_11": delta3_1 * a2_1, "dL/dw2_12": delta3_1 * a2_2, "dL/db2_1": delta3_1,
            "dL/dw1_11": delta2_1 * a1_1, "dL/dw1_21": delta2_2 * a1_1,
            "dL/db1_1": delta2_1, "dL/db1_2": delta2_2}


def simplest_case_params(v: dict[str, float]) -> Params:
    """``simplest_case``'s partials laid out like MLP's weights and biases."""
    return Params([np.array([[v["dL/dw1_11"]], [v["dL/dw1_21"]]]),
                   np.array([[v["dL/dw2_11"], v["dL/dw2_12"]]])],
                  [np.array([v["dL/db1_1"], v["dL/db1_2"]]), np.array([v["dL/db2_1"]])])


# --- lecture 002: one neuron, several hidden units, several outputs -------------------------------

def one_input_net(hidden_units: int = 1, outputs: int = 1) -> MLP:
    """Lecture 002's sigmoid networks with one input x: sizes [1, hidden_units, outputs].

    (1, 1, 1) is y = sigma(w2 sigma(w1 x + b1) + b2); (1, 3, 1) has several hidden units;
    (1, 3, 2) several outputs. The lecture gives no numbers: these are chosen here, and the
    smaller networks use the first rows and columns of the largest one (up to 3 hidden, 2 outputs).
    """
    if hidden_units not in (1, 2, 3) or outputs not in (1, 2):
        raise ValueError(f"one_input_net has 1 to 3 hidden units and 1 or 2 outputs; "
                         f"got hidden_units={hidden_units!r}, outputs={outputs!r}")
    W1 = np.array([[0.8], [-1.1], [0.5]])[:hidden_units]
    b1 = np.array([-0.3, 0.2, 0.1])[:hidden_units]
    W2 = np.array([[1.6, -0.7, 0.9], [-0.4, 1.2, 0.6]])[:outputs, :hidden_units]
    b2 = np.array([-0.5, 0.3])[:outputs]
    return make_net([W1, W2], [b1, b2], hidden="sigmoid", output="sigmoid")


def chain_bias_formulas(net: MLP, x: float, t: float) -> list[float]:
    """Lecture 002's bias gradients of a chain of single sigmoid neurons, $J = (y - t)^2$ on one
    example, as the closed-form products the lecture writes (layers numbered as in this book):

        dJ/db^(L-1) = 2 (y - t) sigma'(z^(L))
        dJ/db^(l)   = 2 (y - t) sigma'(z^(L)) * prod_{k=l+1}^{L-1} w^(k) sigma'(z^(k))

    Returns [dJ/db^(0), ..., dJ/db^(L-1)]."""
    if any(p != 1 for p in net.sizes) or any(a != "sigmoid" for a in net.activation_names):
        raise ValueError(f"lecture 002's chain has one sigmoid unit per layer; got {net!r}")
    z, a = scalar.forward_example(net, [_one("x", x)])
    t = _one("t", t)
    L = len(net.sizes) - 1
    ds = activations.get("sigmoid")[1]
    y = float(a[L][0])
    at_output = 2 * (y - t) * float(ds(z[L][0]))
    return [at_output * float(np.prod([net.weights[k][0, 0] * ds(z[k][0]) for k in range(l + 1, L)]))
            for l in range(L)]


#: the example used with ``one_input_net``: x and the desired outputs y_d (first one or two)
ONE_INPUT_X, ONE_INPUT_YD = 1.5, (0.2, 0.9)


def one_input_formulas(net: MLP, x: float, y_d) -> Params:
    """Lecture 002's gradient formulas for J = sum_j (y_j - y_d,j)^2 on one example (x, y_d):

        dJ/dw_jk^(2) = 2 (a_j^(2) - y_d,j) sigma'(z_j^(2)) a_k^(1)
        dJ/db_j^(2)  = 2 (a_j^(2) - y_d,j) sigma'(z_j^(2))
        dJ/dw_k^(1)  = sum_j 2 (a_j^(2) - y_d,j) sigma'(z_j^(2)) w_jk^(2) sigma'(z_k^(1)) x
        dJ/db_k^(1)  = sum_j 2 (a_j^(2) - y_d,j) sigma'(z_j^(2)) w_jk^(2) sigma'(z_k^(1))
    """
    if len(net.sizes) != 3 or net.sizes[0] != 1 or net.activation_names != ["sigmoid", "sigmoid"]:
        raise ValueError(f"lecture 002's formulas are for sigmoid networks of sizes [1, H, K], "
                         f"got {net!r}")
    x = _one("x", x)
    y_d = np.asarray(y_d, dtype=np.float64).ravel()
    H, K = net.sizes[1], net.sizes[2]
    if y_d.shape != (K,):
        raise ValueError(f"y_d must hold {K} target(s), one per output; got shape {y_d.shape}")
    s, ds = activations.get("sigmoid")
    w1, b1 = net.weights[0][:, 0], net.biases[0]
    w2, b2 = net.weights[1], net.biases[1]
    z1 = [w1[k] * x + b1[k] for k in range(H)]
    a1 = [float(s(z)) for z in z1]
    z2 = [sum(w2[j, k] * a1[k] for k in range(H)) + b2[j] for j in range(K)]
    a2 = [float(s(z)) for z in z2]
    out = [2 * (a2[j] - y_d[j]) * float(ds(z2[j])) for j in range(K)]   # 2 (y - y_d) sigma'(z2)
    dW2 = np.array([[out[j] * a1[k] for k in range(H)] for j in range(K)])
    db2 = np.array(out)
    dW1 = np.array([[sum(out[j] * w2[j, k] for j in range(K)) * float(ds(z1[k])) * x]
                    for k in range(H)])
    db1 = np.array([sum(out[j] * w2[j, k] for j in range(K)) * float(ds(z1[k])) for k in range(H)])
    return Params([dW1, dW2], [db1, db2])


# --- chapter 8: four ways to the same gradient ------------------------------------------------

def four_ways(net: MLP, X, T, loss: str = "half_squared") -> dict[str, Params]:
    """The gradient of J by bpcourse.scalar, bpcourse.vectorized, bpcourse.autodiff and central
    finite differences, keyed by those names."""
    from .. import autodiff, gradcheck, vectorized
    return {"scalar": scalar.loss_and_grads(net, X, T, loss)[1],
            "vectorized": vectorized.loss_and_grads(net, X, T, loss)[1],
            "autodiff": autodiff.loss_and_grads(net, X, T, loss)[1],
            "finite differences": gradcheck.finite_difference_grads(net, X, T, loss)}


def agreement_table(grads: dict[str, Params]) -> tuple[np.ndarray, str]:
    """The largest relative error (over all layers) between every pair of gradients:
    returns the matrix and a printable table of its orders of magnitude (``order_of``), which
    stays the same from machine to machine where the last digits of the errors do not."""
    from .. import gradcheck
    names = list(grads)
    E = np.array([[max(gradcheck.compare(grads[a], grads[b]).values()) for b in names]
                  for a in names])
    w = max(len(n) for n in names) + 6                  # rows "(1) scalar", columns "(1)"
    lines = [" " * w + "".join(f"{f'({j + 1})':>9}" for j in range(len(names)))]
    lines += [f"{f'({i + 1}) {a}':<{w}}" + "".join(
        f"{'-' if i == j else order_of(E[i, j]):>9}" for j in range(len(names)))
        for i, a in enumerate(names)]
    return E, "\n".join(lines)


def order_of(e: float, floor: float = 1e-12) -> str:
    """An error's order of magnitude: the next power of ten above e, as '< 1e-8', and
    '< 1e-12' for anything below ``floor`` (rounding errors differ from machine to machine)."""
    if e < floor:
        return f"< {floor:.0e}"
    return f"< 1e{int(np.floor(np.log10(e))) + 1}"
