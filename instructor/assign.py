"""The course's exercises for students and for autograders, from the one source.

    bpcourse-assign SOURCE_DIR OUT_DIR [--format plain|nbgrader|otter] [--force]
    (or, from the repository root: python -m instructor.assign ...)

``--format plain`` (the default) writes the student version: every file of SOURCE_DIR, with

- the lines of a code cell between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` replaced by
  ``# YOUR CODE HERE`` at the indentation of the BEGIN marker, followed by
  ``raise NotImplementedError()`` when the region is indented (a function body must not be
  empty; the check reports that exercise as "not answered yet"). A region at the top level
  gets the comment only: the exercise cell sets its answers to ``None`` before the region, so
  the check cell says "not answered yet" instead of the student meeting a traceback. Lines
  before and after the region (a ``def`` line, the exercise's inputs) are kept;
- every sphinx-exercise ``{solution}`` block removed (fenced with ``` or :::, any length,
  nested directives included), and everything between ``{solution-start}`` and
  ``{solution-end}`` (gated solutions, which may span cells);
- the outputs and execution counts of each solution cell, and of its check cell (the next code
  cell, whose stored "✓" was earned by the reference solution), cleared; every other output
  (figures, tables) kept; the folding of solution cells (``instructor.fold``) undone, so the
  exercise cell opens with its code shown (in every format);
- a page whose front matter says ``bpcourse: instructors-only`` replaced by a short note (it
  holds the instructors' notes, which may show solutions; the chapters may link to it).

``--format nbgrader`` writes an nbgrader course folder: ``OUT_DIR/nbgrader_config.py`` and
``OUT_DIR/source/<chapter>/<chapter>.ipynb`` for each chapter with coding exercises. Each
solution cell is an nbgrader "autograded answer" cell (nbgrader replaces the region itself),
its check cell an "autograded tests" cell worth its points, every other cell read-only; prose
solutions are removed and the outputs of solution and check cells cleared. The config turns
off nbgrader's ClearOutput, so the chapters' figures stay in the release. The check cell of
each exercise that ``bpcourse.checks.hidden.HIDDEN`` lists (an answer that is a function) ends
with a ``### BEGIN HIDDEN TESTS`` region, which nbgrader keeps out of the release: the same
check on problems drawn from the hidden seed, refusing an answer that calls bpcourse to do the
work. The cell passes only if both parts do.

``--format otter`` writes ``OUT_DIR/<chapter>/<chapter>.ipynb`` for each chapter with coding
exercises, in Otter Assign's notebook format: an ``# ASSIGNMENT CONFIG`` raw cell, and per
exercise a ``# BEGIN QUESTION`` block holding the solution cell (Otter's one-``#`` markers, with
a prompt block so the student sees ``# YOUR CODE HERE``) and the check cell as its test (its
stored "✓" output is the expected output). An exercise with a hidden test gets it as a second
test cell marked ``# HIDDEN`` (the same call as nbgrader's hidden region, its "✓" line the
expected output), and its question is graded ``all_or_nothing``. Otter clears every output of
the student notebook, so each figure is also copied into a markdown cell after its code cell.

The hidden seed is ``--hidden-seed N``, or a fresh random one for each run (it is written into
the instructors' notebooks only): choose one per course and keep it, so that the hidden
problems cannot be worked out from the public package.

A coding exercise's check cell may set its points in its metadata, ``{"bpcourse": {"points":
2}}``; the default is 1 point per exercise.

Refused, naming the file and the cell (cells are numbered from 1): a solution marker in a
markdown or raw cell (or in a page that is not instructors-only), an unbalanced or nested
marker, an unclosed ``{solution}`` block, a file that is not nbformat 4 JSON. Every file is
checked before anything is written, and the result is built in a temporary folder that is then
moved to OUT_DIR, so a failed run writes nothing. The source is only read.

Exit codes: 0 done; 1 malformed input; 2 usage error or refusal (OUT_DIR inside SOURCE_DIR or
the reverse, OUT_DIR exists and no --force); 3 a file could not be read or written (permission,
disk full). Messages go to stderr, one line each.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from .fold import unfold_cell

BEGIN = re.compile(r"^(?P<indent>[ \t]*)#+[ \t]*BEGIN SOLUTION\b")
END = re.compile(r"^[ \t]*#+[ \t]*END SOLUTION\b")
MARKER = re.compile(r"#+[ \t]*(BEGIN|END) SOLUTION\b")
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|:{3,})[ \t]*(?P<info>.*?)[ \t]*$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}")
CHECK_CALL = re.compile(r"\bchecks\.(?P<name>ch\d\d_\w+)\(")
ANSWER_CALL = re.compile(r"^checks\.(?P<name>ch\d\d_\w+)\((?P<args>[\w, ]*)\)[ \t]*$", re.M)
INSTRUCTORS_ONLY = re.compile(r"\A---\s*\n(?:.*\n)*?bpcourse:[ \t]*instructors-only[ \t]*\n(?:.*\n)*?---")
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__"}
FORMATS = ("plain", "nbgrader", "otter")
STUDENT_EDITION_NOTE = """\
# For instructors

