"""The student version (instructor.assign) and the solution-free site (scripts/build_student_site.py).

Unit tests run on small synthetic notebooks written into tmp_path; the integration tests at the
end run over whatever chapters exist in book/ (a chapter still without exercises is skipped).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from instructor import assign
from instructor.assign import Malformed, student_code, student_markdown

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
CHAPTERS = sorted(BOOK.glob("*.ipynb"))
new_code, new_md, new_out = (nbformat.v4.new_code_cell, nbformat.v4.new_markdown_cell,
                             nbformat.v4.new_output)


def stream(text: str):
    return new_out("stream", name="stdout", text=text)


def write_nb(path: Path, cells: list) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                  "language": "python"},
                   "language_info": {"name": "python"}}
    nb.cells = cells
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "instructor.assign", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


EXERCISE_MD = """\
## Exercises

```{exercise} Double it
:label: ex-double

Write `f`.
```

```{solution} ex-double
:class: dropdown

SECRET-PROSE: multiply by two.

````{note}
SECRET-NESTED inside a note
````
```
"""
SOLUTION_CODE = """\
import numpy as np

def f(x):
    \"\"\"f(x) = 2 x\"\"\"
    ### BEGIN SOLUTION
    y = 2 * x  # SECRET-CODE
    return y
    ### END SOLUTION
"""
CHECK_CODE = """\
assert f(3) == 6
print("✓ f is", "correct.")"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A tiny SOURCE_DIR: one chapter with a prose and a coding exercise, and other files."""
    src = tmp_path / "src"
    write_nb(src / "ch.ipynb", [
        new_md("# Chapter\n\nIntro $x^2$."),
        new_code("x = 21\nprint('the answer is', x)", outputs=[stream("the answer is 21\n")],
                 execution_count=1),
        new_md(EXERCISE_MD),
        new_code(SOLUTION_CODE, outputs=[stream("SECRET-OUTPUT\n")], execution_count=2),
        new_code(CHECK_CODE, outputs=[stream("✓ f is correct.\n")], execution_count=3),
        new_code("print('after')", outputs=[stream("after\n")], execution_count=4),
    ])
    write_nb(src / "plain.ipynb", [new_md("# No exercises"), new_code("1 + 1")])
    (src / "page.md").write_text("# Page\n\n:::{solution} ex-double\nSECRET-MD-PAGE\n:::\nkept\n")
    (src / "refs.bib").write_text("@book{x, title={X}}\n")
    (src / "img").mkdir()
    (src / "img" / "fig.png").write_bytes(bytes(range(256)))
    (src / ".ipynb_checkpoints").mkdir()
    (src / ".ipynb_checkpoints" / "ch-checkpoint.ipynb").write_text("SECRET-CHECKPOINT")
    return src


# --- code cells -------------------------------------------------------------------------------

def test_region_becomes_stub_at_marker_indent_keeping_code_around_it():
    text, had = student_code(SOLUTION_CODE + "print(f)")
    assert had
    assert text == ('import numpy as np\n\ndef f(x):\n    """f(x) = 2 x"""\n'
                    "    # YOUR CODE HERE\n    raise NotImplementedError()\nprint(f)")


def test_several_regions_and_a_last_line_without_newline():
    src = "a = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\nc = 3\n  # BEGIN SOLUTION\n  d\n  # END SOLUTION"
    text, had = student_code(src)
    # a top-level region gets the comment only (the exercise set its answers to None before it,
    # so the check says "not answered yet"); an indented one must raise (a body cannot be empty)
    assert text == ("a = 1\n# YOUR CODE HERE\nc = 3\n"
                    "  # YOUR CODE HERE\n  raise NotImplementedError()")
    assert student_code("x = 1\n") == ("x = 1\n", False)


@pytest.mark.parametrize("src, message", [
    ("x = 1\n### END SOLUTION\n", "line 2: END SOLUTION without a BEGIN SOLUTION"),
    ("### BEGIN SOLUTION\nx = 1\n", "line 1: BEGIN SOLUTION without an END SOLUTION"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
     "line 2: BEGIN SOLUTION inside the region opened at line 1 (nested)"),
])
def test_unbalanced_markers_are_refused_with_their_line(src, message):
    with pytest.raises(Malformed, match=re.escape(message)):
        student_code(src)


