"""The training playground (bpcourse.widgets.training): its logic as plain functions, then the widget."""
import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from bpcourse.draw import display  # noqa: E402
from bpcourse import train  # noqa: E402
from bpcourse.widgets import training  # noqa: E402


def test_load_gives_each_data_set():
    X, T = training.load("xor")
    assert X.shape == (4, 2) and T.ravel().tolist() == [0, 1, 1, 0]
    for name in ["circles", "moons", "spiral"]:
        X, T = training.load(name)
        assert X.shape == (200, 2) and T.shape == (200, 1) and T.mean() == 0.5


@pytest.mark.parametrize("name, min_accuracy", [("xor", 1.0), ("circles", 0.95),
                                                ("moons", 0.95), ("spiral", 0.9)])
def test_each_preset_trains_its_data_set(name, min_accuracy):
    r = training.train_on(name, **training.PRESETS[name])
    assert len(r.history.loss) == training.PRESETS[name]["epochs"]
    assert r.final_loss < 0.5 * r.initial_loss
    assert r.accuracy >= min_accuracy


def test_circles_need_enough_hidden_units():
    few = training.train_on("circles", hidden=[1], lr=0.5, batch_size=20, epochs=60)
    enough = training.train_on("circles", hidden=[6], lr=0.5, batch_size=20, epochs=60)
    assert few.accuracy < 0.8 < 0.9 < enough.accuracy     # one line cannot enclose a ring
    no_hidden = training.train_on("circles", hidden=[], lr=0.5, batch_size=20, epochs=30)
    assert no_hidden.net.sizes == [2, 1] and no_hidden.accuracy < 0.7


def test_step_units_do_not_learn_their_features():
    r = training.train_on("circles", hidden=[4], activation="step", lr=1.0, epochs=30)
    start = training.train_on("circles", hidden=[4], activation="step", lr=1.0, epochs=1)
    assert np.array_equal(r.net.weights[0], start.net.weights[0])
    assert r.accuracy < 0.7


def test_callback_sees_every_epoch_and_the_history():
    seen = []
    r = training.train_on("moons", hidden=[3], epochs=7, batch_size=50,
                          callback=lambda epoch, net, J: seen.append((epoch, J)))
    assert [e for e, _ in seen] == list(range(7))
    assert [J for _, J in seen] == r.history.loss


@pytest.mark.parametrize("kw, error, words", [
    (dict(dataset="iris"), ValueError, "dataset"),
    (dict(activation="softmax"), ValueError, "activation"),
    (dict(loss="hinge"), ValueError, "loss"),
    (dict(hidden=[0]), ValueError, "positive integer"),
    (dict(hidden="8"), TypeError, "list of hidden-layer widths"),
    (dict(lr=0.0), ValueError, "lr"),
    (dict(epochs=0), ValueError, "epochs"),
    (dict(dataset="xor", batch_size=20), ValueError, "larger than the 4"),
])
def test_invalid_choices_are_refused(kw, error, words):
    with pytest.raises(error, match=words):
        training.train_on(**{"epochs": 2, **kw})


def test_accuracy_counts_the_right_side_of_one_half():
    r = training.train_on("xor", hidden=[2], epochs=1)
    Y = r.net.forward(r.X)
    assert train.accuracy(r.net, r.X, r.T) == np.mean((Y > 0.5) == (r.T > 0.5))


def test_static_form_shows_the_four_data_sets():
    html = training.static_form()
    assert html.count("<img") == 4
    for name in training.DATASETS:
        assert f"Decision regions of a network trained on {name}" in html
    # each caption states the settings and the accuracy reached (XOR: all four points)
    assert f"{training._describe('xor', training.PRESETS['xor'])}: accuracy 100%" in html


@pytest.mark.parametrize("epochs, expected", [
    (100, [10, 20, 30, 40, 50, 60, 70, 80, 90]),    # every tenth of the run, not the last
    (25, [3, 6, 9, 12, 15, 18, 21, 24]),             # ceil(25 / 10) = 3
    (5, [1, 2, 3, 4]), (1, [])])
def test_redraw_epochs_spread_the_pictures_over_the_run(epochs, expected):
    assert training.redraw_epochs(epochs) == expected
    assert len(training.redraw_epochs(epochs)) < training.FRAMES


