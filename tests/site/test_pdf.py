"""The whole book as one PDF (scripts/build_pdf.py, ``python3 make.py pdf``).

The PDF is printed once per session from the session's built site (``site_html``: built once,
or ``BPCOURSE_SITE_HTML``) into a temporary folder, by the script itself in a subprocess, as
``make.py pdf`` runs it. Then, read back with pypdf:

- it was printed offline (no request to another host) and in the time the issue allows;
- its page count is in a sane range for the book's pages;
- one top-level bookmark per page of ``_toc.yml``, in reading order, titled with the chapter's
  title, each chapter's sections nested under it and pointing inside the chapter's pages;
- every chapter title is in the text, and so are the exercises' solutions (printed open);
- no raw TeX in the text (MathJax typeset everything before printing);
- no text beyond the margins: every word's box (poppler's ``pdftotext -bbox``; skipped where
  poppler-utils is not installed) lies inside the printed column, and in the layout Chromium
  printed nothing is wider than the text column;
- every page carries its number;
- links: none to the temporary server; the front page's table of contents links to each
  chapter's first page;
- the student edition (``--student``: the student site printed) has the exercises and no
  solution (one chapter printed, to keep the test short).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata

import pytest

from browser_session import chromium_executable
from site_build import REPO, book_root, source_of, toc_files

pytestmark = [pytest.mark.site, pytest.mark.browser, pytest.mark.slow]

A4_WIDTH_PT = 595.28
MARGIN_PT = 15 / 25.4 * 72        # scripts/build_pdf.py prints with 15 mm side margins
TOLERANCE_PT = 1.0
#: raw TeX that would mean a formula was printed before MathJax typeset it
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\frac\b|\\begin\{|\\mathbf\b|\\partial\b")


@pytest.fixture(scope="session")
def book_pdf(site_html, tmp_path_factory):
    """(the PDF's path, the script's summary, wall seconds): printed once per session."""
    if chromium_executable() is None:
        pytest.skip("no Chromium (apt-get install -y chromium): the PDF is not printed")
    out = tmp_path_factory.mktemp("pdf")
    t0 = time.perf_counter()
    # the README's command, `python3 make.py pdf`, pointed at the session's site and a temp folder
    r = subprocess.run([sys.executable, str(REPO / "make.py"), "pdf",
                        "--html", str(site_html), "--out", str(out / "book.pdf"),
                        "--summary", str(out / "summary.json")],
                       cwd=REPO, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - t0
    assert (out / "summary.json").exists(), r.stdout[-3000:] + r.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text())
    return out / "book.pdf", summary, seconds, r


@pytest.fixture(scope="session")
def reader(book_pdf):
    from pypdf import PdfReader
    return PdfReader(book_pdf[0])


@pytest.fixture(scope="session")
def page_texts(reader, book_pdf) -> list[str]:
    """Each page's text, ligatures spelled out (NFKC): by poppler's pdftotext where installed
    (1 s), else by pypdf (30 s for the book)."""
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(book_pdf[0]), "-"],
                             capture_output=True, text=True, check=True).stdout
        texts = out.split("\f")[:len(reader.pages)]
    else:
        texts = [p.extract_text() or "" for p in reader.pages]
    return [unicodedata.normalize("NFKC", t) for t in texts]


def toc_titles() -> list[str]:
    """Each toc page's title: the first '# ' heading of its source."""
    import nbformat
    titles = []
    for doc in toc_files():
        src = source_of(doc)
        if src.suffix == ".ipynb":
            text = "\n".join(c.source for c in nbformat.read(src, 4).cells
                             if c.cell_type == "markdown")
        else:
            text = src.read_text(encoding="utf-8")
        titles.append(re.search(r"^# (.+)$", text, re.M).group(1).strip())
    return titles


def test_printed_offline_and_in_time(book_pdf):
    path, summary, seconds, r = book_pdf
    assert summary["blocked"] == [], f"requests to other hosts: {summary['blocked'][:5]}"
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert path.stat().st_size > 100_000
    assert seconds < 120, f"the PDF took {seconds:.0f} s (at most 2 minutes)"


