"""Every number in a chapter's prose comes from the chapter's computation (issue 18).

A number written in a markdown cell (prose, caption, table, exercise solution) with three or
more significant digits (0.394, 1258, 2.256, 1.25e-16, -2.0487; not 0.5, 200, 1.2e-16 or 52,000,000)
must appear in the chapter's code: in the text output of a code cell (stdout, text/plain,
text/html, text/markdown), or in a code cell's source (an assert, or the input it describes).
The prose may round: "0.394" matches a printed 0.39401, "2.26" a printed 2.256; a sign the
sentence states in words ("falls by 8.21") matches a printed -8.212. A percentage matches
either the printed percentage or the printed fraction.

Excepted by rule: years (1600-2099), version numbers (three-part numbers, a number after the
name of a program), section, chapter, exercise, figure, table, equation and lecture numbers,
citation keys, labels, links and directive options. A historical fact that no code can
produce is listed in ALLOWED with its source.
"""
from __future__ import annotations

import html
import math
import pathlib
import re

import nbformat
import pytest

BOOK = pathlib.Path(__file__).resolve().parents[2] / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))

# {chapter stem: {number as written: its source}}: facts no code of the chapter can produce
ALLOWED: dict[str, dict[str, str]] = {
    "01_introduction": {"6923": "the course number of the lectures (CS-GY 6923), lecture 000"},
    "02_mlp": {"15.3": "ILSVRC 2012 results: AlexNet's top-5 test error (Krizhevsky et al. 2012)",
               "26.2": "ILSVRC 2012 results: the runner-up's top-5 test error"},
}

PROGRAMS = (r"PyTorch|torch|Python|NumPy|numpy|SciPy|scikit-learn|Jupyter\s?Book|JupyterLab|"
            r"Notebook|nbgrader|otter-grader|Otter|Sphinx|myst-nb|ipywidgets|matplotlib|thebe|"
            r"Keras|TensorFlow|Chromium|pytest|nbval|micrograd|jupyterlab-myst|ipykernel|Adam"
            r"(?=\s+v?\d+\.\d+\.)")
NUMBER = re.compile(r"(?<![\w.])[-\u2212]?(?:\d{1,3}(?:,\d{3})+(?![\d])|\d+)(?:\.\d+)?"
                    r"(?:[eE][-+\u2212]?\d+)?(?![\w])")
REMOVE = [
    re.compile(r"\{(?:cite|cite:p|cite:t|ref|numref|eq|doc|download|label|term)\}`[^`]*`"),
    re.compile(r"^\s*:[\w-]+:.*$", re.M),                       # directive options
    re.compile(r"\]\([^)]*\)"),                                  # link targets
    re.compile(r"https?://\S+"),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\(ex-[\w-]+\)=|\bex-ch\d+[\w-]*"),                 # labels
    re.compile(r"\b\d+(?:\.\d+){2,}\b"),                         # versions such as 2.14.1
    re.compile(rf"\b(?:{PROGRAMS})\s+v?\d+(?:\.\d+)*(?:\s*[-\u2013]\s*\d+(?:\.\d+)*)?"),  # versions
    re.compile(r"\b(?:[Ss]ections?|[Cc]hapters?|[Ee]xercises?|[Ff]igures?|[Tt]ables?|"
               r"[Ee]quations?|[Ll]ectures?|[Cc]ells?|§)\s*\d+(?:\.\d+)*"
               r"(?:\s*(?:,|and|or|-|–)\s*\d+(?:\.\d+)*)*"),
    re.compile(r"(?<![\d.])(?:1[6-9]\d\d|20\d\d)(?!\d|\.\d)"),   # years
]


def significant_digits(token: str) -> int:
    """How many significant digits a number as written has (trailing zeros of an integer don't count)."""
    mantissa = re.split(r"[eE]", token.lstrip("-\u2212").replace(",", ""))[0]
    if "." in mantissa:
        return len(mantissa.replace(".", "").lstrip("0"))
    return len(mantissa.lstrip("0").rstrip("0"))


def value(token: str) -> float:
    return float(token.replace("\u2212", "-").replace(",", ""))


