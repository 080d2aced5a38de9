"""Showing a widget so that it works live in a kernel, in the static site and in a stored notebook.

``Interactive(widget, static, summary)`` is what every function in ``bpcourse.widgets``
returns. Its display bundle carries

- ``application/vnd.jupyter.widget-view+json``: the live widget (JupyterLab, Notebook 7,
  VS Code and Binder draw this one when a kernel is running);
- ``text/html``: the kernel-free form, a figure, a grid of figures or a JavaScript
  animation, which the built site shows (``_config.yml`` makes myst-nb prefer text/html);
- ``image/png``: the same form as one picture, for viewers that show no HTML of an untrusted
  notebook (JupyterLab runs no stored JavaScript, GitHub and VS Code show the PNG);
- ``text/plain``: a one-line summary, which nbval compares with the HTML's text.

The static form is built when the bundle is asked for, and only if the kernel has no live
widget front end (see ``live_front_end``): nbclient, nbval and ``scripts/execute_notebooks.py``
store it, while JupyterLab and Notebook 7, which show the live view instead, get the widget
at once instead of seconds later.

A live widget redraws through a ``Canvas``, the one place where it draws; see ``Canvas`` for
why every drawing takes ``DRAW_LOCK``.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import html
import io
import os
import re
import tempfile
import threading
from typing import Callable

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.animation import HTMLWriter

DPI = 100         # static forms: 9 pt text is 12.5 px, shown at its natural size (see _img)
LIVE_DPI = 90     # live views, redrawn on every change

#: Every figure a widget draws is drawn while holding this lock (see ``Canvas``).
DRAW_LOCK = threading.RLock()

# Font Awesome classes used by matplotlib's JavaScript player, and plain-text stand-ins.
_ICONS = {   # characters every common font has (DejaVu, Liberation, system UI fonts)
    "fa fa-minus": "&minus;", "fa fa-plus": "+",
    "fa fa-fast-backward": "&#x21E4;", "fa fa-fast-forward": "&#x21E5;",
    "fa fa-step-backward": "&lsaquo;", "fa fa-step-forward": "&rsaquo;",
    "fa fa-play fa-flip-horizontal": "&#x25C0;", "fa fa-play": "&#x25B6;",
    "fa fa-pause": "&#x2016;",
}
# A light panel with dark text: readable (WCAG AA) in the site's light and dark modes alike,
# since the figures themselves are drawn on white.
PANEL = "background:#ffffff;color:#1f1f1f;padding:8px;border-radius:6px;margin:0"


def live_front_end() -> bool:
    """True when the code runs for a front end a person works in (which shows the widget view).

    The sign is the request the kernel is serving (``get_parent``, ipykernel's public API), read
    by the Jupyter messaging protocol's public fields: JupyterLab, Notebook 7 and VS Code send
    each ``execute_request`` with ``allow_stdin: true`` (someone can answer ``input()``);
    notebook executors (nbclient, hence ``scripts/execute_notebooks.py`` and nbconvert; nbval,
    papermill) send ``allow_stdin: false``, nobody being there to type. A widget callback
    serves a ``comm_msg``, which only a front end with a widget manager sends. Elsewhere (no
    kernel, a plain script) this is False and the static form is built: slower, never wrong.
    """
    try:
        from IPython import get_ipython
        kernel = getattr(get_ipython(), "kernel", None)
        parent = (kernel.get_parent("shell") if kernel is not None else None) or {}
    except Exception:          # noqa: BLE001 - no IPython, an older ipykernel: not live
        return False
    kind = (parent.get("header") or {}).get("msg_type")
    if kind == "execute_request":
        return (parent.get("content") or {}).get("allow_stdin") is True
    return kind in ("comm_msg", "comm_open")


class StaticHTML(str):
    """HTML of a static form (a ``str``) with the same form as one PNG (base64) for viewers that
    show no HTML; displayed, it gives both, and ``alt`` as text."""

    png: str | None = None
    alt: str = ""

    def __new__(cls, text: str, png: str | None = None, alt: str = ""):
        obj = super().__new__(cls, text)
        obj.png, obj.alt = png, alt
        return obj

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": str(self), "text/plain": self.alt or "<static figure>"}
        if self.png:
            bundle["image/png"] = self.png
        return bundle

    def _ipython_display_(self):
        # IPython's text formatter for ``str`` would override the bundle's text/plain with
        # the whole HTML; displaying the bundle itself keeps it the one-line alt text
        from IPython.display import display
        display(self._repr_mimebundle_(), raw=True)


class Interactive:
    """A live ipywidget together with its kernel-free form.

    ``static`` is the form's HTML, or a function returning it, called only when the form is
    needed (``StaticHTML`` also carries the PNG fallback).
    """

    def __init__(self, widget, static: str | Callable[[], str], summary: str):
        self.widget = widget
        self._static = static
        self.summary = summary

    @property
    def static_html(self) -> str:
        if callable(self._static):
            with DRAW_LOCK:
                if callable(self._static):
                    self._static = self._static()
        return self._static

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {}
        live = self.widget is not None and hasattr(self.widget, "_repr_mimebundle_")
        if live:
            bundle.update(self.widget._repr_mimebundle_() or {})
        if not (live and live_front_end()):
            static = self.static_html
            bundle["text/html"] = str(static)
            if getattr(static, "png", None):
                bundle["image/png"] = static.png
        bundle["text/plain"] = self.summary
        return bundle

    def __repr__(self) -> str:
        return self.summary


class Canvas:
    """The one place a live widget draws: an ``ipywidgets.Output`` showing a figure and text.

    Why a lock, and why only the latest request draws: JupyterLab 4.4+ sends widget comm
    messages over kernel subshells (ipykernel 7), so a callback can run on another thread than
    the cell that built the widget, and two callbacks can run at once. matplotlib is not
    thread-safe (pyplot's figure list, mathtext's parser: overlapping draws gave blank images
    and ParseExceptions). So every drawing holds ``DRAW_LOCK``, one lock for all widgets,
    taken here and nowhere else in a callback. A slider dragged quickly queues many requests;
    waiting requests that a newer one overtook skip the drawing (their ``change`` still
    applies, in order), so the picture always ends at the latest state and no time is spent
    on stale ones. ``update(action, skip_if_stale=True)`` drops a stale action entirely
    (a Train click made while another run was waiting).

    ``draw()`` returns ``(figure or None, text or None)`` for the current state; the figure is
    rendered to PNG and closed here.
    """

    def __init__(self, draw: Callable[[], tuple], dpi: int = LIVE_DPI):
        import ipywidgets
        self.out = ipywidgets.Output()
        self._draw = draw
        self.dpi = dpi
        self._latest = 0
        self._count_lock = threading.Lock()
        self._local = threading.local()

    def update(self, change: Callable[[], object] | None = None, skip_if_stale: bool = False) -> None:
        """Apply ``change`` (if given), then draw, unless a newer request is already waiting."""
        if getattr(self._local, "inside", False):   # called from this canvas's own change/draw
            if change is not None:                  # (a control set by code): the outer draws
                change()
            return
        with self._count_lock:
            self._latest += 1
            ticket = self._latest
        with DRAW_LOCK:
            if skip_if_stale and ticket != self._latest:
                return
            self._local.inside = True
            try:
                if change is not None:
                    change()
                if ticket == self._latest:
                    fig, text = self._draw()
                    self.show(fig, text)
            finally:
                self._local.inside = False

    def start(self) -> None:
        """The first picture: drawn now, or, with a live front end and the kernel's event loop
        running, right after the cell's output is shown (the widget appears at once). The
        deferred drawing runs on the kernel's main thread, between cells, so it never overlaps
        the figures of the next cell that Run All executes."""
        if live_front_end():
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                loop = None
            if loop is not None:
                loop.call_soon(self.update)
                return
        self.update()

    def show(self, fig, text: str | None = None) -> None:
        """Show ``fig`` (closed afterwards) and a line of text now (the caller holds the lock)."""
        outputs = []
        if fig is not None:
            outputs.append({"output_type": "display_data", "metadata": {},
                            "data": {"image/png": png_base64(fig, self.dpi),
                                     "text/plain": text or "<figure>"}})
        if text:
            outputs.append({"output_type": "stream", "name": "stdout", "text": text + "\n"})
        # set the Output's contents directly (no ``with out:`` capture, which depends on the
        # thread's current message): the same in a live kernel and under notebook executors
        self.out.outputs = tuple(outputs)


def png_bytes(fig, dpi: int = DPI, palette: bool = False) -> bytes:
    """The figure as PNG bytes (the figure is closed afterwards); ``palette``: at most 256
    colours, a third of the size for a stored figure (see ``_palette``)."""
    buf = io.BytesIO()
    with DRAW_LOCK:
        try:
            fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
        finally:
            plt.close(fig)
    return _palette(buf.getvalue()) if palette else buf.getvalue()


def _palette(png: bytes) -> bytes:
    """The PNG with at most 256 colours (median cut, no dithering): a matplotlib figure has few
    colours besides its shaded regions, which keep their look; the file is about 3x smaller."""
    from PIL import Image
    original = Image.open(io.BytesIO(png))
    dpi = original.info.get("dpi")           # keep the pHYs chunk: the page reads the dpi from it
    buf = io.BytesIO()
    original.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                     dither=Image.Dither.NONE).save(
        buf, format="PNG", optimize=True, **({"dpi": dpi} if dpi else {}))
    return buf.getvalue()


def png_base64(fig, dpi: int = DPI) -> str:
    """The figure as a base64 PNG (the figure is closed afterwards)."""
    return base64.b64encode(png_bytes(fig, dpi)).decode("ascii")


def _img(png: bytes, alt: str) -> str:
    """An ``<img>`` shown at its natural size (1 image pixel per CSS pixel at 100 dpi: text as
    drawn), never wider than the page."""
    from PIL import Image
    width = Image.open(io.BytesIO(png)).width
    data = base64.b64encode(png).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" width="{width}" '
            f'style="max-width:100%;height:auto">')


def figure_html(fig, alt: str, caption: str | None = None, dpi: int = DPI) -> StaticHTML:
    """A figure as an ``<img>`` with alt text (and an optional caption), PNG embedded."""
    png = png_bytes(fig, dpi, palette=True)
    img = _img(png, alt)
    b64 = base64.b64encode(png).decode("ascii")
    if caption is None:
        return StaticHTML(f'<div class="bpcourse-static" style="{PANEL}">{img}</div>', b64, alt)
    return StaticHTML(f'<figure class="bpcourse-static" style="{PANEL}">{img}'
                      f'<figcaption style="color:#1f1f1f">{html.escape(caption)}</figcaption></figure>',
                      b64, alt)


def stitch(pngs: list[bytes], columns: int, gap: int = 8) -> bytes:
    """Several PNGs in one, ``columns`` per row on white (the fallback picture of a grid)."""
    from PIL import Image
    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pngs]
    rows = [images[i:i + columns] for i in range(0, len(images), columns)]
    width = max(sum(im.width for im in row) + gap * (len(row) - 1) for row in rows)
    height = sum(max(im.height for im in row) for row in rows) + gap * (len(rows) - 1)
    canvas = Image.new("RGB", (width, height), "white")
    y = 0
    for row in rows:
        x = 0
        for im in row:
            canvas.paste(im, (x, y))
            x += im.width + gap
        y += max(im.height for im in row) + gap
    buf = io.BytesIO()
    canvas.save(buf, format="PNG")
    return _palette(buf.getvalue())


def grid_html(items: list[tuple], columns: int = 3, title: str | None = None) -> StaticHTML:
    """Several figures in a grid; ``items`` are (fig, alt, caption) tuples. Its PNG fallback
    is the figures stitched together."""
    pngs, cells = [], []
    for fig, alt, caption in items:
        png = png_bytes(fig, palette=True)
        pngs.append(png)
        cap = f'<figcaption style="color:#1f1f1f">{html.escape(caption)}</figcaption>' if caption else ""
        cells.append(f'<div style="flex:1 0 {100 // columns - 2}%;min-width:180px">'
                     f'<figure style="margin:0">{_img(png, alt)}{cap}</figure></div>')
    head = f'<p style="color:#1f1f1f"><strong>{html.escape(title)}</strong></p>' if title else ""
    text = (f'<div class="bpcourse-static" style="{PANEL}">{head}'
            f'<div style="display:flex;flex-wrap:wrap;gap:8px">{"".join(cells)}</div></div>')
    alt = title or "; ".join(alt for _, alt, _ in items)
    return StaticHTML(text, base64.b64encode(stitch(pngs, columns)).decode("ascii"), alt)


def combine(*parts: StaticHTML, columns: int = 1) -> StaticHTML:
    """Static forms one after the other (HTML concatenated, PNG fallbacks stitched)."""
    pngs = [base64.b64decode(p.png) for p in parts if getattr(p, "png", None)]
    png = base64.b64encode(stitch(pngs, columns)).decode("ascii") if pngs else None
    return StaticHTML("".join(str(p) for p in parts), png, " ".join(p.alt for p in parts if getattr(p, "alt", "")))


_FRAME = re.compile(r'frames\[(\d+)\] = "data:image/png;base64,([^"]*)"')


class _Player(HTMLWriter):
    """matplotlib's JavaScript player (what ``Animation.to_jshtml`` writes), keeping the figure
    ``Animation.save`` hands it, so that the figure can be closed."""

    figure = None

    def setup(self, fig, outfile, dpi=None, frame_dir=None):
        self.figure = fig
        super().setup(fig, outfile, dpi, frame_dir)


def _edit(text: str, pattern: str, repl, count: int = 1) -> str:
    """``text`` with the first ``count`` matches of ``pattern`` replaced; an error if there are
    fewer: the player's HTML is matplotlib's template, which may change in an upgrade."""
    new, n = re.subn(pattern, repl, text, count=count)
    if n < count:
        raise RuntimeError(f"matplotlib's animation player changed: {pattern!r} not found "
                           f"(matplotlib {matplotlib.__version__}); update display.animation_html")
    return new


def player_html(anim, fps: float, embed_limit_mb: float = 8.0) -> str:
    """The animation's JavaScript player as ``to_jshtml(fps, default_mode="once")`` writes it,
    with every frame embedded; the animation's figure is closed afterwards."""
    writer = _Player(fps=fps, embed_frames=True, default_mode="once", embed_limit=embed_limit_mb)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "player.html")
        try:
            anim.save(path, writer=writer)
            with open(path, encoding="utf-8") as f:
                return f.read()
        finally:
            if writer.figure is not None:
                plt.close(writer.figure)


