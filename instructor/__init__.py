"""Tools for instructors and maintainers, run from a checkout of the repository (never installed
with ``bpcourse``, the package students install): the student, nbgrader and Otter editions of
the chapters (``assign``, the ``bpcourse-assign`` command), the folding of solution cells
(``fold``) and the Colab install cell of every chapter (``colab``). Build scripts live in
``scripts/``; ``instructor/pyproject.toml`` installs this package (editable) into the
checkout's ``.venv`` only."""
