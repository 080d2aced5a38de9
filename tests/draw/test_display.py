"""Interactive: the live widget view, the static HTML form and a stable text form in one bundle."""
from __future__ import annotations

import re

import pytest

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


# --- the live/static choice against the real clients' requests (display.live_front_end) -------
# It rests on the messaging protocol's ``allow_stdin``: the tests below pin what each client
# sends, so that an upgrade that changes it fails here (tests/client checks JupyterLab and
# Notebook 7 in a browser).

PROBE = "from bpcourse.draw import display\nprint(display.live_front_end())"


def _probe_notebook():
    import nbformat
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(PROBE)]
    return nb


@pytest.mark.kernel
def test_executors_are_not_live_and_an_interactive_request_is():
    """nbclient (``make.py execute``, nbconvert) runs cells with allow_stdin false: not live; the
    same kernel serving a request as JupyterLab sends it (allow_stdin true): live."""
    from jupyter_client.manager import start_new_kernel
    from nbclient import NotebookClient
    nb = _probe_notebook()
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    assert nb.cells[0].outputs[0]["text"] == "False\n"
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        printed = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])
        kc.execute_interactive(PROBE, allow_stdin=True, timeout=120, output_hook=hook)
        assert printed == ["True\n"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


@pytest.mark.kernel
def test_nbval_runs_cells_as_an_executor(tmp_path):
    """nbval (the chapters' test) compares the static form: its requests are not live."""
    import subprocess
    import sys

    import nbformat
    nb = _probe_notebook()
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="False\n")]
    nb.cells[0].execution_count = 1
    nbformat.write(nb, tmp_path / "probe.ipynb")
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "--nbval", "--nbval-current-env", "-o", "addopts=", "probe.ipynb"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and "1 passed" in r.stdout, r.stdout[-2000:]


@pytest.mark.parametrize("front_end", ["lab", "notebook"])
def test_jupyterlab_and_notebook_7_send_execute_requests_with_allow_stdin(front_end):
    """@jupyterlab/services' ``requestExecute`` defaults (JupyterLab and Notebook 7 add only the
    code and stop_on_error): ``allow_stdin: true``, read in their installed bundles."""
    import pathlib
    import sys
    prefix = pathlib.Path(sys.prefix)
    where = {"lab": prefix / "share" / "jupyter" / "lab" / "static",
             "notebook": pathlib.Path(__import__("notebook").__file__).parent / "static"}[front_end]
    defaults = set()
    for bundle in where.glob("*.js"):
        defaults |= set(re.findall(r"requestExecute\(\w+,\w+=!0,\w+\)\{let \w+=(\{[^;]*?\}),\w+=",
                                   bundle.read_text(encoding="utf-8", errors="replace")))
    assert defaults, f"no requestExecute in {where}: read how the front end sends its requests"
    assert all("allow_stdin:!0" in d for d in defaults), defaults