# --- markdown ---------------------------------------------------------------------------------

def test_solution_blocks_go_with_any_fence_and_nested_directives():
    text = (EXERCISE_MD + "\nbetween\n\n::::{solution} ex-double\nSECRET-COLON\n:::{hint}\n"
            "SECRET-HINT\n:::\n::::\n\n`````{solution}\nSECRET-FIVE\n```python\nx = 1\n```\n`````\nend\n")
    out, gated = student_markdown(text)
    assert "SECRET" not in out and "{solution}" not in out and not gated
    assert "```{exercise} Double it\n:label: ex-double\n\nWrite `f`.\n```\n" in out
    assert "between" in out and out.endswith("end\n")


def test_solution_shown_inside_a_literal_code_fence_is_kept():
    text = "````markdown\n```{solution} ex-1\nexample text\n```\n````\n"
    assert student_markdown(text) == (text, False)


def test_unclosed_solution_is_refused_with_its_line():
    with pytest.raises(Malformed, match=r"line 3: the \{solution\} block opened with ``` is never closed"):
        student_markdown("text\n\n```{solution} ex-1\nsecret\n")
    with pytest.raises(Malformed, match="never closed"):   # a shorter fence does not close it
        student_markdown("````{solution} ex-1\nsecret\n```\n")


def test_gated_solution_spanning_cells_is_removed(tmp_path):
    src = write_nb(tmp_path / "src" / "g.ipynb", [
        new_md("```{exercise} E\n:label: ex-g\nTask.\n```"),
        new_md("```{solution-start} ex-g\n:class: dropdown\n```"),
        new_code("SECRET_GATED = 1"),
        new_md("SECRET gated prose"),
        new_md("```{solution-end}\n```\nafter the solution"),
        new_code("print('kept')"),
    ])
    assign.assign(src.parent, tmp_path / "out")
    cells = nbformat.read(tmp_path / "out" / "g.ipynb", 4).cells
    assert [c.source for c in cells] == ["```{exercise} E\n:label: ex-g\nTask.\n```",
                                         "after the solution", "print('kept')"]


# --- whole notebooks and folders --------------------------------------------------------------

def test_student_notebook_is_the_source_with_only_the_solutions_changed(course, tmp_path):
    assign.assign(course, tmp_path / "out")
    src = nbformat.read(course / "ch.ipynb", 4)
    expected = nbformat.read(course / "ch.ipynb", 4)
    expected.cells[2].source = EXERCISE_MD.split("```{solution}")[0]
    expected.cells[3].source = student_code(SOLUTION_CODE)[0]
    for k in (3, 4):                                  # the solution cell and its check cell
        expected.cells[k].outputs, expected.cells[k].execution_count = [], None
    got = (tmp_path / "out" / "ch.ipynb").read_text(encoding="utf-8")
    assert got == nbformat.writes(expected) + "\n"   # nbformat's own layout, byte for byte
    assert src.cells[1].outputs == expected.cells[1].outputs      # other outputs are kept
    assert nbformat.read(tmp_path / "out" / "ch.ipynb", 4).cells[5].outputs[0].text == "after\n"


def test_other_files_are_copied_byte_for_byte_and_checkpoints_skipped(course, tmp_path):
    before = checksums(course)
    assign.assign(course, tmp_path / "out")
    after = checksums(tmp_path / "out")
    assert checksums(course) == before                       # the source is untouched
    for same in ("plain.ipynb", "refs.bib", "img/fig.png"):
        assert after[same] == before[same]
    assert set(after) == {"ch.ipynb", "plain.ipynb", "page.md", "refs.bib", "img/fig.png"}
    assert (tmp_path / "out" / "page.md").read_text() == "# Page\n\nkept\n"
    assert "SECRET" not in "".join(p.read_text(errors="replace")
                                   for p in (tmp_path / "out").rglob("*") if p.is_file())


