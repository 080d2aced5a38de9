"""Fold every coding-exercise solution cell: collapsed in JupyterLab/Notebook 7, a toggle on the site.

A solution cell is a code cell containing ``### BEGIN SOLUTION``. Folding sets two things in
its metadata:

- ``jupyter: {source_hidden: true}``: JupyterLab and Notebook 7 open the cell with its code
  collapsed (a "..." bar the student clicks to see it);
- the tag ``hide-input``: Jupyter Book shows the code behind a "Show code cell source" toggle.

Outputs stay visible (a solution's check result is not a spoiler). Run over the chapters with

    .venv/bin/python -m instructor.fold book/*.ipynb          # fold, under each notebook's lock
    .venv/bin/python -m instructor.fold --check book/*.ipynb  # exit 1 if one is unfolded

The student editions (``instructor.assign``) have no solutions: their exercise cells must
stay open (``unfold_cell``).
"""
from __future__ import annotations

import argparse
import pathlib
import sys

MARKER = "### BEGIN SOLUTION"
TAG = "hide-input"


def is_solution(cell) -> bool:
    """A code cell holding a solution between nbgrader's markers."""
    return cell.get("cell_type") == "code" and MARKER in _source(cell)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def is_folded(cell) -> bool:
    md = cell.get("metadata", {})
    return bool(md.get("jupyter", {}).get("source_hidden")) and TAG in md.get("tags", [])


def fold_cell(cell) -> bool:
    """Fold one solution cell; True if its metadata changed."""
    if is_folded(cell):
        return False
    md = cell.setdefault("metadata", {})
    md.setdefault("jupyter", {})["source_hidden"] = True
    tags = md.setdefault("tags", [])
    if TAG not in tags:
        tags.append(TAG)
    return True


def unfold_cell(cell) -> None:
    """Undo ``fold_cell``: for the student editions, whose exercise cells must stay open."""
    md = cell.get("metadata", {})
    md.get("jupyter", {}).pop("source_hidden", None)
    if "jupyter" in md and not md["jupyter"]:
        del md["jupyter"]
    if TAG in md.get("tags", []):
        md["tags"] = [t for t in md["tags"] if t != TAG]
        if not md["tags"]:
            del md["tags"]


def fold(nb) -> int:
    """Fold every solution cell of a notebook (a dict / NotebookNode); the number changed."""
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise TypeError(f"fold needs a notebook (a dict with a 'cells' list), got {type(nb).__name__}")
    return sum(fold_cell(c) for c in nb["cells"] if is_solution(c))


def unfolded(nb) -> list[int]:
    """Indices of the solution cells that are not folded."""
    return [i for i, c in enumerate(nb["cells"]) if is_solution(c) and not is_folded(c)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path)
    parser.add_argument("--check", action="store_true", help="only report unfolded solution cells")
    args = parser.parse_args(argv)
    import nbformat
    bad = 0
    for path in args.notebooks:
        if args.check:
            left = unfolded(nbformat.read(path, as_version=4))
            if left:
                bad += 1
                print(f"{path}: unfolded solution cells {left}")
            continue
        sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "scripts"))
        from nblock import edited                   # the lock every notebook writer takes
        with edited(path) as nb:
            n = fold(nb)
        print(f"{path}: folded {n} solution cell(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