def test_page_count_is_sane(reader, book_pdf):
    docs = toc_files()
    n = len(reader.pages)
    assert n == book_pdf[1]["pages"]
    # at least a page per toc page plus a few for every chapter; not a page per paragraph
    assert len(docs) + 3 * (len(docs) - 3) <= n <= 40 * len(docs), n


def test_one_bookmark_per_chapter_with_its_sections(reader):
    titles = toc_titles()
    outline = reader.outline
    top = [o for o in outline if not isinstance(o, list)]
    assert len(top) == len(titles), [o.title for o in top]
    starts = [reader.get_destination_page_number(o) for o in top]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), starts
    for k, (item, title) in enumerate(zip(top, titles)):
        assert item.title.endswith(title), (item.title, title)     # "6. The chain rule"
    # the sections: a nested list after each chapter that has any, pointing into its pages
    chapters = 0
    for i, entry in enumerate(outline):
        if not isinstance(entry, list):
            continue
        parent = top.index(outline[i - 1])
        end = starts[parent + 1] if parent + 1 < len(starts) else len(reader.pages)
        pages = [reader.get_destination_page_number(s) for s in entry]
        assert all(starts[parent] <= p < end for p in pages), (outline[i - 1].title, pages)
        assert pages == sorted(pages), (outline[i - 1].title, pages)
        assert all(not isinstance(s, list) and s.title.strip() for s in entry)
        chapters += 1
    numbered = [t for t in top if re.match(r"\d+\. ", t.title)]
    assert numbered and chapters >= len(numbered), "every numbered chapter has its sections"


def test_every_chapter_title_is_in_the_text(page_texts):
    text = re.sub(r"\s+", " ", " ".join(page_texts))
    missing = [t for t in toc_titles() if re.sub(r"\s+", " ", t) not in text]
    assert not missing, missing


def test_solutions_are_printed_open(page_texts):
    """Every solution of the chapters is in the PDF (the site folds them), and no folded
    cell's "Show code cell" line is."""
    text = re.sub(r"\s+", " ", " ".join(page_texts))
    sources = [source_of(d) for d in toc_files() if source_of(d).suffix == ".ipynb"]
    n_solutions = sum(len(re.findall(r"\{solution(?:-start)?\}", s.read_text(encoding="utf-8")))
                      for s in sources)
    if n_solutions == 0:
        pytest.skip("the book has no solutions")
    assert text.count("Solution to Exercise") == n_solutions
    assert "Show code cell" not in text and "Hide code cell" not in text


def test_no_raw_tex(page_texts):
    found = [(i + 1, m.group(0), t[max(0, m.start() - 40):m.end() + 40])
             for i, t in enumerate(page_texts) for m in RAW_TEX.finditer(t)]
    # code cells may hold TeX in strings (plot labels): only prose counts, so a hit inside
    # quotes on a line of code is not raw TeX on the page
    found = [f for f in found if not re.search(r"""["']\S*$""", f[2][:40])]
    assert not found, found[:10]


@pytest.fixture(scope="session")
def words(book_pdf) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (x min, y min, x max, y max in pt, y down), by
    poppler's ``pdftotext -bbox``; skips where poppler-utils is not installed."""
    if not shutil.which("pdftotext"):
        pytest.skip("no pdftotext (apt-get install -y poppler-utils): word boxes not checked; "
                    "test_nothing_wider_than_the_column checks the printed layout")
    r = subprocess.run(["pdftotext", "-bbox", str(book_pdf[0]), "-"], capture_output=True,
                       text=True, check=True)
    pages: list[list] = []
    for line in r.stdout.splitlines():
        if "<page " in line:
            pages.append([])
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                      r'yMax="([\d.]+)">([^<]*)</word>', line)
        if m:
            pages[-1].append((*map(float, m.groups()[:4]), m.group(5)))
    return pages