def prose_numbers(text: str) -> list[tuple[str, str]]:
    """(number, context) for every number with 3+ significant digits in a markdown text."""
    text = text.replace("{,}", ",")                              # LaTeX's 203{,}530
    for pattern in REMOVE:
        text = pattern.sub(" ", text)
    found = []
    for m in NUMBER.finditer(text):
        if significant_digits(m.group()) >= 3:
            context = text[max(0, m.start() - 40):m.end() + 20].replace("\n", " ")
            found.append((m.group(), context))
    return found


def code_text(cell) -> str:
    """A code cell's source and its text outputs."""
    parts = [cell.source]
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        for mime in ("text/plain", "text/html", "text/markdown", "text/latex"):
            data = out.get("data", {}).get(mime)
            if data:
                text = "".join(data) if isinstance(data, list) else data
                parts.append(html.unescape(re.sub(r"<[^>]+>", " ", text)) if mime == "text/html"
                             else text)
    return "\n".join(parts)


def code_values(nb) -> list[float]:
    text = "\n".join(code_text(c) for c in nb.cells if c.cell_type == "code")
    values = []
    for m in re.finditer(r"[-\u2212]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)?\.?\d+(?:[eE][-+\u2212]?\d+)?",
                         text):
        try:
            values.append(abs(value(m.group())))
        except ValueError:
            pass
    return values


def produced(token: str, is_percent: bool, values: list[float]) -> bool:
    """Whether some code value, rounded as the prose rounds, gives the prose's number."""
    s = significant_digits(token)
    targets = [abs(value(token))] + ([abs(value(token)) / 100] if is_percent else [])
    decimals = len(token.split(".")[1].split("e")[0].split("E")[0]) if "." in token else 0
    for target in targets:
        for u in values:
            if u == 0 or not math.isfinite(u):
                continue
            if math.isclose(float(f"{u:.{s}g}"), target, rel_tol=1e-9):
                return True
            if "." in token and math.isclose(round(u, decimals), target, rel_tol=1e-9):
                return True
            if target != abs(value(token)) and math.isclose(float(f"{u:.{max(s - 2, 1)}g}"),
                                                            target, rel_tol=1e-9):
                return True
    return False


def unproduced(path: pathlib.Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    values = code_values(nb)
    allowed = ALLOWED.get(path.stem, {})
    missing = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        for token, context in prose_numbers(cell.source):
            if token in allowed:
                continue
            is_percent = bool(re.match(rf".*{re.escape(token)}\s*%", context))
            if not produced(token, is_percent, values):
                missing.append(f"{path.stem}[{index}]: {token!r} in ...{context}...")
    return missing


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_number_in_the_prose_is_produced_by_the_chapters_code(path):
    missing = unproduced(path)
    assert not missing, (f"{len(missing)} number(s) in the prose that no code cell of the "
                         "chapter prints or states:\n" + "\n".join(missing))


def test_the_scanner_reads_numbers_as_written():
    found = [t for t, _ in prose_numbers(
        "J is 0.394 (1258 images, 52,000,000 products, 0.5, 200); in 1986 with PyTorch 2.14 "
        "and version 2.14.1, section 13.2 {cite:p}`he2015` says \u22122.0487 and 1.25e-16 (1.2e-16).")]
    assert found == ["0.394", "1258", "\u22122.0487", "1.25e-16"]
    assert [significant_digits(t) for t in ("0.00394", "52,000,000", "1.20", "1e-7")] == [3, 2, 3, 1]


def test_a_number_matches_its_rounding_and_nothing_else():
    assert produced("0.394", False, [0.39401])
    assert produced("2.26", False, [2.256])
    assert produced("\u22128.212", False, [8.2119])
    assert produced("95.9", True, [0.959])
    assert not produced("0.395", False, [0.39401])
    assert not produced("1257", False, [1258.0])


def test_a_wrong_number_in_a_chapter_is_found(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("The Jacobian needs 8.25 terabytes."),
                nbformat.v4.new_code_cell("print(10**10 * 8, 10**10 * 8 / 1e9)")]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="80000000000 80.0\n")]
    path = tmp_path / "99_test.ipynb"
    nbformat.write(nb, path)
    assert unproduced(path) == ["99_test[0]: '8.25' in ...The Jacobian needs 8.25 terabytes...."]
    nb.cells[0].source = "The Jacobian needs 80.0 GB (8.000e10 bytes)."
    nbformat.write(nb, path)
    assert unproduced(path) == []
