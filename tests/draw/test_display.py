"""Interactive: the live widget view, the static HTML form and a stable text form in one bundle."""
from __future__ import annotations

import re

import ipywidgets as w
import matplotlib
import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation

from bpcourse.draw import display

matplotlib.use("Agg")


def test_bundle_has_live_view_static_html_and_summary():
    slider = w.IntSlider(value=3)
    item = display.Interactive(slider, "<p>static</p>", "slider explorer")
    bundle = item._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == slider.model_id
    assert bundle["text/html"] == "<p>static</p>"
    assert bundle["text/plain"] == "slider explorer" == repr(item)


def test_figure_html_embeds_png_with_alt_text_and_caption():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    html = display.figure_html(fig, alt='a line "down"', caption="Caption <1>")
    assert re.search(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{100,}"', html)
    assert 'alt="a line &quot;down&quot;"' in html and "Caption &lt;1&gt;" in html
    assert not plt.fignum_exists(fig.number)        # this figure was closed (not others')


def test_grid_html_holds_every_figure():
    items = []
    for k in range(3):
        fig, ax = plt.subplots()
        items.append((fig, f"alt {k}", f"k = {k}"))
    html = display.grid_html(items, columns=3, title="Three")
    assert html.count("<img ") == 3 and "k = 2" in html and "Three" in html


def _animation():
    fig, ax = plt.subplots()
    (line,) = ax.plot([0, 1], [0, 0])
    return FuncAnimation(fig, lambda i: line.set_ydata([0, i]), frames=4)


def test_animation_html_is_deterministic_and_self_contained():
    a, b = display.animation_html(_animation(), "moving line"), display.animation_html(_animation(), "moving line")
    assert a == b
    assert 'aria-label="moving line"' in a
    assert a.count("data:image/png;base64") == 4 + 1          # the frames, and the last as poster
    assert "http://" not in a and "https://" not in a and "class=\"fa " not in a


def test_a_stored_figure_keeps_its_dpi():
    """The palette PNG keeps the pHYs chunk: the page (and its legibility check) reads the dpi."""
    import io

    from PIL import Image
    fig = plt.figure(figsize=(2, 1))
    fig.gca().plot([0, 1])
    png = display.png_bytes(fig, dpi=100, palette=True)
    im = Image.open(io.BytesIO(png))
    assert im.mode == "P" and im.size[0] <= 200
    assert round(im.info["dpi"][0]) == 100
