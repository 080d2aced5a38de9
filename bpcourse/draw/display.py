"""Showing a widget so that it works both live in a kernel and in the static site.

``Interactive(widget, static_html, summary)`` is what every function in ``bpcourse.widgets``
returns. Its display bundle carries

- ``application/vnd.jupyter.widget-view+json``: the live widget (JupyterLab, Notebook 7,
  VS Code and Binder draw this one when a kernel is running);
- ``text/html``: the kernel-free form, a figure, a grid of figures or a JavaScript
  animation, which the built site shows (``_config.yml`` makes myst-nb prefer text/html);
- ``text/plain``: a one-line summary, the text nbval compares.

The helpers below turn matplotlib figures and animations into that static HTML with
embedded PNGs, so the page needs nothing from the network.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import re

import matplotlib
import matplotlib.pyplot as plt

DPI = 80

# Font Awesome classes used by matplotlib's JavaScript player, and plain-text stand-ins.
_ICONS = {   # characters every common font has (DejaVu, Liberation, system UI fonts)
    "fa fa-minus": "&minus;", "fa fa-plus": "+",
    "fa fa-fast-backward": "&#x21E4;", "fa fa-fast-forward": "&#x21E5;",
    "fa fa-step-backward": "&lsaquo;", "fa fa-step-forward": "&rsaquo;",
    "fa fa-play fa-flip-horizontal": "&#x25C0;", "fa fa-play": "&#x25B6;",
    "fa fa-pause": "&#x2016;",
}


class Interactive:
    """A live ipywidget together with its kernel-free HTML form."""

    def __init__(self, widget, static_html: str, summary: str):
        self.widget = widget
        self.static_html = static_html
        self.summary = summary

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {}
        if self.widget is not None and hasattr(self.widget, "_repr_mimebundle_"):
            bundle.update(self.widget._repr_mimebundle_() or {})
        bundle["text/html"] = self.static_html
        bundle["text/plain"] = self.summary
        return bundle

    def __repr__(self) -> str:
        return self.summary


def png_base64(fig, dpi: int = DPI) -> str:
    """The figure as a base64 PNG (the figure is closed afterwards)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def figure_html(fig, alt: str, caption: str | None = None, dpi: int = DPI) -> str:
    """A figure as an ``<img>`` with alt text (and an optional caption), PNG embedded."""
    img = (f'<img src="data:image/png;base64,{png_base64(fig, dpi)}" alt="{html.escape(alt)}" '
           f'style="max-width:100%;height:auto">')
    if caption is None:
        return f'<div class="bpcourse-static">{img}</div>'
    return (f'<figure class="bpcourse-static" style="margin:0">{img}'
            f'<figcaption>{html.escape(caption)}</figcaption></figure>')


def grid_html(items: list[tuple], columns: int = 3, title: str | None = None) -> str:
    """Several figures in a grid; ``items`` are (fig, alt, caption) tuples."""
    cells = "".join(f'<div style="flex:1 0 {100 // columns - 2}%;min-width:180px">'
                    f"{figure_html(fig, alt, caption)}</div>" for fig, alt, caption in items)
    head = f"<p><strong>{html.escape(title)}</strong></p>" if title else ""
    return (f'<div class="bpcourse-static">{head}'
            f'<div style="display:flex;flex-wrap:wrap;gap:8px">{cells}</div></div>')


def animation_html(anim, alt: str) -> str:
    """A matplotlib animation as a self-contained JavaScript player (``to_jshtml``).

    matplotlib names the player's elements with a random id; it is replaced by a hash of the
    frames so the same animation always gives the same HTML (nbval compares it).
    """
    with matplotlib.rc_context({"animation.embed_limit": 8.0}):   # MB
        text = anim.to_jshtml(default_mode="once")
    plt.close(anim._fig)
    # The player's buttons use Font Awesome icons from a CDN; offline they would be blank.
    text = re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]+">', "", text)
    for icon, symbol in _ICONS.items():
        text = text.replace(f'<i class="{icon}"></i>', f'<span aria-hidden="true">{symbol}</span>')
    ids = sorted(set(re.findall(r"[0-9a-f]{32}", text)))
    for i, old in enumerate(ids):
        text = text.replace(old, f"@ID{i}@")
    digest = hashlib.sha1(text.encode()).hexdigest()[:28]
    for i in range(len(ids)):
        text = text.replace(f"@ID{i}@", f"{digest}{i:04d}")
    return (f'<div class="bpcourse-static bpcourse-animation" role="img" '
            f'aria-label="{html.escape(alt)}">{text}</div>')
