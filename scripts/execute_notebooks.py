"""Execute chapter notebooks in place, so their stored outputs are what the code produces.

    .venv/bin/python scripts/execute_notebooks.py book/03_xor.ipynb [more.ipynb ...]
    .venv/bin/python scripts/execute_notebooks.py --all

Runs each notebook top to bottom in a fresh kernel with the notebook's folder as the working
directory, the way nbval and Binder run it. Widget views and state are not stored: a widget's
stored output is its static form (bpcourse.draw.display), which the site and a notebook opened
without a kernel show; running the cell brings the live widget back.
"""
from __future__ import annotations

import pathlib
import sys

import nbformat
from nbclient import NotebookClient

from nblock import locked

ROOT = pathlib.Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def execute(path: pathlib.Path) -> None:
    with locked(path):                        # no edit made meanwhile is lost (scripts/nblock.py)
        _execute(path)


def _execute(path: pathlib.Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    # nbclient tracks widget state while running (Output widgets need it), but the state is
    # not kept in the file: the site shows each widget's static form and needs no widget JS.
    client = NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True,
                            record_timing=False, resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:                     # no per-run timestamps: a re-run changes nothing
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):   # a stored widget view has no model to show once
            out.get("data", {}).pop(WIDGET_VIEW, None)   # the kernel is gone: keep the static form
    nbformat.write(nb, path)
    print(f"executed {path}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--all"]:
        paths = sorted((ROOT / "book").glob("*.ipynb"))
    else:
        paths = [pathlib.Path(a).resolve() for a in args]
    if not paths:
        sys.exit("usage: execute_notebooks.py NOTEBOOK.ipynb [...] | --all")
    for p in paths:
        execute(p)
