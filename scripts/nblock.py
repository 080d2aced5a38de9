"""Edit or execute a chapter notebook without losing somebody else's change to it.

Several editors (people, scripts, the executor) may change one notebook at once; each reads
the whole file and writes it back, so the last writer would silently drop the others' work.
Every writer in this repository takes the notebook's lock first:

    from nblock import edited
    with edited("book/03_xor.ipynb") as nb:      # nbformat.NotebookNode, read under the lock
        nb.cells[4].source = "..."                # written back when the block ends

``scripts/execute_notebooks.py`` holds the same lock while it runs a notebook and re-reads
the file under it, so an edit made while another chapter was executing is never lost.
"""
from __future__ import annotations

import contextlib
import fcntl
import pathlib

import nbformat


@contextlib.contextmanager
def locked(path: str | pathlib.Path):
    """Hold the exclusive lock of ``path`` (an advisory flock on ``.<name>.lock`` beside it)."""
    path = pathlib.Path(path)
    lock = path.with_name(f".{path.name}.lock")
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def edited(path: str | pathlib.Path):
    """Read ``path`` under its lock, yield the notebook, write it back when the block ends."""
    with locked(path) as p:
        nb = nbformat.read(p, as_version=4)
        yield nb
        nbformat.write(nb, p)
