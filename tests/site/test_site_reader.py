"""Every page as a reader sees it: light and dark, at 1280 px and on a phone (390 px).

Each page of the built site is opened once in headless Chromium (network cut off, see
``browser_session.Visit``) and measured in four display states (``reader_checks.STATES``); the
checks themselves are JavaScript in ``reader_checks.py``. Per page, one test per check:

- display equations fit their column at 1280 px (no scrollbar needed to read one);
- no code or output line is wider than its box at 1280 px (folded solution cells included);
- figure text is at least ``MIN_TEXT_PX`` on screen at 1280 px: the PNG's dpi (its pHYs
  chunk) and its displayed/natural width give px per point; the smallest text the package
  draws is ``MIN_FONT_PT``;
- nothing runs off the edge of the screen (outside a box of its own that scrolls), in any state;
- chapters, sections, exercises, proofs and figures are numbered within chapter N ("Exercise 8.2");
- no solution in plain view (coding-exercise solution cells and {solution} bodies are folded);
- no link to an empty index page, one search box, citations with authors and years (no "n.d.");
- axe-core (vendored, ``vendor/axe-core``) finds no serious or critical violation, light and
  dark (``reader_checks.AXE_STATES``);
- the page renders completely offline (``offline_checks.py``: no request off the machine, none
  failed, no console error in any state; math typeset, images loaded, animation players
  move, no dead widget).

With ``BPCOURSE_SCREENSHOTS=1`` a full-page screenshot of each page in each state goes to
``_build/screenshots/`` (``book__08_backprop_vectorized-dark-390.jpg``), to look at after a
change (they cost a quarter of these tests' time, so the plain run takes none).
"""
from __future__ import annotations

import os

import pytest

import reader_checks as rc
from browser_session import Visit
from offline_checks import offline_problems
from site_build import REPO, expected_pages

pytestmark = [pytest.mark.site, pytest.mark.browser]

SHOTS = REPO / "_build" / "screenshots"
SCREENSHOTS = os.environ.get("BPCOURSE_SCREENSHOTS", "") not in ("", "0")
PAGES = expected_pages()


def shot_path(page_name: str, scheme: str, width: int):
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS / f"{page_name.replace('/', '__').removesuffix('.html')}-{scheme}-{width}.jpg"


class Reader:
    """Opens each page once, measures all its states, keeps the results for the tests."""

    def __init__(self, browser, base, site_html):
        self.browser, self.base, self.html = browser, base, site_html
        self.results: dict[str, dict] = {}

    def measure(self, page_name: str) -> dict:
        if page_name not in self.results:
            self.results[page_name] = self._measure(page_name)
        return self.results[page_name]

    def _measure(self, page_name: str) -> dict:
        text = (self.html / page_name).read_text(encoding="utf-8")
        visit = Visit(self.browser, self.base, page_name,
                      redirect='http-equiv="Refresh"' in text).open()
        try:
            rc.prepare(visit.page)
            found = {}
            for scheme, width in rc.STATES:
                found[(scheme, width)] = rc.measure(visit.page, page_name, scheme, width)
                if SCREENSHOTS:
                    visit.page.screenshot(path=str(shot_path(page_name, scheme, width)),
                                          full_page=True, type="jpeg", quality=60)
            # last, in the first state again: the page renders offline (offline_checks.py)
            rc.set_state(visit.page, *rc.STATES[0])
            found[rc.STATES[0]]["offline"] = offline_problems(visit)
        finally:
            visit.close()
        return found


@pytest.fixture(scope="session")
def reader(browser, server, site_html):
    return Reader(browser, server, site_html)


def problems_of(reader: Reader, page_name: str, check: str) -> list[str]:
    """The problems one check found on a page, in every state it ran in."""
    states = reader.measure(page_name)
    ran = {state: found[check] for state, found in states.items() if check in found}
    assert ran, f"the check {check!r} ran in no state"
    return [f"[{scheme} {width}px] {p}" for (scheme, width), found in ran.items() for p in found]


def _assert_none(reader, page_name, check, what):
    problems = problems_of(reader, page_name, check)
    assert not problems, f"{page_name}: {what}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page_name", PAGES)
def test_display_equations_fit_the_column(reader, page_name):
    _assert_none(reader, page_name, "equations",
                 "display equations wider than the column (break them with aligned/split)")


@pytest.mark.parametrize("page_name", PAGES)
def test_code_and_output_lines_fit_their_box(reader, page_name):
    _assert_none(reader, page_name, "code",
                 "code or output lines wider than their box (wrap the line, print less)")


@pytest.mark.parametrize("page_name", PAGES)
def test_figure_text_is_legible(reader, page_name):
    _assert_none(reader, page_name, "figures",
                 f"figure text under {rc.MIN_TEXT_PX}px on screen (draw the figure narrower "
                 "in inches, or at a higher dpi)")


@pytest.mark.parametrize("page_name", PAGES)
def test_nothing_runs_off_the_edge(reader, page_name):
    _assert_none(reader, page_name, "off_edge", "elements running off the screen")


