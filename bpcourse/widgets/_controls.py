"""Controls shared by the widgets."""
from __future__ import annotations

import math

#: a description wide enough for its text ("learning rate" is not cut to "learning r…")
WIDE = {"description_width": "initial"}


def one_two_five(lo: float, hi: float) -> list[float]:
    """The values 1, 2, 5 times a power of ten from ``lo`` to ``hi`` (both included if they are
    such values), e.g. ``one_two_five(0.1, 1) == [0.1, 0.2, 0.5, 1.0]``."""
    if not (0 < lo <= hi) or not math.isfinite(hi):
        raise ValueError(f"need 0 < lo <= hi (finite), got lo={lo!r}, hi={hi!r}")
    out = []
    for e in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        for m in (1, 2, 5):
            v = float(f"{m}e{e}")                       # exact decimal: 0.5, not 0.5000001
            if lo * (1 - 1e-12) <= v <= hi * (1 + 1e-12):
                out.append(v)
    return out


def log_slider(description: str, value: float, lo: float, hi: float, style=None, **kw):
    """A slider over ``one_two_five(lo, hi)`` (and ``value``), showing each value exactly."""
    import ipywidgets as w
    options = sorted(set(one_two_five(lo, hi)) | {float(value)})
    return w.SelectionSlider(options=[(f"{v:g}", v) for v in options], value=float(value),
                             description=description, style=style or WIDE, **kw)
