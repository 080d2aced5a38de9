"""MLP's initializations: the standard deviation each promises, measured on a large layer."""
import numpy as np
import pytest

from bpcourse import MLP


@pytest.mark.parametrize("init, std", [
    ("normal", lambda p_in, p_out: 1 / np.sqrt(p_in)),
    ("xavier", lambda p_in, p_out: np.sqrt(2 / (p_in + p_out))),
    ("he", lambda p_in, p_out: np.sqrt(2 / p_in)),
])
def test_empirical_std_of_each_layer(init, std):
    sizes = [400, 300, 100]
    net = MLP(sizes, init=init, seed=0)
    for W, b, p_in, p_out in zip(net.weights, net.biases, sizes[:-1], sizes[1:]):
        # 30,000+ draws: the sample std is within 2 % of the true one (its relative sd is 0.4 %)
        assert W.std() == pytest.approx(std(p_in, p_out), rel=0.02)
        assert abs(W.mean()) < 4 * std(p_in, p_out) / np.sqrt(W.size)
        assert np.array_equal(b, np.zeros(p_out))


@pytest.mark.parametrize("init", ["normal", "xavier", "he"])
def test_a_seed_reproduces_the_weights(init):
    a, b, c = (MLP([5, 7, 2], init=init, seed=s) for s in (3, 3, 4))
    assert np.array_equal(a.params().flat(), b.params().flat())
    assert not np.array_equal(a.params().flat(), c.params().flat())


def test_xavier_and_he_differ_from_normal_only_in_scale():
    # the same seed draws the same standard normals; only the std multiplies them
    n, x, h = (MLP([8, 2], init=i, seed=1).weights[0] for i in ("normal", "xavier", "he"))
    np.testing.assert_allclose(x, n * np.sqrt(8) * np.sqrt(2 / 10), rtol=1e-12)
    np.testing.assert_allclose(h, n * np.sqrt(8) * np.sqrt(2 / 8), rtol=1e-12)