def test_cli_writes_and_reports(course, tmp_path):
    r = run_cli(course, tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert "wrote 5 files" in r.stdout and "2 with solutions removed" in r.stdout
    script = Path(sys.executable).with_name("bpcourse-assign")        # the console script
    r2 = subprocess.run([str(script), str(course), str(tmp_path / "out2")], capture_output=True)
    assert r2.returncode == 0 and checksums(tmp_path / "out") == checksums(tmp_path / "out2")


@pytest.mark.parametrize("where", ["same", "inside", "parent"])
def test_refuses_to_write_into_the_source(course, where):
    out = {"same": course, "inside": course / "student", "parent": course.parent}[where]
    before = checksums(course.parent)
    r = run_cli(course, out, "--force")
    assert r.returncode == 2
    assert ("inside OUT_DIR" if where == "parent" else "inside SOURCE_DIR") in r.stderr
    assert checksums(course.parent) == before


def test_existing_out_needs_force(course, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    r = run_cli(course, out)
    assert r.returncode == 2 and "already exists; pass --force" in r.stderr
    assert (out / "mine.txt").read_text() == "keep me"
    assert run_cli(course, out / "ch").returncode == 0
    r = run_cli(course, out, "--force")
    assert r.returncode == 0, r.stderr
    assert not (out / "mine.txt").exists() and (out / "ch.ipynb").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "src"]   # no temp folders left
    replaced = [ln for ln in r.stderr.splitlines() if "--force" in ln]    # each file is named
    assert f"bpcourse-assign: --force: removed: {out / 'mine.txt'}" in replaced
    assert f"bpcourse-assign: --force: removed: {out / 'ch' / 'page.md'}" in replaced
    assert len(replaced) == 1 + 5


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_read_only_out_folder_is_one_line_and_leaves_nothing(course, tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        r = run_cli(course, parent / "out")
        assert r.returncode == 3
        assert r.stderr.count("\n") == 1 and "Permission denied" in r.stderr, r.stderr
        assert "Traceback" not in r.stderr and list(parent.iterdir()) == []
    finally:
        parent.chmod(0o755)


def test_unwritable_file_is_one_line_and_leaves_nothing(course, tmp_path, monkeypatch):
    """A write that fails half way (a full disk, a permission) removes what it wrote."""
    real = Path.write_text

    def failing(self, *args, **kwargs):
        if self.name == "page.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "write_text", failing)
    assert assign.main([str(course), str(tmp_path / "out")]) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]


def test_usage_errors_exit_2(tmp_path):
    assert run_cli(tmp_path / "missing", tmp_path / "out").returncode == 2
    assert run_cli(tmp_path).returncode == 2                              # argparse: no OUT_DIR


def malformed(src: Path, kind: str) -> str:
    """Break ch.ipynb in one way; return what the error message must say."""
    nb = json.loads((src / "ch.ipynb").read_text())
    code = nb["cells"][3]["source"]
    if kind == "json":
        (src / "ch.ipynb").write_text('{"cells": [')
        return "ch.ipynb: invalid JSON (line 1"
    if kind == "nbformat3":
        nb["nbformat"] = 3
        (src / "ch.ipynb").write_text(json.dumps(nb))
        return "ch.ipynb: not an nbformat 4 notebook (nbformat = 3"
    if kind == "unclosed-solution":
        nb["cells"][2]["source"] = "".join(nb["cells"][2]["source"])[:-len("```\n")]
        (src / "ch.ipynb").write_text(json.dumps(nb))
        return (f"ch.ipynb: cell 3 (id {nb['cells'][2]['id']}), line 9: the {{solution}} block "
                "opened with ``` is never closed")
    if kind in ("marker-in-markdown", "marker-in-raw"):
        nb["cells"][2]["cell_type"] = kind.split("-")[-1]
        nb["cells"][2]["source"] = "An aside\n### BEGIN SOLUTION\nSECRET = 1\n### END SOLUTION\n"
        nb["cells"][2].pop("outputs", None)
        (src / "ch.ipynb").write_text(json.dumps(nb))
        return (f"ch.ipynb: cell 3 (id {nb['cells'][2]['id']}), line 2: a solution marker in a "
                f"{kind.split('-')[-1]} cell")
    if kind == "marker-in-page":
        (src / "page.md").write_text("# Page\n\n```python\n# BEGIN SOLUTION\nx = 1\n```\n")
        return "page.md: line 4: a solution marker in a page"
    if kind == "end-without-begin":
        nb["cells"][3]["source"] = [ln for ln in code if "BEGIN SOLUTION" not in ln]
        msg = "line 7: END SOLUTION without a BEGIN SOLUTION"
    elif kind == "begin-without-end":
        nb["cells"][3]["source"] = [ln for ln in code if "END SOLUTION" not in ln]
        msg = "line 5: BEGIN SOLUTION without an END SOLUTION"
    elif kind == "nested":
        nb["cells"][3]["source"] = code[:5] + ["    ### BEGIN SOLUTION\n"] + code[5:]
        msg = "line 6: BEGIN SOLUTION inside the region opened at line 5 (nested)"
    (src / "ch.ipynb").write_text(json.dumps(nb))
    return f"ch.ipynb: cell 4 (id {nb['cells'][3]['id']}), {msg}"


@pytest.mark.parametrize("kind", ["json", "nbformat3", "end-without-begin", "begin-without-end",
                                  "nested", "unclosed-solution", "marker-in-markdown",
                                  "marker-in-raw", "marker-in-page"])
def test_malformed_input_is_named_by_file_and_cell_and_nothing_is_written(course, tmp_path, kind):
    message = malformed(course, kind)
    before = checksums(course)
    r = run_cli(course, tmp_path / "out")
    assert r.returncode == 1
    assert message in r.stderr and "nothing written" in r.stderr
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]
    assert checksums(course) == before


