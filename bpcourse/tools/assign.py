"""The student version of the course: the same files, without the solutions.

    bpcourse-assign SOURCE_DIR OUT_DIR [--force]      (or: python -m bpcourse.tools.assign ...)

Every notebook (and every ``.md`` page) of SOURCE_DIR is copied to OUT_DIR with

- the lines of a code cell between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` replaced by
  ``# YOUR CODE HERE`` / ``raise NotImplementedError()`` at the indentation of the BEGIN marker
  (lines before and after the region, e.g. a ``def`` line, are kept): nbgrader's convention;
- every sphinx-exercise ``{solution}`` block removed (fenced with ``` or :::, any length,
  nested directives included), and everything between ``{solution-start}`` and
  ``{solution-end}`` (gated solutions, which may span cells);
- the outputs and execution counts of each solution cell, and of the code cell right after it
  (its check cell, whose stored "✓" was earned by the reference solution), cleared.

Everything else is copied byte-for-byte (a notebook without solutions, .bib, images, ...);
``.ipynb_checkpoints`` folders are skipped. The source is only read. Every notebook is checked
before anything is written, and the result is built in a temporary folder that is then moved
to OUT_DIR, so a failed run writes nothing. Cells are numbered from 1 in messages.

Exit codes: 0 done; 1 malformed input (invalid JSON, not nbformat 4, an unbalanced marker, an
unclosed {solution} block); 2 usage error or refusal (OUT_DIR inside SOURCE_DIR or the reverse,
OUT_DIR exists and no --force). Messages go to stderr.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

BEGIN = re.compile(r"^(?P<indent>[ \t]*)#+[ \t]*BEGIN SOLUTION\b")
END = re.compile(r"^[ \t]*#+[ \t]*END SOLUTION\b")
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|:{3,})[ \t]*(?P<info>.*?)[ \t]*$")
DIRECTIVE = re.compile(r"^\{(?P<name>[\w:.-]+)\}")
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__"}


class Malformed(ValueError):
    """Input the student version cannot be made from; the message says where and why."""


class Refused(ValueError):
    """A run that would write into the source or over existing files."""


class Fence(NamedTuple):
    """An open fenced block of MyST markdown."""
    marks: str        # the opening run of ``` or :::
    literal: bool     # a code block: its content is not markdown
    drop: bool        # a solution block: it goes, with everything inside
    name: str         # the directive's name ("" for a code block)
    line: int


def student_code(text: str) -> tuple[str, bool]:
    """Replace each BEGIN/END SOLUTION region of a code cell; return (source, had_solution)."""
    out, begin_line, indent, regions = [], None, "", 0
    for i, line in enumerate(text.splitlines(keepends=True), start=1):
        if begin := BEGIN.match(line):
            if begin_line is not None:
                raise Malformed(f"line {i}: BEGIN SOLUTION inside the region opened at line "
                                f"{begin_line} (nested); close it with ### END SOLUTION first")
            begin_line, indent = i, begin["indent"]
        elif END.match(line):
            if begin_line is None:
                raise Malformed(f"line {i}: END SOLUTION without a BEGIN SOLUTION before it")
            eol = line[len(line.rstrip("\r\n")):]
            out += [f"{indent}# YOUR CODE HERE\n", f"{indent}raise NotImplementedError(){eol}"]
            begin_line, regions = None, regions + 1
        elif begin_line is None:
            out.append(line)
    if begin_line is not None:
        raise Malformed(f"line {begin_line}: BEGIN SOLUTION without an END SOLUTION")
    return "".join(out), regions > 0


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


def _text(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _set_text(cell: dict, text: str) -> None:
    cell["source"] = text if isinstance(cell["source"], str) else text.splitlines(keepends=True)


def _clear(cell: dict) -> None:
    cell["outputs"], cell["execution_count"] = [], None


def student_notebook(raw: str) -> tuple[str | None, int]:
    """The student version of a notebook's JSON text: (new text or None if unchanged, solutions)."""
    try:
        nb = json.loads(raw)
    except json.JSONDecodeError as e:
        raise Malformed(f"invalid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    if not isinstance(nb, dict) or nb.get("nbformat") != 4 or not isinstance(nb.get("cells"), list):
        got = nb.get("nbformat") if isinstance(nb, dict) else type(nb).__name__
        raise Malformed(f"not an nbformat 4 notebook (nbformat = {got!r}, expected 4 and a "
                        f"list of cells)")
    cells, gated, gate_start, clear_next, solved = [], False, 0, False, 0
    for k, cell in enumerate(nb["cells"], start=1):
        where = f"cell {k}" + (f" (id {cell['id']})" if isinstance(cell, dict) and "id" in cell else "")
        if not (isinstance(cell, dict) and cell.get("cell_type") in ("code", "markdown", "raw")
                and isinstance(cell.get("source"), (str, list))):
            raise Malformed(f"{where}: not a notebook cell (expected cell_type and source)")
        try:
            if cell["cell_type"] == "markdown":
                was_gated = gated
                text, gated = student_markdown(_text(cell), gated)
                gate_start = k if gated and not was_gated else gate_start
                if text != _text(cell):
                    solved += 1
                    if not text.strip():
                        continue             # the cell held nothing but a solution
                    _set_text(cell, text)
            elif gated:
                solved += 1
                continue                     # inside a gated solution: the cell goes
            elif cell["cell_type"] == "code":
                text, had = student_code(_text(cell))
                if had:
                    _set_text(cell, text)
                    _clear(cell)
                    solved, clear_next = solved + 1, True
                elif clear_next:
                    _clear(cell)
                    clear_next = False
        except Malformed as e:
            raise Malformed(f"{where}, {e}") from None
        cells.append(cell)
    if gated:
        raise Malformed(f"cell {gate_start}: {{solution-start}} without a {{solution-end}} after it")
    if not solved:
        return None, 0
    nb["cells"] = cells
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", solved


def plan(source: Path, shown: str | os.PathLike = "") -> tuple[dict[Path, str | None], list[str]]:
    """Every file of ``source`` (relative path -> new text, or None to copy) and the errors.

    Errors name each file as ``shown/relative path`` (``shown`` defaults to ``source``).
    """
    files, errors = {}, []
    for folder, dirs, names in os.walk(source):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for name in sorted(names):
            path = Path(folder) / name
            rel = path.relative_to(source)
            try:
                if path.suffix == ".ipynb":
                    files[rel] = student_notebook(path.read_text(encoding="utf-8"))[0]
                elif path.suffix == ".md":
                    text = path.read_text(encoding="utf-8")
                    new, gated = student_markdown(text)
                    if gated:
                        raise Malformed("{solution-start} without a {solution-end} after it")
                    files[rel] = new if new != text else None
                else:
                    files[rel] = None
            except (Malformed, UnicodeDecodeError) as e:
                errors.append(f"{Path(shown or source) / rel}: {e}")
    return files, errors


def assign(source: str | os.PathLike, out: str | os.PathLike, force: bool = False) -> dict:
    """Write the student version of ``source`` into ``out``; return {relative path: new text|None}."""
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
    files, errors = plan(src, source)
    if errors:
        raise Malformed("\n".join(errors))
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dst.name}.", dir=dst.parent))
    try:
        for rel, text in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            if text is None:
                shutil.copyfile(src / rel, tmp / rel)
            else:
                (tmp / rel).write_text(text, encoding="utf-8")
        if dst.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{dst.name}.old.", dir=dst.parent))
            dst.rename(old / dst.name)
            tmp.rename(dst)
            shutil.rmtree(old)
        else:
            tmp.rename(dst)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bpcourse-assign", description=(
        "Write the student version of the course (no solutions) into OUT_DIR; "
        "SOURCE_DIR is only read."))
    parser.add_argument("source", metavar="SOURCE_DIR", help="the chapters, e.g. book")
    parser.add_argument("out", metavar="OUT_DIR", help="where the student version goes (new)")
    parser.add_argument("--force", action="store_true", help="replace OUT_DIR if it exists")
    args = parser.parse_args(argv)
    try:
        files = assign(args.source, args.out, force=args.force)
    except Refused as e:
        print(f"bpcourse-assign: {e}", file=sys.stderr)
        return 2
    except Malformed as e:
        print(f"bpcourse-assign: nothing written; fix the source first:\n{e}", file=sys.stderr)
        return 1
    changed = sum(text is not None for text in files.values())
    print(f"wrote {len(files)} files into {args.out} ({changed} with solutions removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
