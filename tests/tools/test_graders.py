"""The nbgrader and Otter editions, end to end with the real tools (tests/tools/graders.py).

- Every chapter's edition generates: ``nbgrader generate_assignment`` and ``otter assign``
  succeed on each, and the released student notebooks hold no solution line, no marker and no
  prose solution, but keep the chapters' figures.
- One chapter is graded by each tool on three submissions: the reference answers (full
  marks), one wrong answer (that exercise 0, the other full) and the blank release (0).
- The hidden tests, on chapters 13 and 15 (four exercises): the reference answers score full
  marks; values typed in from the visible check pass that check but score nothing; an answer
  that lets bpcourse do the work scores nothing, and the grader's feedback names the call; a
  named mistake scores nothing and keeps its hint (``hidden_answers.py`` writes them).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

from instructor import assign

from graders import environment
from hidden_answers import EXERCISES, expected_scores, reference_answers, submissions

pytestmark = [pytest.mark.slow, pytest.mark.kernel,
              pytest.mark.skipif(sys.version_info < (3, 11),
                                 reason="the grader environments are pinned for Python 3.11+")]

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
GRADED = "06_chain_rule"                       # two exercises; runs in a few seconds
WRONG = ("y_bar = L_bar * (y - t)", "y_bar = L_bar * y")      # the target t forgotten
CHAPTERS = sorted(p.stem for p in BOOK.glob("*.ipynb")
                  if "BEGIN SOLUTION" in p.read_text(encoding="utf-8"))
#: the chapter graded on hidden tests by both tools: its 3 exercises (silu, div, add_bias), a
#: chapter quick to run; tests/tools/test_hidden.py runs every hidden test in this process
HIDDEN_GRADED = ("11_autodiff",)
SEED = 2026                                     # the hidden tests' seed (any one works)
from solutions import MARKER, split_lines  # noqa: E402


def solution_lines(chapter: str) -> set[str]:
    """Lines that only the solutions hold (code regions and prose solution blocks)."""
    nb = nbformat.read(BOOK / f"{chapter}.ipynb", 4)
    inside, outside = split_lines(nb)
    return {s for s in inside - outside if len(s) > 12}


def assert_student_notebook(path: Path, chapter: str) -> None:
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, 4)
    source = "\n".join(c.source for c in nb.cells)
    assert not MARKER.search(source), f"{path}: a solution marker was released"
    assert "{solution}" not in source, f"{path}: a prose solution was released"
    folded = [c.source[:40] for c in nb.cells if c.metadata.get("jupyter", {}).get("source_hidden")
              and "YOUR CODE HERE" in c.source]
    assert not folded, f"{path}: exercise cells released folded: {folded}"
    released = {line.strip() for line in source.splitlines()}
    leaked = sorted(solution_lines(chapter) & released)
    assert not leaked, f"{path}: solution lines released: {leaked[:3]}"
    figures = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
                  for o in c.outputs) + sum(bool(c.get("attachments")) for c in nb.cells)
    book = sum("image/png" in o.get("data", {}) for c in nbformat.read(BOOK / f"{chapter}.ipynb", 4).cells
               if c.cell_type == "code" for o in c.outputs)
    assert figures == book, f"{path}: {figures} of the chapter's {book} figures kept"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("graders")


# --- nbgrader -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nbgrader_course(scratch):
    """An nbgrader course made by bpcourse-assign, with every chapter's release generated."""
    grader = environment("nbgrader", scratch)
    course = scratch / "nbgrader-course"
    assign.assign(BOOK, course, fmt="nbgrader", hidden_seed=SEED)
    grader.run("nbgrader", "generate_assignment", "*", cwd=course)
    return grader, course


def test_nbgrader_releases_every_chapter_without_solutions(nbgrader_course):
    _, course = nbgrader_course
    assert sorted(p.name for p in (course / "release").iterdir()) == CHAPTERS
    for chapter in CHAPTERS:
        assert_student_notebook(course / "release" / chapter / f"{chapter}.ipynb", chapter)