def animation_html(anim, alt: str) -> StaticHTML:
    """A matplotlib animation as a self-contained JavaScript player (``player_html``), at the
    animation's own frame rate.

    matplotlib names the player's elements with a random id; it is replaced by a hash of the
    frames so the same animation always gives the same HTML (nbval compares it). Where no
    JavaScript runs (an untrusted notebook, a feed reader), the player shows its last frame
    and no controls: the frame is the ``<img>``'s own source (and the PNG fallback), and the
    controls are shown by the player's script. Each edit of matplotlib's template is checked
    (``_edit``): if the template changes, this fails instead of silently leaving it as it is.
    """
    with DRAW_LOCK:
        text = player_html(anim, fps=1000 / anim.event_source.interval)
    frames = {int(i): data.replace("\\\n", "").replace("\n", "") for i, data in _FRAME.findall(text)}
    if not frames:
        raise RuntimeError("matplotlib's animation player changed: no embedded PNG frames")
    poster = frames[max(frames)]
    # The player's buttons use Font Awesome icons from a CDN; offline they would be blank.
    text = _edit(text, r'<link rel="stylesheet"\s+href="https?://[^"]+">', "")
    for icon, symbol in _ICONS.items():
        text = _edit(text, re.escape(f'<i class="{icon}"></i>'),
                     f'<span aria-hidden="true">{symbol}</span>', count=text.count(f'"{icon}"') or 1)
    if re.search(r"https?://|<i class=\"fa", text):
        raise RuntimeError("matplotlib's animation player changed: a link or an icon is left")
    text = _edit(text, r'<img id="(_anim_img[0-9a-f]+)">',
                 lambda m: f'<img id="{m.group(1)}" alt="{html.escape(alt)}" '
                           f'src="data:image/png;base64,{poster}" style="max-width:100%;height:auto">')
    text = _edit(text, re.escape('<div class="anim-controls">'),
                 '<div class="anim-controls" style="display:none">')
    text = _edit(text, re.escape('type="range" class="anim-slider"'),
                 'type="range" class="anim-slider" aria-label="frame"')
    text = _edit(text, re.escape("    setTimeout(function() {\n"),
                 "    setTimeout(function() {\n"
                 "        document.getElementById(slider_id).parentNode.style.display = '';\n")
    ids = sorted(set(re.findall(r"[0-9a-f]{32}", text)))
    for i, old in enumerate(ids):
        text = text.replace(old, f"@ID{i}@")
    digest = hashlib.sha1(text.encode()).hexdigest()[:28]
    for i in range(len(ids)):
        text = text.replace(f"@ID{i}@", f"{digest}{i:04d}")
    return StaticHTML(f'<div class="bpcourse-static bpcourse-animation" role="group" '
                      f'aria-label="{html.escape(alt)}" style="{PANEL}">{text}</div>', poster, alt)
