"""Write, or check, the Colab install cell of every chapter (the first code cell).

    .venv/bin/python scripts/sync_colab_cells.py --check   # exit 1 and list what is wrong
    .venv/bin/python scripts/sync_colab_cells.py           # rewrite the cells that are wrong

The cell comes from ``instructor.colab.install_cell_source`` with the repository URL of
``_config.yml``, so changing the URL there and running this script updates every chapter.
Chapters are the notebooks listed in ``_toc.yml``; one without code cells needs no cell.
A rewrite keeps the other cells and their outputs; if a cell had to be inserted, re-run the
notebook (scripts/execute_notebooks.py) so its execution counts run 1..n again.
"""
from __future__ import annotations

import argparse
import pathlib
import sys

import nbformat

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))       # instructor/ is run from the checkout (not in bpcourse)
from instructor import colab as _colab  # noqa: E402
from instructor.colab import install_cell_source, is_install_cell, repository_url  # noqa: E402


def chapters(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """The .ipynb files of ``_toc.yml``, in order."""
    files = _colab.toc_files(root)
    out = []
    for f in files:
        p = root / f
        p = p if p.suffix == ".ipynb" else p.with_suffix(".ipynb")
        if p.exists():
            out.append(p)
    return out


#: the site has no kernel and no Colab: it hides the cell (it stays in the notebook)
TAG = "remove-cell"


def problems(nb, source: str) -> list[str]:
    """What is wrong with the Colab cell of a notebook ([] if nothing)."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code:
        return []
    found = [c for c in code if is_install_cell(c)]
    out = []
    if not found:
        out.append("has no Colab install cell")
    elif len(found) > 1:
        out.append(f"has {len(found)} Colab install cells, expected one")
    if found and not is_install_cell(code[0]):
        out.append("the Colab install cell is not the first code cell")
    if found and found[0].source != source:
        out.append("the Colab install cell differs from the one _config.yml gives:\n"
                   + "\n".join("      " + ln for ln in found[0].source.splitlines()))
    if found and TAG not in found[0].metadata.get("tags", []):
        out.append(f"the Colab install cell is not tagged {TAG!r} (the site hides it)")
    if found and any(o.get("output_type") != "stream" or o.get("text") for o in found[0].outputs):
        out.append("the Colab install cell has stored outputs (it must print nothing)")
    return out


def fix(nb, source: str) -> bool:
    """Make the first code cell the Colab cell with ``source``; True if a cell was inserted."""
    code_idx = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    if not code_idx:
        return False
    keep = [c for c in nb.cells if not is_install_cell(c)]
    old = [c for c in nb.cells if is_install_cell(c)]
    cell = old[0] if old else nbformat.v4.new_code_cell()
    cell.source, cell.outputs = source, []
    cell.metadata["tags"] = sorted(set(cell.metadata.get("tags", [])) | {TAG})
    first = next(i for i, c in enumerate(keep) if c.cell_type == "code") if any(
        c.cell_type == "code" for c in keep) else len(keep)
    nb.cells = keep[:first] + [cell] + keep[first:]
    return not old


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check; exit 1 if a cell is wrong")
    ap.add_argument("--root", type=pathlib.Path, default=ROOT, help="the book root")
    args = ap.parse_args(argv)
    source = install_cell_source(repository_url(args.root / "_config.yml"))
    bad = 0
    for path in chapters(args.root):
        nb = nbformat.read(path, as_version=4)
        found = problems(nb, source)
        if not found:
            continue
        bad += 1
        rel = path.relative_to(args.root)
        if args.check:
            for p in found:
                print(f"{rel}: {p}")
        else:
            inserted = fix(nb, source)
            nbformat.write(nb, path)
            print(f"{rel}: Colab cell written" + (" (inserted: re-execute the notebook)"
                                                  if inserted else ""))
    if args.check and bad:
        print(f"{bad} chapter(s) need `python scripts/sync_colab_cells.py`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