This is the **student edition** of the course: the exercises are here, their solutions are not.
The instructors' notes (how to assign the exercises, how the checks grade them) are in the full
edition of the book and in the course repository.
"""
NBGRADER_CONFIG = """\
# nbgrader configuration written by bpcourse-assign --format nbgrader.
# Use: cd into this folder, then  nbgrader generate_assignment <chapter>  (e.g. 05_gradient_descent),
# collect submissions into submitted/<student>/<chapter>/, then  nbgrader autograde <chapter>.
c = get_config()  # noqa: F821
c.CourseDirectory.root = "."
# The chapters' figures are part of the exercises: keep stored outputs. bpcourse-assign has
# already cleared the outputs of every solution cell and check cell.
c.ClearOutput.enabled = False
# Checks may take a few seconds (a chapter trains small networks).
c.ExecutePreprocessor.timeout = 300
"""


class Malformed(ValueError):
    """Input the editions cannot be made from; the message says where and why."""


class Refused(ValueError):
    """A run that would write into the source or over existing files."""


class Unwritable(OSError):
    """A file that could not be read or written; nothing was left behind."""


class Fence(NamedTuple):
    """An open fenced block of MyST markdown."""
    marks: str        # the opening run of ``` or :::
    literal: bool     # a code block: its content is not markdown
    drop: bool        # a solution block: it goes, with everything inside
    name: str         # the directive's name ("" for a code block)
    line: int


# --- one cell -----------------------------------------------------------------------------------

def solution_regions(text: str) -> list[tuple[int, int, str]]:
    """The (begin line, end line, indent) of each BEGIN/END SOLUTION region, lines counted from 0."""
    regions, begin, indent = [], None, ""
    for i, line in enumerate(text.splitlines(), start=0):
        if m := BEGIN.match(line):
            if begin is not None:
                raise Malformed(f"line {i + 1}: BEGIN SOLUTION inside the region opened at line "
                                f"{begin + 1} (nested); close it with ### END SOLUTION first")
            begin, indent = i, m["indent"]
        elif END.match(line):
            if begin is None:
                raise Malformed(f"line {i + 1}: END SOLUTION without a BEGIN SOLUTION before it")
            regions.append((begin, i, indent))
            begin = None
    if begin is not None:
        raise Malformed(f"line {begin + 1}: BEGIN SOLUTION without an END SOLUTION")
    return regions


def _rewrite_regions(text: str, replace) -> tuple[str, bool]:
    """Replace each region's lines (markers included) by ``replace(region lines, indent, eol)``."""
    regions = solution_regions(text)
    lines = text.splitlines(keepends=True)
    for begin, end, indent in reversed(regions):
        eol = lines[end][len(lines[end].rstrip("\r\n")):]
        lines[begin:end + 1] = replace(lines[begin:end + 1], indent, eol)
    return "".join(lines), bool(regions)


