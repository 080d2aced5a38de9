"""Chapter 13: training and validation curves, early stopping."""
import matplotlib
import numpy as np
import pytest

from bpcourse import MLP, datasets, train
from bpcourse.chapters import validation as V

matplotlib.use("Agg")

Xtr, Ttr = datasets.moons(m=30, noise=0.35, seed=0)
Xva, Tva = datasets.moons(m=100, noise=0.35, seed=1)
FIT = dict(loss="bce", lr=1.0, momentum=0.9, epochs=120)


def new_net():
    return MLP([2, 16, 1], hidden="tanh", output="sigmoid", seed=0)


def test_curves_record_fit_and_the_validation_cost():
    net = new_net()
    curves = V.fit_with_validation(net, Xtr, Ttr, Xva, Tva, **FIT)
    reference = new_net()
    history = train.fit(reference, Xtr, Ttr, **FIT)
    assert curves.train == history.loss
    J_val = train.vectorized_cost(reference, Xva, Tva, "bce")
    assert curves.validation[-1] == pytest.approx(J_val, rel=1e-12)
    assert curves.best_epoch == int(np.argmin(curves.validation)) + 1
    J_best = train.vectorized_cost(curves.best_net, Xva, Tva, "bce")
    assert J_best == pytest.approx(curves.best_validation, rel=1e-12)
    assert len(curves.train) == 120


def test_early_stopping_stops_patience_epochs_after_the_best():
    full = V.fit_with_validation(new_net(), Xtr, Ttr, Xva, Tva, **FIT)
    assert full.best_epoch + 10 < 120                    # this problem overfits within 120 epochs
    early = V.fit_with_validation(new_net(), Xtr, Ttr, Xva, Tva, patience=10, **FIT)
    assert len(early.train) == early.best_epoch + 10
    assert early.best_epoch == full.best_epoch and early.train == full.train[:len(early.train)]


def test_best_and_stop_on_a_hand_made_curve():
    costs = [5.0, 4.0, 3.0, 3.5, 3.0, 2.5, 2.6, 2.7, 2.8, 2.9]
    assert V.best_and_stop(costs, 2) == (3, 5)          # 3.0 at epoch 5 does not beat 3.0 at epoch 3
    assert V.best_and_stop(costs, 3) == (6, 9)
    assert V.best_and_stop(costs, 5) == (6, None)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="patience"):
        V.fit_with_validation(new_net(), Xtr, Ttr, Xva, Tva, patience=0, **FIT)
    with pytest.raises(TypeError, match="patience"):
        V.fit_with_validation(new_net(), Xtr, Ttr, Xva, Tva, patience=2.5, **FIT)


def test_plot_curves_draws_both_curves_and_the_best_epoch():
    import matplotlib.pyplot as plt
    curves = V.Curves(train=[1.0, 0.5, 0.2], validation=[1.0, 0.6, 0.8], best_epoch=2)
    fig, ax = plt.subplots()
    V.plot_curves(ax, curves, "t")
    train_line, val_line, best = ax.get_lines()
    assert list(val_line.get_ydata()) == [1.0, 0.6, 0.8] and list(best.get_xdata()) == [2, 2]
    plt.close(fig)