def _nbgrader_submission(release: Path, answers: dict[str, str]) -> nbformat.NotebookNode:
    nb = nbformat.read(release, 4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and answers:
            cell.source = answers[meta["grade_id"].removesuffix("-answer")]
    return nb


NBGRADER_SCORES = ("import json, sys\nfrom nbgrader.api import Gradebook\n"
                   "with Gradebook('sqlite:///gradebook.db') as gb:\n"
                   "    print(json.dumps({s.student_id: {g.name: g.score for nb in s.notebooks "
                   "for g in nb.grades} for s in gb.assignment_submissions(sys.argv[1])}))\n")


def test_nbgrader_autogrades_right_wrong_and_blank(nbgrader_course):
    grader, course = nbgrader_course
    right = reference_answers(GRADED)
    wrong = dict(right)
    wrong["ch06_regularized_backward"] = right["ch06_regularized_backward"].replace(*WRONG)
    assert wrong != right
    release = course / "release" / GRADED / f"{GRADED}.ipynb"
    for student, answers in (("right", right), ("wrong", wrong), ("blank", {})):
        folder = course / "submitted" / student / GRADED
        folder.mkdir(parents=True)
        nbformat.write(_nbgrader_submission(release, answers), folder / f"{GRADED}.ipynb")
    grader.run("nbgrader", "autograde", GRADED, cwd=course)
    scores = json.loads(grader.run("python", "-c", NBGRADER_SCORES, GRADED, cwd=course).stdout)
    assert scores == {
        "right": {"ch06_two_neuron_dw1": 1.0, "ch06_regularized_backward": 1.0},
        "wrong": {"ch06_two_neuron_dw1": 1.0, "ch06_regularized_backward": 0.0},
        "blank": {"ch06_two_neuron_dw1": 0.0, "ch06_regularized_backward": 0.0}}


def _feedback(cell) -> str:
    """The text of a graded cell's outputs (an error's message included)."""
    return "\n".join(o.get("text", "") + o.get("evalue", "") for o in cell.get("outputs", []))


@pytest.mark.parametrize("chapter", HIDDEN_GRADED)
def test_nbgrader_hidden_tests_grade_the_work(nbgrader_course, chapter):
    grader, course = nbgrader_course
    release = course / "release" / chapter / f"{chapter}.ipynb"
    assert "HIDDEN" not in release.read_text() and "hidden.check" not in release.read_text()
    source = (course / "source" / chapter / f"{chapter}.ipynb").read_text()
    assert source.count("### BEGIN HIDDEN TESTS") == len(submissions(chapter)["right"])
    for kind, answers in submissions(chapter).items():
        folder = course / "submitted" / f"h-{kind}" / chapter
        folder.mkdir(parents=True)
        nbformat.write(_nbgrader_submission(release, answers), folder / f"{chapter}.ipynb")
    grader.run("nbgrader", "autograde", chapter, cwd=course)
    scores = json.loads(grader.run("python", "-c", NBGRADER_SCORES, chapter, cwd=course).stdout)
    assert {k.removeprefix("h-"): v for k, v in scores.items()} == expected_scores(chapter)
    for kind in ("engine", "mistake"):
        path = course / "autograded" / f"h-{kind}" / chapter / f"{chapter}.ipynb"
        graded = nbformat.read(path, 4)
        cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in graded.cells}
        for check in submissions(chapter)[kind]:
            assert EXERCISES[check][2][kind] in _feedback(cells[check]), (kind, check)


# --- otter --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def otter_course(scratch):
    """Otter masters made by bpcourse-assign, each run through ``otter assign`` (one process)."""
    grader = environment("otter", scratch)
    course = scratch / "otter-course"
    assign.assign(BOOK, course, fmt="otter", hidden_seed=SEED)
    script = ("import sys\nfrom otter.cli import cli\n"
              "for chapter in sys.argv[1:]:\n"
              "    cli(['assign', f'{chapter}/{chapter}.ipynb', f'dist/{chapter}'],"
              " standalone_mode=False)\n")
    grader.run("python", "-c", script, *CHAPTERS, cwd=course)
    return grader, course