def student_code(text: str) -> tuple[str, bool]:
    """Replace each BEGIN/END SOLUTION region of a code cell; return (source, had_solution)."""
    def stub(region, indent, eol):
        if not indent:                      # top level: the check says "not answered yet"
            return [f"{indent}# YOUR CODE HERE{eol}"]
        return [f"{indent}# YOUR CODE HERE\n", f"{indent}raise NotImplementedError(){eol}"]
    return _rewrite_regions(text, stub)


def otter_code(text: str) -> tuple[str, bool]:
    """Otter's syntax: one-# markers, the solution hidden from students, our stub as the prompt."""
    def otter(region, indent, eol):
        body = region[1:-1]
        prompt = [f"{indent}# YOUR CODE HERE\n"]
        if indent:
            prompt.append(f"{indent}raise NotImplementedError()\n")
        return ([f"{indent}# BEGIN SOLUTION NO PROMPT\n", *body, f"{indent}# END SOLUTION\n",
                 f'{indent}""" # BEGIN PROMPT\n', *prompt, f'{indent}""" # END PROMPT{eol}'])
    return _rewrite_regions(text, otter)


def student_markdown(text: str, gated: bool = False) -> tuple[str, bool]:
    """Drop {solution} blocks (and gated solution text) from MyST markdown.

    ``gated`` says whether a ``{solution-start}`` is open on entry; the state on exit is
    returned with the new text, so a gated solution can span several cells.
    """
    out, stack = [], []                    # the open fences, innermost last
    for i, line in enumerate(text.splitlines(keepends=True), start=1):
        m = FENCE.match(line.rstrip("\r\n"))
        marks, info = (m["fence"], m["info"]) if m else ("", "")
        top = stack[-1] if stack else None
        in_code = top is not None and top.literal
        closes = (top is not None and not info and marks[:1] == top.marks[0]
                  and len(marks) >= len(top.marks))
        directive = DIRECTIVE.match(info) if m and not in_code else None
        dropping = gated or any(f.drop for f in stack)
        if closes:
            stack.pop()
            gated = gated or top.name == "solution-start"
        elif directive or (m and marks[0] == "`" and not in_code):
            name = directive["name"] if directive else ""
            if gated and not stack and name == "solution-end":
                gated = False
            drop = name in ("solution", "solution-start", "solution-end")
            stack.append(Fence(marks, directive is None, drop, name, i))
            dropping = dropping or drop
        if not dropping:
            out.append(line)
    for f in stack:
        if f.name in ("solution", "solution-start"):
            raise Malformed(f"line {f.line}: the {{{f.name}}} block opened with {f.marks} is "
                            f"never closed (expected a line {f.marks} after it)")
    return "".join(out), gated


def _refuse_markers(text: str, kind: str) -> None:
    for i, line in enumerate(text.splitlines(), start=1):
        if MARKER.search(line):
            raise Malformed(f"line {i}: a solution marker in a {kind}; markers belong in code "
                            f"cells (a {kind} would be copied with its solution)")