@pytest.mark.kernel
def test_student_notebook_runs_until_its_first_exercise(course, tmp_path):
    assign.assign(course, tmp_path / "out")
    nb = nbformat.read(tmp_path / "out" / "ch.ipynb", 4)
    # the stub is inside `def f`, so the first call of f, in the check cell, raises
    assert first_failure(nb, tmp_path / "out") == (4, "NotImplementedError: ")
    nb.cells[3].source = "z = None\n### BEGIN SOLUTION\nz = 2\n### END SOLUTION\n"
    nb.cells[4].source = "assert z is not None, 'z is not answered yet'"
    write_nb(tmp_path / "src2" / "t.ipynb", nb.cells)        # a top-level solution this time
    assign.assign(tmp_path / "src2", tmp_path / "out2")
    nb = nbformat.read(tmp_path / "out2" / "t.ipynb", 4)
    # the exercise cell runs (its answer stays None); the check cell is the first to fail
    assert first_failure(nb, tmp_path / "out2") == (4, "AssertionError: z is not answered yet")


# --- the solution-free site -------------------------------------------------------------------

@pytest.mark.slow
def test_student_site_has_no_solutions(course, tmp_path):
    """scripts/build_student_site.py on a small book: exercises are there, solutions are not."""
    root = tmp_path / "root"
    root.mkdir()
    course.rename(root / "book")
    (root / "book" / "instructors.md").write_text(
        "---\nbpcourse: instructors-only\n---\n# For instructors\n\nSECRET-INSTRUCTORS\n"
        "```python\n### BEGIN SOLUTION\nSECRET = 1\n### END SOLUTION\n```\n")
    (root / "_ext").mkdir()                              # a local Sphinx extension, as in the book
    (root / "_ext" / "tiny_ext.py").write_text("def setup(app):\n    return {'parallel_read_safe': True}\n")
    (root / "_config.yml").write_text(
        "title: Tiny\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: force\n"
        "parse:\n  myst_enable_extensions: [colon_fence, dollarmath]\n"
        "sphinx:\n  extra_extensions: [sphinx_exercise]\n  local_extensions:\n    tiny_ext: _ext\n")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/ch\nchapters:\n"
                                   "  - file: book/page\n  - file: book/instructors\n")
    before = checksums(root)
    out = tmp_path / "site"
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_student_site.py"),
                        "--root", str(root), "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert checksums(root) == before
    html = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "Double it" in html and "NotImplementedError" in html and "kept" in html
    assert "the answer is 21" in (out / "book" / "ch.html").read_text()   # stored outputs
    for secret in ("SECRET", "✓ f is correct", "2 * x"):
        assert secret not in html, secret
    assert "student edition" in (out / "book" / "instructors.html").read_text()


# --- the real chapters ------------------------------------------------------------------------