def test_otter_assigns_every_chapter_without_solutions(otter_course):
    _, course = otter_course
    for chapter in CHAPTERS:
        student = course / "dist" / chapter / "student" / f"{chapter}.ipynb"
        assert_student_notebook(student, chapter)
        zips = list((course / "dist" / chapter / "autograder").glob("*.zip"))
        assert len(zips) == 1, f"{chapter}: no autograder zip"


def test_otter_grades_right_wrong_and_blank(otter_course):
    grader, course = otter_course
    right = reference_answers(GRADED)
    wrong = dict(right)
    wrong["ch06_regularized_backward"] = right["ch06_regularized_backward"].replace(*WRONG)
    dist = course / "dist" / GRADED
    autograder = next((dist / "autograder").glob("*.zip"))
    student = nbformat.read(dist / "student" / f"{GRADED}.ipynb", 4)
    answer_cells = [c for c in student.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
    assert len(answer_cells) == len(right)
    scores = {}
    for name, answers in (("right", right), ("wrong", wrong), ("blank", {})):
        nb = nbformat.read(dist / "student" / f"{GRADED}.ipynb", 4)
        cells = [c for c in nb.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
        for cell, answer in zip(cells, answers.values()):
            cell.source = answer
        folder = course / "runs" / name
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{GRADED}.ipynb")
        grader.run("otter", "run", "-a", str(autograder), "-o", str(folder),
                   f"{GRADED}.ipynb", cwd=folder)
        results = json.loads((folder / "results.json").read_text())
        scores[name] = {t["name"]: t["score"] for t in results["tests"] if t["name"] in right}
    assert scores == {
        "right": {"ch06_two_neuron_dw1": 1.0, "ch06_regularized_backward": 1.0},
        "wrong": {"ch06_two_neuron_dw1": 1.0, "ch06_regularized_backward": 0.0},
        "blank": {"ch06_two_neuron_dw1": 0.0, "ch06_regularized_backward": 0.0}}


def _otter_run(grader, course: Path, chapter: str, answers: dict[str, str], name: str) -> dict:
    """Grade one submission of ``chapter`` with its autograder zip: {question: test result}."""
    dist = course / "dist" / chapter
    nb = nbformat.read(dist / "student" / f"{chapter}.ipynb", 4)
    cells = [c for c in nb.cells if "otter_answer_cell" in c.metadata.get("tags", [])]
    assert len(cells) == len(answers)
    for cell, answer in zip(cells, answers.values()):
        cell.source = answer
    folder = course / "runs" / chapter / name
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{chapter}.ipynb")
    grader.run("otter", "run", "-a", str(next((dist / "autograder").glob("*.zip"))), "-o",
               str(folder), f"{chapter}.ipynb", cwd=folder)
    results = json.loads((folder / "results.json").read_text())
    return {t["name"]: t for t in results["tests"] if t["name"] in answers}


@pytest.mark.parametrize("chapter", HIDDEN_GRADED)
def test_otter_hidden_tests_grade_the_work(otter_course, chapter):
    grader, course = otter_course
    student = (course / "dist" / chapter / "student" / f"{chapter}.ipynb").read_text()
    assert "hidden.check" not in student
    scores = {}
    for kind, answers in submissions(chapter).items():
        results = _otter_run(grader, course, chapter, answers, kind)
        scores[kind] = {name: t["score"] for name, t in results.items()}
        if kind in ("engine", "mistake"):
            for check, t in results.items():
                assert EXERCISES[check][2][kind] in json.dumps(t, ensure_ascii=False), (kind, t)
    assert scores == expected_scores(chapter)
