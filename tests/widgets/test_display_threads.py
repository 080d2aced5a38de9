"""The display machinery under JupyterLab's defaults: callbacks on several threads at once.

JupyterLab 4.4+ sends widget comm messages over kernel subshells, so two callbacks of one
widget can run at the same time on different threads. ``display.Canvas`` serializes every
drawing under one lock and skips requests overtaken by newer ones; ``Interactive`` builds the
static form only for executors without a live widget front end.
"""
from __future__ import annotations

import base64
import io
import re
import threading
import time

import ipywidgets as w
import matplotlib
import numpy as np
import pytest
from PIL import Image

from bpcourse.draw import display
from bpcourse.widgets import training, universality

matplotlib.use("Agg")


def _run_threads(fns):
    errors = []

    def wrap(f):
        try:
            f()
        except Exception as e:              # noqa: BLE001 - the test reports it
            errors.append(repr(e))
    threads = [threading.Thread(target=wrap, args=(f,)) for f in fns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


def test_canvas_draws_one_at_a_time_and_ends_at_the_latest_state():
    state = {"value": 0, "inside": 0, "most": 0, "draws": 0}

    def draw():
        state["inside"] += 1
        state["most"] = max(state["most"], state["inside"])
        time.sleep(0.01)                    # long enough for the other threads to pile up
        state["draws"] += 1
        shown = state["value"]
        state["inside"] -= 1
        return None, f"value {shown}"

    canvas = display.Canvas(draw)

    def request(v):
        return lambda: canvas.update(lambda: state.__setitem__("value", max(state["value"], v)))
    n = 40
    assert _run_threads([request(v) for v in range(1, n + 1)]) == []
    assert state["most"] == 1                               # never two drawings at once
    assert state["value"] == n                              # every change was applied
    assert canvas.out.outputs[-1]["text"] == f"value {n}\n"  # and the last picture shows it
    assert state["draws"] < n                               # overtaken requests did not draw


def test_a_stale_action_is_dropped_but_a_change_is_not():
    ran = []
    canvas = display.Canvas(lambda: (None, "x"))
    gate = threading.Event()

    def slow():
        ran.append("first")
        gate.wait(5)

    t1 = threading.Thread(target=canvas.update, args=(slow,), kwargs={"skip_if_stale": True})
    t1.start()
    while not ran:
        time.sleep(0.001)
    waiting = [threading.Thread(target=canvas.update, args=(lambda k=k: ran.append(k),),
                                kwargs={"skip_if_stale": True}) for k in ("second", "third")]
    for t in waiting:
        t.start()
        time.sleep(0.05)                    # "second" asks before "third"
    gate.set()
    for t in [t1, *waiting]:
        t.join(10)
    assert ran == ["first", "third"]        # "second" was overtaken while it waited


def _png_is_blank(b64: str) -> bool:
    im = np.asarray(Image.open(io.BytesIO(base64.b64decode(b64))).convert("L"), dtype=float)
    return im.std() < 5


def test_universality_builder_never_comes_back_blank_under_concurrent_changes():
    ui = universality.universality_builder()
    [target] = [c for c in ui.widget.children[0].children if isinstance(c, w.Dropdown)]
    [n] = [c for c in ui.widget.children[0].children if isinstance(c, w.IntSlider)]
    out = ui.widget.children[-1]
    names = list(universality.TARGETS)
    fns = [lambda k=k: setattr(target, "value", names[k % len(names)]) for k in range(6)]
    fns += [lambda k=k: setattr(n, "value", 3 + k) for k in range(6)]
    assert _run_threads(fns) == []
    png = out.outputs[0]["data"]["image/png"]
    assert not _png_is_blank(png)
    height = Image.open(io.BytesIO(base64.b64decode(png))).height
    assert height > 250                      # the whole figure, not a title strip


@pytest.mark.slow
def test_training_playground_survives_two_train_clicks_at_once():
    ui = training.training_playground()
    walk = [ui.widget]
    controls = []
    while walk:
        x = walk.pop()
        controls.append(x)
        walk.extend(getattr(x, "children", ()))
    [go] = [c for c in controls if isinstance(c, w.Button) and c.description == "Train"]
    [epochs] = [c for c in controls if isinstance(c, w.IntSlider) and c.description == "epochs"]
    [status] = [c for c in controls if isinstance(c, w.Label)]
    epochs.value = 30
    for _ in range(3):                      # a double click, three times: no ParseException
        assert _run_threads([go.click, go.click]) == []
        assert status.value.startswith("run ") and "accuracy" in status.value, status.value
        assert not go.disabled
    assert int(status.value.split(":")[0].split()[1]) >= 3


def test_static_form_is_built_only_without_a_live_front_end(monkeypatch):
    calls = []

    def static():
        calls.append(1)
        return display.StaticHTML("<p>static</p>", base64.b64encode(b"png").decode(), "alt")
    item = display.Interactive(w.IntSlider(), static, "summary")
    monkeypatch.setattr(display, "live_front_end", lambda: True)               # JupyterLab
    bundle = item._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "text/plain"} and not calls
    monkeypatch.setattr(display, "live_front_end", lambda: False)              # nbclient, nbval
    bundle = item._repr_mimebundle_()
    assert bundle["text/html"] == "<p>static</p>" and bundle["image/png"] == "cG5n"
    item._repr_mimebundle_()
    assert calls == [1]                                                        # built once