BEGIN_RE = re.compile(r"^\s*#+\s*BEGIN SOLUTION")
END_RE = re.compile(r"^\s*#+\s*END SOLUTION")
OPEN_SOLUTION = re.compile(r"^\s*(`{3,}|:{3,})\s*\{solution(-start)?\}")


def solution_lines(nb) -> tuple[list[str], set[str]]:
    """(stripped lines strictly inside solution regions/blocks, stripped lines elsewhere).

    Written independently of instructor.assign: markers in code cells, and {solution} blocks
    ended by the first bare fence of their opening length (the chapters' simple form).
    """
    inside, outside = [], set()
    for cell in nb.cells:
        fence = None
        for line in cell.source.splitlines():
            if cell.cell_type == "code" and BEGIN_RE.match(line):
                fence = "code"
            elif cell.cell_type == "code" and END_RE.match(line):
                fence = None
            elif cell.cell_type == "markdown" and fence is None and OPEN_SOLUTION.match(line):
                fence = OPEN_SOLUTION.match(line)[1]
            elif fence not in (None, "code") and line.strip() == fence:
                fence = None
            elif fence is not None:
                inside.append(line.strip())
            else:
                outside.add(line.strip())
    return [ln for ln in inside if ln], outside


def first_failure(nb, cwd: Path) -> tuple[int, str] | None:
    """Run ``nb`` cell by cell; return (index, "name: message") of the first failing cell."""
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as e:
                return index, f"{e.ename}: {e.evalue}"
    return None


def solution_cells(nb) -> list[int]:
    return [k for k, c in enumerate(nb.cells)
            if c.cell_type == "code" and any(BEGIN_RE.match(ln) for ln in c.source.splitlines())]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> tuple[Path, Path]:
    """(a snapshot of book/, its student version): the tests compare the two."""
    source = tmp_path_factory.mktemp("source") / "book"
    shutil.copytree(BOOK, source)
    out = tmp_path_factory.mktemp("student") / "book"
    assign.assign(source, out)
    return source, out


def test_real_book_source_is_unchanged_and_everything_is_copied(tmp_path):
    before = checksums(BOOK)
    assign.assign(BOOK, tmp_path / "student")
    assert checksums(BOOK) == before, "instructor.assign changed the source tree"
    assert set(checksums(tmp_path / "student")) == {   # all but checkpoints and lock files
        p for p in before if ".ipynb_checkpoints" not in p and not Path(p).name.startswith(".")}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_student_version_has_no_solution_lines(chapter, books):
    source_book, student_book = books
    source = nbformat.read(source_book / chapter.name, 4)
    inside, outside = solution_lines(source)
    if not inside:
        pytest.skip(f"{chapter.name} has no exercises with solutions yet")
    student = nbformat.read(student_book / chapter.name, 4)
    student_lines = {ln.strip() for c in student.cells for ln in c.source.splitlines()}
    leaked = [ln for ln in inside if ln in student_lines and ln not in outside]
    assert not leaked, f"{chapter.name}: solution lines in the student version: {leaked[:5]}"
    assert not any(BEGIN_RE.match(ln) or END_RE.match(ln) for ln in student_lines)
    stubs = [c for c in student.cells if c.cell_type == "code" and "# YOUR CODE HERE" in c.source]
    assert len(stubs) >= len(solution_cells(source))
    # an indented stub raises; a top-level one is the comment alone (its answers start as None)
    assert all(c.outputs == [] and ("raise NotImplementedError()" in c.source
                                    or "\n# YOUR CODE HERE" in "\n" + c.source) for c in stubs)
    # the book folds its solution cells; the student's exercise cells open with their code shown
    assert not any(c.metadata.get("jupyter", {}).get("source_hidden")
                   or "hide-input" in c.metadata.get("tags", []) for c in stubs)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_reference_solutions_pass_their_checks(chapter):
    nb = nbformat.read(chapter, 4)
    cells = solution_cells(nb)
    if not cells:
        pytest.skip(f"{chapter.name} has no coding exercises yet")
    for k in cells:
        check = next((c for c in nb.cells[k + 1:] if c.cell_type == "code"), None)
        assert check is not None, f"{chapter.name}: cell {k + 1} has no check cell after it"
        assert re.search(r"\bch\d\d_\w+\(", check.source), f"not a check cell: {check.source!r}"
        text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                       for o in check.outputs)
        assert "✓" in text, f"{chapter.name}: the check after cell {k + 1} stored {text!r}"


