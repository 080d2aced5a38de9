"""The README's ``python3 make.py book-student``, run as written, on the real book.

The only addition is ``--out`` (the script's own option), so the test does not replace a
student site someone built in ``_build/student``. The built pages must hold every chapter's
exercises and none of their solutions: no line of a solution region or of a ``{solution}``
block, no stored "✓" of a check cell, and the instructors' page replaced by its short note.
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
from solutions import MARKER, split_lines  # noqa: E402


def solution_texts(nb) -> tuple[set[str], set[str], set[str]]:
    """(solution lines, lines outside the solutions, the check cells' stored "✓" lines)."""
    inside, outside = split_lines(nb)
    ticks, cells = set(), nb.cells
    for k, cell in enumerate(cells):
        if cell.cell_type == "code" and MARKER.search(cell.source):
            check = next(c for c in cells[k + 1:] if c.cell_type == "code")
            ticks |= {ln for o in check.outputs for ln in o.get("text", "").splitlines()
                      if ln.startswith("✓")}
    return {s for s in inside if len(s) > 15}, outside, ticks


def page_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


@pytest.mark.slow
@pytest.mark.site
def test_make_book_student_builds_the_site_without_any_solution(tmp_path):
    out = tmp_path / "html"
    r = subprocess.run([sys.executable, "make.py", "book-student", "--out", str(out)], cwd=ROOT,
                       capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "student edition" in page_text(out / "book" / "instructors.html")
    everything = "\n".join(page_text(p) for p in out.rglob("*.html"))
    shown = {line.strip() for line in everything.splitlines()}
    assert not MARKER.search(everything)
    chapters = {p: solution_texts(nbformat.read(p, 4)) for p in sorted(BOOK.glob("*.ipynb"))}
    public = set().union(*(outside for _, outside, _ in chapters.values()))   # shown by any chapter
    for chapter, (lines, _, ticks) in chapters.items():
        nb = nbformat.read(chapter, 4)
        page = page_text(out / "book" / f"{chapter.stem}.html")
        assert "{exercise}" not in page                          # the directives were rendered
        leaked = sorted((lines - public | ticks) & shown)
        assert not leaked, f"{chapter.name}: solution text in the student site: {leaked[:3]}"
        if MARKER.search("\n".join(c.source for c in nb.cells)):
            assert "YOUR CODE HERE" in page, f"{chapter.name}: its exercises are missing"