def test_grid_has_one_png_fallback_holding_every_figure():
    import matplotlib.pyplot as plt
    items = []
    for k in range(3):
        fig, ax = plt.subplots(figsize=(2, 2))
        ax.plot([0, 1], [k, 0])
        items.append((fig, f"alt {k}", f"k = {k}"))
    html = display.grid_html(items, columns=2, title="Three")
    widths = [int(x) for x in __import__("re").findall(r'width="(\d+)"', html)]
    fallback = Image.open(io.BytesIO(base64.b64decode(html.png)))
    assert len(widths) == 3 and fallback.width == widths[0] + 8 + widths[1]   # two columns, 8 px gap
    assert html._repr_mimebundle_()["image/png"] == html.png


def test_animation_shows_its_last_frame_and_no_dead_controls_without_javascript():
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation
    fig, ax = plt.subplots(figsize=(2, 2))
    (line,) = ax.plot([0, 1], [0, 0])
    anim = FuncAnimation(fig, lambda i: line.set_ydata([0, i]), frames=3, interval=250)
    html = display.animation_html(anim, "a line rising")
    assert not plt.fignum_exists(fig.number)                 # the animation's figure is closed
    frames = re.findall(r'frames\[\d+\] = "data:image/png;base64,([^"]*)"', html)
    assert len(frames) == 3 and html.png == frames[-1].replace("\\\n", "")
    assert re.search(r'<img id="_anim_img\w+" alt="a line rising" src="data:image/png;base64,', html)
    assert '<div class="anim-controls" style="display:none">' in html     # the script shows them
    assert "parentNode.style.display = ''" in html
    assert 'aria-label="frame"' in html and 'role="img"' not in html
    assert re.search(r"new Animation\(frames, img_id, slider_id, 250\.0,", html)   # its interval


def test_animation_html_is_matplotlibs_player_edited_and_fails_loudly_if_it_changes(monkeypatch):
    """The player is matplotlib's ``to_jshtml`` (same frames, same script) with each edit
    applied; a template without the text an edit expects is an error, not a silent no-op."""
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    def anim():
        fig, ax = plt.subplots(figsize=(2, 2))
        (line,) = ax.plot([0, 1], [0, 0])
        return FuncAnimation(fig, lambda i: line.set_ydata([0, i]), frames=2, interval=400)
    a = anim()
    theirs = a.to_jshtml(default_mode="once")
    plt.close("all")
    ours = display.player_html(anim(), fps=1000 / 400)
    ids = re.compile(r"[0-9a-f]{32}")
    assert ids.sub("ID", ours) == ids.sub("ID", theirs)
    edited = display.animation_html(anim(), "x")
    for icon in display._ICONS:                                 # every icon the template has
        assert icon in theirs and icon not in edited
    real = display.player_html
    for old in ('<div class="anim-controls">', "    setTimeout(function() {\n",
                'class="fa fa-pause"', 'type="range" class="anim-slider"'):
        monkeypatch.setattr(display, "player_html",
                            lambda *a, old=old, **k: real(*a, **k).replace(old, "<changed>"))
        with pytest.raises(RuntimeError, match="matplotlib's animation player changed"):
            display.animation_html(anim(), "x")
    assert plt.get_fignums() == []


class _Kernel:
    """What ``live_front_end`` reads of ipykernel: the request being served."""

    def __init__(self, parent):
        self.parent = parent

    def get_parent(self, channel=None):
        return self.parent


def test_live_front_end_reads_the_request_being_served(monkeypatch):
    import IPython

    class Shell:
        kernel = None
    shell = Shell()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    requests = {   # content as each client sends it (JupyterLab: @jupyterlab/services defaults)
        "jupyterlab": ("execute_request", {"code": "", "stop_on_error": True, "silent": False,
                                           "store_history": True, "user_expressions": {},
                                           "allow_stdin": True}),
        "nbclient": ("execute_request", {"code": "", "allow_stdin": False}),
        "nbval": ("execute_request", {"code": "", "allow_stdin": False}),
        "widget callback": ("comm_msg", {"comm_id": "c", "data": {}}),
        "no request": (None, None),
    }
    seen = {}
    for who, (kind, content) in requests.items():
        shell.kernel = _Kernel({"header": {"msg_type": kind}, "content": content} if kind else {})
        seen[who] = display.live_front_end()
    shell.kernel = None
    seen["no kernel"] = display.live_front_end()
    assert seen == {"jupyterlab": True, "nbclient": False, "nbval": False,
                    "widget callback": True, "no request": False, "no kernel": False}


def test_train_shows_progress_before_training_starts(monkeypatch):
    ui = training.training_playground()
    walk, controls = [ui.widget], []
    while walk:
        x = walk.pop()
        controls.append(x)
        walk.extend(getattr(x, "children", ()))
    [go] = [c for c in controls if isinstance(c, w.Button) and c.description == "Train"]
    [status] = [c for c in controls if isinstance(c, w.Label)]
    [progress] = [c for c in controls if isinstance(c, w.IntProgress)]
    seen = []
    real = training.train_on

    def spy(*args, **kw):
        seen.append((status.value, progress.value, go.disabled, time.monotonic()))
        return real(*args, **kw)
    monkeypatch.setattr(training, "train_on", spy)
    start = time.monotonic()
    go.click()
    [(text, value, disabled, when)] = seen
    assert text == "training…" and value == 0 and disabled and when - start < 0.2
    assert status.value.startswith("run 1:") and not go.disabled


def test_static_html_displays_as_html_png_and_its_alt_text(monkeypatch):
    import IPython.display
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append((obj, raw)))
    display.StaticHTML("<p>x</p>", "cG5n", "a picture")._ipython_display_()
    assert shown == [({"text/html": "<p>x</p>", "text/plain": "a picture", "image/png": "cG5n"}, True)]