def test_seed_changes_the_random_start_not_the_data():
    a = training.train_on("moons", hidden=[3], epochs=2, seed=0)
    b = training.train_on("moons", hidden=[3], epochs=2, seed=1)
    np.testing.assert_array_equal(a.X, b.X)
    assert not np.array_equal(a.net.weights[0], b.net.weights[0])
    assert a.initial_loss != b.initial_loss
    again = training.train_on("moons", hidden=[3], epochs=2, seed=1)
    assert again.history.loss == b.history.loss


def test_playground_redraws_while_it_trains(monkeypatch):
    import ipywidgets as w
    monkeypatch.setattr(training, "static_form", lambda: "<p>static</p>")
    monkeypatch.setattr(training, "FRAMES", 4)            # fewer pictures: a faster test
    shown = []
    real_show = display.Canvas.show

    def show(self, fig, text=None):
        two = fig is not None and len(fig.axes) == 2       # regions and loss curve
        shown.append((fig.axes[0].get_title() if two else None,
                      len(fig.axes[1].lines[0].get_ydata()) if two else None))
        real_show(self, fig, text)

    monkeypatch.setattr(display.Canvas, "show", show)
    ui = training.training_playground()
    [epochs] = _find(ui.widget, w.IntSlider, "epochs")
    [seed] = _find(ui.widget, w.BoundedIntText, "random start")
    [go] = _find(ui.widget, w.Button, "Train")
    [status] = _find(ui.widget, w.Label)
    epochs.value = 20
    shown.clear()
    go.click()
    # a picture every 20 / 4 = 5 epochs while training (the loss curve so far), then the last
    assert [n for _, n in shown[:-1]] == [5, 10, 15]
    assert [t.split(":")[0] for t, _ in shown] == ["epoch 5", "epoch 10", "epoch 15", "epoch 20"]
    first = status.value
    seed.value = 3
    go.click()
    assert "random start 3" in status.value and status.value.split("J ")[1] != first.split("J ")[1]


def _find(widget, cls, description=None):
    import ipywidgets as w
    found = []
    stack = [widget]
    while stack:
        x = stack.pop()
        if isinstance(x, cls) and (description is None or x.description == description):
            found.append(x)
        if isinstance(x, w.Box):
            stack.extend(x.children)
    return found


def test_playground_trains_on_click_with_progress(monkeypatch):
    import ipywidgets as w
    monkeypatch.setattr(training, "static_form", lambda: "<p>static</p>")
    monkeypatch.setattr(training, "FRAMES", 2)            # one picture while training
    ui = training.training_playground()
    assert isinstance(ui, display.Interactive) and ui.static_html == "<p>static</p>"
    [dataset] = _find(ui.widget, w.Dropdown, "data set")
    [epochs] = _find(ui.widget, w.IntSlider, "epochs")
    [progress] = _find(ui.widget, w.IntProgress)
    [status] = _find(ui.widget, w.Label)
    [preset] = _find(ui.widget, w.Button, "preset for data set")
    [go] = _find(ui.widget, w.Button, "Train")
    [hidden] = _find(ui.widget, w.Text)
    [full] = _find(ui.widget, w.Checkbox)
    [lr] = _find(ui.widget, w.SelectionSlider, "learning rate")
    assert lr.value == 0.5 and lr.label == "0.5"          # shown exactly, not as 0.501

    dataset.value = "xor"
    preset.click()
    assert hidden.value == "3" and epochs.value == training.PRESETS["xor"]["epochs"]
    assert full.value and lr.value == pytest.approx(2.0)
    epochs.value = 20
    go.click()
    assert progress.max == progress.value == 20
    r = training.train_on("xor", **{**training.PRESETS["xor"], "epochs": 20})
    assert status.value == (f"run 1: [2, 3, 1] sigmoid, random start 0, J {r.initial_loss:.4f} → "
                            f"{r.final_loss:.4f}, accuracy {r.accuracy:.0%}")

    hidden.value = "two"
    go.click()
    assert status.value.startswith("hidden: give widths")
    hidden.value = "4"
    [batch] = _find(ui.widget, w.IntSlider, "batch size")
    full.value, batch.value, epochs.value = False, 20, 10
    go.click()                         # XOR has 4 points: the batch size is clamped to 4
    assert status.value.startswith("run 2: [2, 4, 1] sigmoid, random start 0, J ")
    assert progress.value == 10
