"""bpcourse.draw.graphs: which nodes and edges are drawn, where, and with which labels."""
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from bpcourse.autodiff import Node  # noqa: E402
from bpcourse.chapters import lectures  # noqa: E402
from bpcourse.draw import graphs  # noqa: E402


def cube_times_square():
    """Lecture 001's y = x^3, z = x^2, f = y z at x = 2, as named nodes."""
    x = Node(2.0, name="x")
    y, z = x ** 3, x ** 2
    f = y * z
    y.name, z.name, f.name = "y", "z", "f"
    return x, y, z, f


def test_nodes_edges_and_depths_of_f_equals_y_times_z():
    x, y, z, f = cube_times_square()
    names = [v.name for v in graphs.graph_nodes(f)]
    assert set(names) == {"x", "y", "z", "f"} and names[0] == "x" and names[-1] == "f"
    edges = {(p.name, v.name) for p, v in graphs.graph_edges(f)}
    assert edges == {("x", "y"), ("x", "z"), ("y", "f"), ("z", "f")}
    d = graphs.depths(f)
    assert (d[id(x)], d[id(y)], d[id(z)], d[id(f)]) == (0, 1, 1, 2)


def test_named_only_folds_unnamed_operations_into_edges():
    v = lectures.regularized_graph(0.8, -0.3, 1.5, 1.0, 0.1)
    E = v["L_reg"]
    all_nodes = graphs.graph_nodes(E)
    named = graphs.graph_nodes(E, named_only=True)
    assert len(all_nodes) > len(named)
    assert {n.name for n in named} == {"w", "b", "x", "t", "λ", "z", "y", "L", "R", "L_reg"}
    edges = {(p.name, c.name) for p, c in graphs.graph_edges(E, named_only=True)}
    assert edges == {("w", "z"), ("x", "z"), ("b", "z"), ("z", "y"), ("y", "L"), ("t", "L"),
                     ("w", "R"), ("L", "L_reg"), ("R", "L_reg"), ("λ", "L_reg")}
    d = graphs.depths(E, named_only=True)
    assert d[id(v["z"])] == 1 and d[id(v["L_reg"])] == 4
    assert d[id(v["t"])] == d[id(v["L"])] - 1        # a leaf sits just left of its first child


def test_layout_puts_each_column_at_its_depth_without_overlaps():
    v = lectures.regularized_graph(0.8, -0.3, 1.5, 1.0, 0.1)
    pos = graphs.layout(v["L_reg"], named_only=True)
    d = graphs.depths(v["L_reg"], named_only=True)
    assert all(pos[k][0] == d[k] for k in pos)
    assert len(set(pos.values())) == len(pos)


def test_a_node_is_named_by_its_name_else_its_operation_else_const():
    x, y, z, f = cube_times_square()
    g = x * 3.0                                         # the 3.0 becomes an unnamed leaf
    const = [v for v in g.parents if v is not x][0]
    assert [graphs.node_name(v) for v in (x, g, const)] == ["x", "*", "const"]
    assert graphs.node_label(const, show_bars=False) == "const = 3"


def test_labels_show_value_and_bar_after_backward():
    x, y, z, f = cube_times_square()
    assert graphs.node_label(f) == "f = 32"
    f.backward()
    assert graphs.node_label(x) == "x = 2\nbar = 80"     # df/dx = 5 x^4 = 80
    assert graphs.node_label(x, show_bars=False) == "x = 2"


def test_plot_graph_draws_one_box_per_node_and_one_arrow_per_edge():
    x, y, z, f = cube_times_square()
    f.backward()
    fig, ax = plt.subplots()
    assert graphs.plot_graph(f, show_bars=True, ax=ax) == (fig, ax)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 8                               # 4 boxes + 4 arrows (empty annotations)
    assert "f = 32\nbar = 1" in texts
    plt.close(fig)


def test_plot_graph_makes_a_figure_sized_to_the_graph():
    v = lectures.regularized_graph(0.8, -0.3, 1.5, 1.0, 0.1)
    fig, ax = graphs.plot_graph(v["L_reg"], named_only=True)
    w, h = fig.get_size_inches()
    assert w > h > 1.0
    plt.close(fig)


def test_rejects_a_non_node():
    with pytest.raises(TypeError, match="autodiff.Node"):
        graphs.graph_nodes(3.0)
    with pytest.raises(TypeError, match="autodiff.Node"):
        graphs.plot_graph(3.0)