def test_no_text_beyond_the_margins(reader, words):
    assert abs(float(reader.pages[0].mediabox.width) - A4_WIDTH_PT) < 1
    left, right = MARGIN_PT - TOLERANCE_PT, A4_WIDTH_PT - MARGIN_PT + TOLERANCE_PT
    beyond = [(i + 1, x0, x1, w) for i, page in enumerate(words)
              for x0, _, x1, _, w in page if x0 < left or x1 > right]
    assert not beyond, beyond[:10]


def test_nothing_wider_than_the_column(book_pdf):
    """In the layout Chromium printed, no paragraph, code box, table, image or equation sticks
    out of the text column (build_pdf.py measures it on each page before printing)."""
    assert book_pdf[1]["overflow"] == {}, book_pdf[1]["overflow"]


def test_every_page_is_numbered(reader, request):
    """The page's number, alone, centred in the bottom margin of every page (by poppler's
    word boxes; without poppler, the last word of each page's text as pypdf reads it)."""
    height, width = float(reader.pages[0].mediabox.height), A4_WIDTH_PT
    if not shutil.which("pdftotext"):
        texts = request.getfixturevalue("page_texts")
        unnumbered = [(i + 1, t.split()[-1:]) for i, t in enumerate(texts)
                      if t.split()[-1:] != [str(i + 1)]]
        assert not unnumbered, unnumbered[:10]
        return
    unnumbered = []
    for i, page in enumerate(request.getfixturevalue("words")):
        foot = [w for x0, y0, x1, _, w in page
                if y0 > height - 18 / 25.4 * 72 and abs((x0 + x1) / 2 - width / 2) < 20]
        if foot != [str(i + 1)]:
            unnumbered.append((i + 1, foot))
    assert not unnumbered, unnumbered[:10]


def test_links_go_to_pages_of_the_pdf(reader):
    """A link within the book goes to a page of the PDF (none to the temporary server or
    left unresolved), and the front page's contents list goes to each chapter's first page."""
    page_of = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    top = [o for o in reader.outline if not isinstance(o, list)]
    starts = [reader.get_destination_page_number(o) for o in top]
    bad, front = [], []
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            uri = str((annot.get("/A") or {}).get("/URI", ""))
            dest = annot.get("/Dest")
            if uri and ("127.0.0.1" in uri or "localhost" in uri or ".invalid" in uri
                        or not uri.startswith(("https://", "http://", "mailto:"))):
                bad.append((i + 1, uri))
            elif dest is not None and not isinstance(dest, str):
                target = page_of.get(dest[0].idnum)
                if target is None:
                    bad.append((i + 1, "a destination outside the PDF"))
                elif i < starts[1]:
                    front.append(target)
    assert not bad, bad[:10]
    assert set(starts[1:]) <= set(front), sorted(set(starts[1:]) - set(front))


def test_the_student_pdf_has_exercises_and_no_solutions(tmp_path):
    """``make.py pdf --student``: the student site (no solutions) printed; one chapter with
    solutions is printed, and its exercises are there, their solutions not."""
    if chromium_executable() is None:
        pytest.skip("no Chromium (apt-get install -y chromium): the PDF is not printed")
    doc = next((d for d in toc_files() if source_of(d).suffix == ".ipynb"
                and "{solution}" in source_of(d).read_text(encoding="utf-8")), None)
    if doc is None:
        pytest.skip("no chapter has a solution")
    site = tmp_path / "student"
    r = subprocess.run([sys.executable, str(REPO / "scripts" / "build_student_site.py"),
                        "--root", str(book_root()), "--out", str(site)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    r = subprocess.run([sys.executable, str(REPO / "scripts" / "build_pdf.py"), "--student",
                        "--html", str(site), "--out", str(tmp_path / "student.pdf"),
                        "--only", doc], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    from pypdf import PdfReader
    text = unicodedata.normalize("NFKC", " ".join(
        p.extract_text() or "" for p in PdfReader(tmp_path / "student.pdf").pages))
    assert re.search(r"Exercise \d+\.1", text), text[:500]
    assert "Solution to" not in text