@pytest.mark.parametrize("page_name", [p for p in PAGES if rc.chapter_number(p) is not None])
def test_numbered_like_a_book(reader, page_name):
    _assert_none(reader, page_name, "numbering", "numbering")


@pytest.mark.parametrize("page_name", PAGES)
def test_no_solution_in_plain_view(reader, page_name):
    _assert_none(reader, page_name, "solutions", "solutions the reader did not unfold")


@pytest.mark.parametrize("page_name", PAGES)
def test_no_index_pages_one_search_box_readable_citations(reader, page_name):
    _assert_none(reader, page_name, "furniture", "page furniture")


@pytest.mark.parametrize("page_name", PAGES)
def test_axe_finds_no_serious_or_critical_violation(reader, page_name):
    _assert_none(reader, page_name, "axe", f"axe-core {rc.AXE_VERSION} violations")


@pytest.mark.parametrize("page_name", PAGES)
def test_page_renders_completely_offline(reader, page_name):
    _assert_none(reader, page_name, "offline", "what did not render offline")


# -- the checks themselves: each one finds what it is meant to find ----------------------------
BAD_PAGE = """<!doctype html><html lang="en" data-theme="light"><head><title>bad</title></head>
<body><main><article class="bd-article">
  <h1>3.1 A page with every problem</h1>
  <pre style="width: 200px; overflow: auto">{long}</pre>
  <img id="tiny" src="{png}" alt="a figure shown at a third of its size" style="width: 100px">
  <div id="wide" style="width: 2000px">runs off the edge</div>
  <div class="cell"><div class="cell_input"><pre>x = 1  ### BEGIN SOLUTION</pre></div></div>
  <div class="solution"><p class="admonition-title">Solution</p><p>the answer is 42</p></div>
  <span class="math" style="display: inline-flex; max-width: 40px; overflow: hidden">
    <mjx-math style="display: inline-block; white-space: nowrap">a formula wider than its box</mjx-math></span>
  <a href="genindex.html">Index</a>
  <p>As shown by [Grod.] (Grosse, n.d.).</p>
  <img src="{png}">
</article></main></body></html>"""


def _png(width: int, height: int, dpi: int) -> str:
    import base64
    import io

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def test_the_checks_find_what_they_look_for(browser):
    context = browser.new_context(viewport={"width": rc.WIDE, "height": 900})
    try:
        page = context.new_page()
        page.set_content(BAD_PAGE.format(long="x" * 300, png=_png(300, 200, 100)))
        code = page.evaluate(rc.CODE)
        figures = page.evaluate(rc.FIGURES, [rc.MIN_FONT_PT, rc.MIN_TEXT_PX])
        edge = page.evaluate(rc.OFF_EDGE)
        solutions = page.evaluate(rc.SOLUTIONS, rc.SOLUTION_MARK)
        furniture = page.evaluate(rc.FURNITURE)
        numbering = page.evaluate(rc.NUMBERING, 3)
        rc.inject_axe(page)
        axe = page.evaluate(rc.AXE, list(rc.FAILING_IMPACTS))
    finally:
        context.close()
    assert len(code) == 1 and "too wide" in code[0], code
    # 8 pt at 100 dpi shown at 1/3 of its size: 8 * 100/72 / 3 = 3.7 px
    assert any("3.7px" in f for f in figures), figures
    assert any("div" in e and "runs off the edge" in e for e in edge), edge
    assert "the page scrolls sideways" in edge[0], edge
    assert any(e.startswith("inline math cut to 40 of") for e in edge), edge
    assert len(solutions) == 2, solutions
    assert any("genindex" in f for f in furniture) and any("[Grod.]" in f for f in furniture)
    assert any("n.d." in f for f in furniture), furniture
    assert any("not numbered 3." in n for n in numbering), numbering
    assert any("numbered by hand" in n for n in numbering), numbering
    assert any(a.startswith("image-alt") for a in axe), axe


def test_the_browser_draws_scrollbars_as_a_readers_does(browser):
    """A page taller than the window gets a vertical scrollbar that takes its width from the
    layout, and a code box with a line 10 px too wide a horizontal one: the widths the checks
    measure are a reader's (headless Chromium hides scrollbars unless told otherwise)."""
    context = browser.new_context(viewport={"width": rc.WIDE, "height": 900})
    try:
        page = context.new_page()
        page.set_content('<main><pre id="p" style="width: 300px; overflow: auto; margin: 0">'
                         '<span id="s" style="display: inline-block; width: 310px">x</span>'
                         '</pre><div style="height: 3000px"></div></main>')
        bar = page.evaluate("() => innerWidth - document.documentElement.clientWidth")
        pre = page.evaluate("() => { const p = document.getElementById('p');"
                            " return [p.offsetHeight - p.clientHeight, p.scrollWidth - p.clientWidth]; }")
        code = page.evaluate(rc.CODE)
    finally:
        context.close()
    assert bar >= 8, f"the vertical scrollbar takes {bar}px: scrollbars are hidden"
    assert pre[0] >= 8 and pre[1] == 10, pre            # a horizontal scrollbar under the line
    assert len(code) == 1 and code[0].startswith("10px too wide"), code
