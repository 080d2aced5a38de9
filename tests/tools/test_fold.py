"""Solution cells are folded: collapsed in JupyterLab/Notebook 7 and behind a toggle on the site."""
from __future__ import annotations

import pathlib

import nbformat
import pytest

from instructor import fold

BOOK = pathlib.Path(__file__).resolve().parents[2] / "book"
CHAPTERS = sorted(BOOK.glob("*.ipynb"))


def _nb():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("### BEGIN SOLUTION in prose is not a cell to fold"),
                nbformat.v4.new_code_cell("x = None\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
                nbformat.v4.new_code_cell("print(x)")]
    nb.cells[1].metadata["tags"] = ["keep-me"]
    return nb


def test_fold_marks_only_solution_code_cells_and_keeps_other_tags():
    nb = _nb()
    assert fold.unfolded(nb) == [1]
    assert fold.fold(nb) == 1
    md = nb.cells[1].metadata
    assert md["jupyter"]["source_hidden"] is True and md["tags"] == ["keep-me", "hide-input"]
    assert nb.cells[0].metadata == {} and nb.cells[2].metadata == {}
    assert fold.unfolded(nb) == [] and fold.fold(nb) == 0      # a second run changes nothing


def test_unfold_gives_back_the_original_metadata():
    nb = _nb()
    fold.fold(nb)
    fold.unfold_cell(nb.cells[1])
    assert nb.cells[1].metadata == {"tags": ["keep-me"]}
    plain = nbformat.v4.new_code_cell("### BEGIN SOLUTION\n### END SOLUTION")
    fold.fold_cell(plain)
    fold.unfold_cell(plain)
    assert plain.metadata == {}


def test_fold_refuses_what_is_not_a_notebook():
    with pytest.raises(TypeError, match="notebook"):
        fold.fold(["cells"])


def test_check_reports_unfolded_cells(tmp_path, capsys):
    path = tmp_path / "x.ipynb"
    nbformat.write(_nb(), path)
    assert fold.main(["--check", str(path)]) == 1
    assert "unfolded solution cells [1]" in capsys.readouterr().out
    assert fold.main([str(path)]) == 0
    assert fold.main(["--check", str(path)]) == 0
    assert fold.unfolded(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_solution_cell_of_the_chapters_is_folded(path):
    nb = nbformat.read(path, as_version=4)
    assert fold.unfolded(nb) == [], (f"{path.name}: run .venv/bin/python -m instructor.fold "
                                     f"{path.relative_to(BOOK.parent)}")