@pytest.mark.kernel
@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_student_chapter_meets_only_one_line_not_answered_messages(chapter, books):
    """A student runs the whole student version without answering anything: every exercise
    cell runs, and every check cell shows one line, "✗ ... is not answered yet: ...", as
    IPython renders it (no traceback); nothing else in the chapter fails."""
    source_book, student_book = books
    cells = solution_cells(nbformat.read(source_book / chapter.name, 4))
    if not cells:
        pytest.skip(f"{chapter.name} has no coding exercises yet")
    nb = nbformat.read(student_book / chapter.name, 4)
    checks = {k for k, c in enumerate(nb.cells) if c.cell_type == "code"
              and re.search(r"\bchecks\.ch\d\d_\w+\(", c.source)}
    NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(student_book)}}).execute()
    failed = {k: o for k, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"}
    assert set(failed) == checks, [nb.cells[k].source[:80] for k in set(failed) ^ checks]
    for k, error in failed.items():
        assert error.ename == "NotAnswered", (nb.cells[k].source, error.ename, error.evalue)
        assert len(error.traceback) == 1 and error.traceback[0].startswith("✗ "), error.traceback
        assert "not answered yet" in error.traceback[0] and "\n" not in error.traceback[0]


# --- the nbgrader and Otter editions (the real tools run them in test_graders.py) -------------

def test_nbgrader_edition_marks_every_cell(course, tmp_path):
    nb = nbformat.read(course / "ch.ipynb", 4)
    nb.cells[4].metadata["bpcourse"] = {"points": 3}            # the check cell's points
    nbformat.write(nb, course / "ch.ipynb")
    check_id = nb.cells[4].id                                    # no checks.chNN_ call: the id names it
    files = assign.assign(course, tmp_path / "out", fmt="nbgrader")
    assert sorted(map(str, files)) == ["POINTS.md", "nbgrader_config.py", "source/ch/ch.ipynb"]
    assert "c.ClearOutput.enabled = False" in (tmp_path / "out" / "nbgrader_config.py").read_text()
    cells = nbformat.read(tmp_path / "out" / "source" / "ch" / "ch.ipynb", 4).cells
    roles = [c.metadata.nbgrader for c in cells]
    assert roles[3] == {"grade": False, "grade_id": f"{check_id}-answer", "locked": False,
                        "schema_version": 3, "solution": True, "task": False}
    assert roles[4] == {"grade": True, "grade_id": check_id, "locked": True, "points": 3,
                        "schema_version": 3, "solution": False, "task": False}
    assert all(r["locked"] and not r["solution"] and not r["grade"]
               for k, r in enumerate(roles) if k not in (3, 4))
    assert len({r["grade_id"] for r in roles}) == len(roles)     # nbgrader needs unique ids
    assert cells[3].source == SOLUTION_CODE                      # nbgrader removes the region
    assert cells[3].outputs == cells[4].outputs == []
    assert cells[1].outputs[0].text == "the answer is 21\n"      # other outputs are kept
    assert "SECRET-PROSE" not in cells[2].source and "Double it" in cells[2].source
    assert f"| ch | `{check_id}` | 3 |" in (tmp_path / "out" / "POINTS.md").read_text()


def test_nbgrader_grade_ids_name_the_checks(tmp_path):
    write_nb(tmp_path / "src" / "c.ipynb", [
        new_code("def g():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"),
        new_code("checks.ch05_descent_step(g)")])
    assign.assign(tmp_path / "src", tmp_path / "out", fmt="nbgrader")
    cells = nbformat.read(tmp_path / "out" / "source" / "c" / "c.ipynb", 4).cells
    assert [c.metadata.nbgrader["grade_id"] for c in cells] == ["ch05_descent_step-answer",
                                                                "ch05_descent_step"]


def test_otter_edition_uses_otters_format(course, tmp_path):
    png = base64.b64encode(b"\x89PNG fake").decode()
    nb = nbformat.read(course / "ch.ipynb", 4)
    nb.cells[1].outputs.append(new_out("display_data", data={"image/png": png, "text/plain": "<F>"}))
    nbformat.write(nb, course / "ch.ipynb")
    assign.assign(course, tmp_path / "out", fmt="otter")
    cells = nbformat.read(tmp_path / "out" / "ch" / "ch.ipynb", 4).cells
    raw = [c.source.splitlines()[0] for c in cells if c.cell_type == "raw"]
    assert raw == ["# ASSIGNMENT CONFIG", "# BEGIN QUESTION", "# BEGIN SOLUTION", "# END SOLUTION",
                   "# BEGIN TESTS", "# END TESTS", "# END QUESTION"]
    assert "name: ch\n" in cells[0].source
    question = next(c for c in cells if c.source.startswith("# BEGIN QUESTION"))
    assert question.source == f"# BEGIN QUESTION\nname: {nb.cells[4].id}\npoints: 1"
    solution = next(c for c in cells if c.cell_type == "code" and "SECRET-CODE" in c.source)
    assert solution.source.splitlines()[4:] == [
        "    # BEGIN SOLUTION NO PROMPT", "    y = 2 * x  # SECRET-CODE", "    return y",
        "    # END SOLUTION", '    """ # BEGIN PROMPT', "    # YOUR CODE HERE",
        "    raise NotImplementedError()", '    """ # END PROMPT']
    compile(solution.source, "solution", "exec")                 # still runs as the solution
    check = cells[cells.index(solution) + 3]
    assert check.source == CHECK_CODE and check.outputs[0].text == "✓ f is correct.\n"
    figure = cells[3]                                            # after the cell with the figure
    assert figure.cell_type == "markdown" and figure.source == "![figure](attachment:figure-1.png)"
    assert figure.attachments["figure-1.png"]["image/png"] == png
    assert all(c.get("id") for c in cells)                       # nbformat 4.5 wants cell ids


NOT_HIDDEN = "ch05_without_hidden_test"      # no check has this name, so no hidden test


def _hidden_course(tmp_path: Path) -> Path:
    """Two function exercises: one whose check has hidden tests (ch15), one whose has none
    (a check name that ``HIDDEN`` does not list)."""
    return write_nb(tmp_path / "src" / "c.ipynb", [
        new_code("def state_jacobian(hs, Wh, t):\n    ### BEGIN SOLUTION\n    return 1\n"
                 "    ### END SOLUTION"),
        new_code("checks.ch15_state_jacobian(state_jacobian)",
                 outputs=[stream("✓ state_jacobian: correct.\n")]),
        new_code("def g():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"),
        new_code(f"checks.{NOT_HIDDEN}(g)")]).parent


def test_nbgrader_check_cell_ends_with_the_hidden_test(tmp_path):
    assign.assign(_hidden_course(tmp_path), tmp_path / "out", fmt="nbgrader", hidden_seed=77)
    cells = nbformat.read(tmp_path / "out" / "source" / "c" / "c.ipynb", 4).cells
    assert cells[1].source == (
        "checks.ch15_state_jacobian(state_jacobian)\n### BEGIN HIDDEN TESTS\n"
        "from bpcourse.checks import hidden\n"
        "hidden.check('ch15_state_jacobian', state_jacobian, seed=77)\n### END HIDDEN TESTS")
    assert cells[1].metadata.nbgrader["grade"] and cells[1].outputs == []
    assert cells[3].source == f"checks.{NOT_HIDDEN}(g)"           # no hidden test listed


def test_otter_question_gets_a_hidden_test_case_and_all_or_nothing(tmp_path):
    from bpcourse.checks.hidden import passed_line
    assign.assign(_hidden_course(tmp_path), tmp_path / "out", fmt="otter", hidden_seed=77)
    cells = nbformat.read(tmp_path / "out" / "c" / "c.ipynb", 4).cells
    questions = [c.source for c in cells if c.source.startswith("# BEGIN QUESTION")]
    assert questions == ["# BEGIN QUESTION\nname: ch15_state_jacobian\npoints: 1\n"
                         "all_or_nothing: true",
                         f"# BEGIN QUESTION\nname: {NOT_HIDDEN}\npoints: 1"]
    k = next(i for i, c in enumerate(cells) if c.source.startswith("checks.ch15"))
    test, end = cells[k + 1], cells[k + 2]
    assert test.cell_type == "code" and test.source == (
        "# HIDDEN\nfrom bpcourse.checks import hidden\n"
        "hidden.check('ch15_state_jacobian', state_jacobian, seed=77)")
    assert test.outputs[0].text == passed_line("ch15_state_jacobian") + "\n"
    assert end.source == "# END TESTS"
    assert len({c.id for c in cells}) == len(cells)


def test_hidden_seed_is_random_unless_given(tmp_path):
    src = _hidden_course(tmp_path)
    seeds = []
    for k in range(2):
        r = run_cli(src, tmp_path / f"out{k}", "--format", "nbgrader")
        assert r.returncode == 0, r.stderr
        text = (tmp_path / f"out{k}" / "source" / "c" / "c.ipynb").read_text()
        seeds.append(re.search(r"seed=(\d+)", text)[1])
    assert seeds[0] != seeds[1]
    r = run_cli(src, tmp_path / "out2", "--format", "otter", "--hidden-seed", "5")
    assert r.returncode == 0 and "seed=5)" in (tmp_path / "out2" / "c" / "c.ipynb").read_text()


def test_every_hidden_check_is_an_exercise_of_the_book(tmp_path):
    from bpcourse.checks.hidden import HIDDEN
    assign.assign(BOOK, tmp_path / "nbgrader", fmt="nbgrader", hidden_seed=1)
    text = "".join(p.read_text() for p in (tmp_path / "nbgrader" / "source").rglob("*.ipynb"))
    found = set(re.findall(r"hidden\.check\('(\w+)'", text))
    assert found == set(HIDDEN)
    listed = (BOOK / "instructors.md").read_text().split("### Hidden tests", 1)[1]
    rows = dict(re.findall(r"^\| `(ch\d\d_\w+)` \| ([^|]+) \|", listed, re.M))
    assert rows == {name: h.what for name, h in HIDDEN.items()}, \
        "list every hidden test in book/instructors.md, as HIDDEN describes it"


def test_editions_of_a_folder_without_exercises_are_refused(tmp_path):
    write_nb(tmp_path / "src" / "p.ipynb", [new_md("# No exercises"), new_code("1 + 1")])
    for fmt in ("nbgrader", "otter"):
        r = run_cli(tmp_path / "src", tmp_path / fmt, "--format", fmt)
        assert r.returncode == 2 and "no coding exercises" in r.stderr
        assert not (tmp_path / fmt).exists()


def test_instructors_only_page_is_replaced_in_the_student_version(course, tmp_path):
    (course / "instructors.md").write_text("---\nbpcourse: instructors-only\n---\n# For instructors\n"
                                           "```python\n### BEGIN SOLUTION\nSECRET = 1\n### END SOLUTION\n```\n")
    assign.assign(course, tmp_path / "out")
    page = (tmp_path / "out" / "instructors.md").read_text()
    assert "student edition" in page and "SECRET" not in page
    assert "SECRET" not in (BOOK / "instructors.md").read_text().split("---")[1]   # the book's is marked
    assert (BOOK / "instructors.md").read_text().startswith("---\nbpcourse: instructors-only\n---")


def test_instructors_page_lists_the_points_of_every_exercise(tmp_path):
    assign.assign(BOOK, tmp_path / "nbgrader", fmt="nbgrader")
    table = (tmp_path / "nbgrader" / "POINTS.md").read_text().split("\n", 2)[2]
    assert table in (BOOK / "instructors.md").read_text(), "update the table in book/instructors.md"


@pytest.mark.slow
def test_readme_instructor_commands_work_as_written(tmp_path):
    """Each `python3 make.py student ...` line of the README's "For instructors", run as is."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## For instructors", 1)[1].split("\n## ", 1)[0]
    commands = [ln.split("#")[0].split() for ln in section.splitlines()
                if ln.startswith("python3 make.py student")]
    assert len(commands) == 3
    for k, words in enumerate(commands):
        out = tmp_path / f"out{k}"
        words = [str(out) if w == "OUT_DIR" else w for w in words]
        r = subprocess.run([sys.executable, *words[1:]], cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        assert "wrote" in r.stdout and out.is_dir()
    assert (tmp_path / "out1" / "nbgrader_config.py").exists()
    assert (tmp_path / "out2" / "POINTS.md").exists()