def _text(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _set_text(cell: dict, text: str) -> None:
    cell["source"] = text if isinstance(cell["source"], str) else text.splitlines(keepends=True)


def _clear(cell: dict) -> None:
    cell["outputs"], cell["execution_count"] = [], None


# --- one notebook -------------------------------------------------------------------------------

class Exercise(NamedTuple):
    solution: int      # index of the solution cell in the new cell list
    check: int | None  # index of its check cell
    name: str          # the check function's name (ch05_neuron_gradient), or the cell's id
    points: float
    answers: str = ""  # the check's arguments (the student's functions) when it has hidden tests


def hidden_test(ex: Exercise, seed: int) -> str | None:
    """The code of the exercise's hidden test, or None when its check has none."""
    if not ex.answers:
        return None
    return (f"from bpcourse.checks import hidden\n"
            f"hidden.check({ex.name!r}, {ex.answers}, seed={seed})")


def _hidden_names() -> set[str]:
    from bpcourse.checks.hidden import HIDDEN       # bpcourse is where the editions are made
    return set(HIDDEN)


def _load(raw: str) -> dict:
    try:
        nb = json.loads(raw)
    except json.JSONDecodeError as e:
        raise Malformed(f"invalid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        got = nb.get("nbformat") if isinstance(nb, dict) else type(nb).__name__
        raise Malformed(f"not an nbformat 4 notebook (nbformat = {got!r}, expected 4 and a "
                        f"list of cells)")
    return nb


def _without_solutions(nb: dict, code) -> tuple[list[dict], list[Exercise], int]:
    """The cells with prose solutions removed and code regions rewritten by ``code``.

    Returns (cells, exercises, number of changed cells). Cells are copies.
    """
    cells, exercises, gated, gate_start, changed, pending = [], [], False, 0, 0, None
    for k, cell in enumerate(nb["cells"], start=1):
        where = f"cell {k}" + (f" (id {cell['id']})" if isinstance(cell, dict) and "id" in cell else "")
        if not (isinstance(cell, dict) and cell.get("cell_type") in ("code", "markdown", "raw")
                and isinstance(cell.get("source"), (str, list))):
            raise Malformed(f"{where}: not a notebook cell (expected cell_type and source)")
        cell = copy.deepcopy(cell)
        try:
            if cell["cell_type"] in ("markdown", "raw"):
                _refuse_markers(_text(cell), f"{cell['cell_type']} cell")
            if cell["cell_type"] == "markdown":
                was_gated = gated
                text, gated = student_markdown(_text(cell), gated)
                gate_start = k if gated and not was_gated else gate_start
                if text != _text(cell):
                    changed += 1
                    if not text.strip():
                        continue             # the cell held nothing but a solution
                    _set_text(cell, text)
            elif gated:
                changed += 1
                continue                     # inside a gated solution: the cell goes
            elif cell["cell_type"] == "code":
                text, had = code(_text(cell))
                if had:
                    _set_text(cell, text)
                    unfold_cell(cell)        # the book folds its solutions; an exercise stays open
                    changed += 1
                    pending = len(cells)
                elif pending is not None:    # the check cell of the exercise above
                    call = CHECK_CALL.search(_text(cell))
                    points = cell.get("metadata", {}).get("bpcourse", {}).get("points", 1)
                    name = call["name"] if call else str(cell.get("id", f"cell-{k}"))
                    answer = ANSWER_CALL.search(_text(cell))
                    args = answer["args"].strip() if answer and answer["name"] == name else ""
                    exercises.append(Exercise(pending, len(cells), name, points, args))
                    pending = None
        except Malformed as e:
            raise Malformed(f"{where}, {e}") from None
        cells.append(cell)
    if pending is not None:
        exercises.append(Exercise(pending, None, str(cells[pending].get("id", "answer")), 1))
    if gated:
        raise Malformed(f"cell {gate_start}: {{solution-start}} without a {{solution-end}} after it")
    return cells, exercises, changed


def _dump(nb: dict) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def student_notebook(raw: str) -> tuple[str | None, int]:
    """The student version of a notebook's JSON text: (new text or None if unchanged, changes)."""
    nb = _load(raw)
    cells, exercises, changed = _without_solutions(nb, student_code)
    if not changed:
        return None, 0
    for ex in exercises:
        for k in (ex.solution, ex.check):
            if k is not None:
                _clear(cells[k])
    return _dump(dict(nb, cells=cells)), changed


def _nbgrader_meta(grade_id: str, *, solution=False, grade=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def _with_hidden(exercises: list[Exercise]) -> list[Exercise]:
    """The exercises, keeping ``answers`` only for those whose check has hidden tests."""
    names = _hidden_names() if any(ex.answers for ex in exercises) else set()
    return [ex._replace(answers=ex.answers if ex.name in names else "") for ex in exercises]


def nbgrader_notebook(raw: str, seed: int = 0) -> tuple[str | None, list[Exercise]]:
    """The nbgrader source version of a notebook (None if it has no coding exercise)."""
    nb = _load(raw)
    cells, exercises, _ = _without_solutions(nb, lambda text: (text, bool(solution_regions(text))))
    if not exercises:
        return None, []
    exercises = _with_hidden(exercises)
    for ex in exercises:
        if (test := hidden_test(ex, seed)) is not None:
            cell = cells[ex.check]
            _set_text(cell, f"{_text(cell).rstrip()}\n### BEGIN HIDDEN TESTS\n{test}\n"
                            f"### END HIDDEN TESTS")
    roles = {}
    for ex in exercises:
        roles[ex.solution] = _nbgrader_meta(f"{ex.name}-answer", solution=True)
        if ex.check is not None:
            roles[ex.check] = _nbgrader_meta(ex.name, grade=True, points=ex.points)
    for k, cell in enumerate(cells):
        meta = cell.setdefault("metadata", {})
        meta["nbgrader"] = roles.get(k) or _nbgrader_meta(f"cell-{cell.get('id', k)}")
        if k in roles:
            _clear(cell)
    return _dump(dict(nb, cells=cells)), exercises


def _raw(text: str, n: int) -> dict:
    return {"cell_type": "raw", "id": f"otter-{n}", "metadata": {}, "source": text}


def _figures_as_markdown(cell: dict) -> dict | None:
    """A markdown cell showing the PNG figures of a code cell's outputs (Otter clears outputs)."""
    attachments, links = {}, []
    for n, out in enumerate(cell.get("outputs", [])):
        png = out.get("data", {}).get("image/png") if isinstance(out, dict) else None
        if png:
            name = f"figure-{n}.png"
            attachments[name] = {"image/png": png if isinstance(png, str) else "".join(png)}
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "figure")
            links.append(f"![{alt}](attachment:{name})")
    if not links:
        return None
    return {"cell_type": "markdown", "id": f"{cell.get('id', 'cell')}-figures", "metadata": {},
            "attachments": attachments, "source": "\n\n".join(links)}


def _otter_hidden(ex: Exercise, test: str) -> dict:
    """Otter's hidden test cell: the hidden test, its one "✓" line the expected output."""
    from bpcourse.checks.hidden import passed_line
    return {"cell_type": "code", "execution_count": None, "id": f"{ex.name}-hidden"[:64],
            "metadata": {}, "source": f"# HIDDEN\n{test}",
            "outputs": [{"output_type": "stream", "name": "stdout",
                         "text": passed_line(ex.name) + "\n"}]}


def otter_notebook(raw: str, name: str, seed: int = 0) -> tuple[str | None, list[Exercise]]:
    """The Otter Assign master version of a notebook (None if it has no coding exercise)."""
    nb = _load(raw)
    cells, exercises, _ = _without_solutions(nb, otter_code)
    if not exercises:
        return None, []
    exercises = _with_hidden(exercises)
    starts = {ex.solution: ex for ex in exercises}
    ends = {ex.check if ex.check is not None else ex.solution: ex for ex in exercises}
    config = (f"# ASSIGNMENT CONFIG\nname: {name}\ninit_cell: true\ncheck_all_cell: false\n"
              f"export_cell: false\nrun_tests: false\nsolutions_pdf: false\ngenerate: true\n")
    out = [_raw(config, 0)]
    for k, cell in enumerate(cells):
        if k in starts:
            ex = starts[k]
            _clear(cell)
            whole = "\nall_or_nothing: true" if ex.answers else ""
            out += [_raw(f"# BEGIN QUESTION\nname: {ex.name}\npoints: {ex.points:g}{whole}",
                         len(out)),
                    _raw("# BEGIN SOLUTION", len(out) + 1), cell,
                    _raw("# END SOLUTION", len(out) + 3)]
            if ex.check is None:
                out.append(_raw("# END QUESTION", len(out)))
            continue
        if k in ends:                        # the check cell is the question's test
            test = hidden_test(ends[k], seed)
            out += [_raw("# BEGIN TESTS", len(out)), cell,
                    *([_otter_hidden(ends[k], test)] if test else []),
                    _raw("# END TESTS", len(out) + 2), _raw("# END QUESTION", len(out) + 3)]
            continue
        out.append(cell)
        if cell["cell_type"] == "code" and (figure := _figures_as_markdown(cell)):
            out.append(figure)
    return _dump(dict(nb, cells=out)), exercises


# --- a folder -----------------------------------------------------------------------------------

def _pages(source: Path):
    for folder, dirs, names in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):     # lock files, editor state
                yield (Path(folder) / name).relative_to(source)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as e:
        raise Unwritable(f"cannot read {path}: {e.strerror or e}") from None


def plan(source: Path, shown: str | os.PathLike = "", fmt: str = "plain", seed: int = 0
         ) -> tuple[dict[Path, str | None], list[str]]:
    """Every file of the edition (relative path -> new text, or None to copy) and the errors.

    Errors name each file as ``shown/relative path`` (``shown`` defaults to ``source``);
    ``seed`` draws the problems of the hidden tests (nbgrader and otter).
    """
    files, errors, points = {}, [], []
    for rel in _pages(source):
        path = source / rel
        try:
            if path.suffix == ".ipynb":
                raw = _read(path)
                if fmt == "plain":
                    files[rel] = student_notebook(raw)[0]
                    continue
                made = (nbgrader_notebook(raw, seed) if fmt == "nbgrader"
                        else otter_notebook(raw, rel.stem, seed))
                if made[0] is not None:
                    folder = Path("source") if fmt == "nbgrader" else Path()
                    files[folder / rel.stem / rel.name] = made[0]
                    points += [(rel.stem, ex.name, ex.points) for ex in made[1]]
            elif path.suffix == ".md" and fmt == "plain":
                text = _read(path)
                if INSTRUCTORS_ONLY.match(text):
                    files[rel] = STUDENT_EDITION_NOTE
                    continue
                _refuse_markers(text, "page")
                new, gated = student_markdown(text)
                if gated:
                    raise Malformed("{solution-start} without a {solution-end} after it")
                files[rel] = new if new != text else None
            elif fmt == "plain":
                files[rel] = None
        except (Malformed, UnicodeDecodeError) as e:
            errors.append(f"{Path(shown or source) / rel}: {e}")
    if fmt == "nbgrader" and files:
        files[Path("nbgrader_config.py")] = NBGRADER_CONFIG
    if fmt != "plain" and files:
        files[Path("POINTS.md")] = _points_table(points)
    return files, errors


def _points_table(points: list[tuple[str, str, float]]) -> str:
    lines = ["# Points per exercise", "", "| chapter | exercise (check) | points |",
             "| --- | --- | ---: |"]
    lines += [f"| {chapter} | `{name}` | {p:g} |" for chapter, name, p in points]
    return "\n".join(lines) + "\n"


def _existing(dst: Path) -> list[str]:
    return sorted(str(p.relative_to(dst)) for p in dst.rglob("*") if p.is_file())


def assign(source: str | os.PathLike, out: str | os.PathLike, force: bool = False,
           fmt: str = "plain", report=None, hidden_seed: int | None = None) -> dict:
    """Write the ``fmt`` edition of ``source`` into ``out``; return {relative path: new text|None}.

    With ``force``, an existing ``out`` is replaced; ``report(line)`` (if given) is told each
    file that is overwritten or removed. ``hidden_seed`` draws the hidden tests' problems (a
    random one when None).
    """
    if fmt not in FORMATS:
        raise Refused(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    src, dst = Path(source).resolve(), Path(out).resolve()
    if not src.is_dir():
        raise Refused(f"SOURCE_DIR {source} is not a directory")
    if dst == src or src in dst.parents:
        raise Refused(f"OUT_DIR {out} is inside SOURCE_DIR {source}; the source is never written to")
    if dst in src.parents:
        raise Refused(f"SOURCE_DIR {source} is inside OUT_DIR {out}; choose another OUT_DIR")
    if dst.exists() and not (force and dst.is_dir()):
        raise Refused(f"OUT_DIR {out} already exists; pass --force to replace it"
                      if dst.is_dir() else f"OUT_DIR {out} exists and is not a directory")
    seed = secrets.randbelow(2 ** 31) if hidden_seed is None else hidden_seed
    files, errors = plan(src, source, fmt, seed)
    if errors:
        raise Malformed("\n".join(errors))
    if not files:
        raise Refused(f"SOURCE_DIR {source} has no coding exercises for the {fmt} format")
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dst.name}.", dir=dst.parent))
    except OSError as e:
        raise Unwritable(f"cannot write into {dst.parent}: {e.strerror or e}") from None
    try:
        for rel, text in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            if text is None:
                shutil.copyfile(src / rel, tmp / rel)
            else:
                (tmp / rel).write_text(text, encoding="utf-8")
        if dst.exists():
            if report:
                new = {str(p) for p in files}
                for rel in _existing(dst):
                    report(f"{'overwritten' if rel in new else 'removed'}: {Path(out) / rel}")
            old = Path(tempfile.mkdtemp(prefix=f".{dst.name}.old.", dir=dst.parent))
            dst.rename(old / dst.name)
            try:
                tmp.rename(dst)
            except OSError:
                (old / dst.name).rename(dst)          # put the old folder back
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(dst)
    except OSError as e:
        where = e.filename or dst
        raise Unwritable(f"cannot write {where}: {e.strerror or e}; nothing was written") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bpcourse-assign", description=(
        "Write the student version of the course (no solutions), or its nbgrader or Otter "
        "edition, into OUT_DIR; SOURCE_DIR is only read."))
    parser.add_argument("source", metavar="SOURCE_DIR", help="the chapters, e.g. book")
    parser.add_argument("out", metavar="OUT_DIR", help="where the edition goes (new)")
    parser.add_argument("--format", choices=FORMATS, default="plain",
                        help="plain: the student version (default); nbgrader: an nbgrader course "
                             "folder; otter: Otter Assign master notebooks")
    parser.add_argument("--force", action="store_true",
                        help="replace OUT_DIR if it exists (each replaced file is listed)")
    parser.add_argument("--hidden-seed", type=int, default=None, metavar="N",
                        help="the seed of the hidden tests' problems (nbgrader, otter); keep one "
                             "per course (default: a random one each run)")
    args = parser.parse_args(argv)
    say = lambda line: print(f"bpcourse-assign: --force: {line}", file=sys.stderr)  # noqa: E731
    try:
        files = assign(args.source, args.out, force=args.force, fmt=args.format, report=say,
                       hidden_seed=args.hidden_seed)
    except Refused as e:
        print(f"bpcourse-assign: {e}", file=sys.stderr)
        return 2
    except Malformed as e:
        print(f"bpcourse-assign: nothing written; fix the source first:\n{e}", file=sys.stderr)
        return 1
    except Unwritable as e:
        print(f"bpcourse-assign: {e}", file=sys.stderr)
        return 3
    changed = sum(text is not None for text in files.values())
    what = {"plain": "with solutions removed", "nbgrader": "written for nbgrader",
            "otter": "written for Otter"}[args.format]
    print(f"wrote {len(files)} files into {args.out} ({changed} {what})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
