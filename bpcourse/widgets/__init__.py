"""Interactive explorers for the chapters, one call each.

Every function returns a ``bpcourse.draw.display.Interactive``: the live ipywidget in a kernel,
and a kernel-free form (figures or a JavaScript animation) in the static site. The logic
behind each widget is a plain function in the same module, tested in ``tests/``.
"""
