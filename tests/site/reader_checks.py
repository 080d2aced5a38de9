"""What a reader of a built page sees, measured in the browser (used by test_site_reader.py).

Each check is a JavaScript function run inside the page; it returns a list of problems (short
strings naming the element), [] when the page is fine. ``measure(page, ...)`` runs them for one
display state (colour scheme x width) and returns ``{check name: [problems]}``.

Run as a script to count the problems per check on a built site (before/after a change):

    .venv/bin/python tests/site/reader_checks.py /tmp/site/_build/html
"""
from __future__ import annotations

import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
AXE_VERSION = "4.14.1"
AXE_JS = HERE / "vendor" / "axe-core" / "axe.min.js"

#: the display states every page is checked in: (colour scheme, viewport width)
STATES = (("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390))
WIDE = 1280
PHONE = 390
#: the smallest font the package's figures use (points; matplotlib's default is 10)
MIN_FONT_PT = 8
#: text on screen must be at least this tall (CSS px) at the wide width
MIN_TEXT_PX = 9.5
#: axe-core impacts that fail the test
FAILING_IMPACTS = ("serious", "critical")
#: the states axe-core runs in (each run costs seconds on a long page): both colour schemes
#: at 1280 px, and the phone layout in dark mode (its colours are the light 1280's colours
#: in the layout of dark 390, both checked)
AXE_STATES = (("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390))

#: elements whose text is a solution: a coding exercise's solution cell, a {solution} body
SOLUTION_MARK = "BEGIN SOLUTION"

_HELPERS = r"""
const article = document.querySelector('article.bd-article') || document.querySelector('main')
                || document.body;
const visible = el => el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
                      && el.getClientRects().length > 0;
const short = (t, n = 70) => (t || '').replace(/\s+/g, ' ').trim().slice(0, n);
const texOf = el => {
  try {
    const item = MathJax.startup.document.getMathItemsWithin(el)[0];
    return item ? item.math : el.textContent;
  } catch (e) { return el.textContent; }
};
"""

#: display equations wider than their column (they would hide behind a scrollbar)
EQUATIONS = "() => {" + _HELPERS + r"""
  const out = [];
  for (const el of article.querySelectorAll('mjx-container[display="true"]')) {
    if (!visible(el)) continue;
    const math = el.querySelector('mjx-math') || el;
    const need = Math.ceil(math.getBoundingClientRect().width);
    const have = el.clientWidth;
    if (el.scrollWidth > have + 1 || need > have + 1)
      out.push(`${need}px wide in a ${have}px column: ${short(texOf(el), 90)}`);
    else if (el.dataset.bpcourseFit !== undefined)
      out.push(`drawn smaller (${el.style.fontSize}) to fit: ${short(texOf(el), 90)}`);
  }
  return out;
}"""

#: code and output lines wider than their box (solution cells are opened to be measured too)
CODE = "() => {" + _HELPERS + r"""
  const out = [];
  const closed = [...article.querySelectorAll('details:not([open])')];
  closed.forEach(d => d.open = true);
  for (const pre of article.querySelectorAll('pre')) {
    if (!visible(pre) || pre.closest('.bpcourse-static')) continue;
    if (pre.scrollWidth > pre.clientWidth + 1) {
      const lines = pre.textContent.split('\n');
      const longest = lines.reduce((a, b) => b.length > a.length ? b : a, '');
      out.push(`${pre.scrollWidth - pre.clientWidth}px too wide: ${short(longest, 90)}`);
    }
  }
  closed.forEach(d => d.open = false);
  return out;
}"""

#: figure text smaller than MIN_TEXT_PX on screen: the PNG's dpi (its pHYs chunk) and the
#: ratio displayed/natural size give CSS px per point; the smallest text is MIN_FONT_PT
FIGURES = "async ([minPt, minPx]) => {" + _HELPERS + r"""
  const dpiOf = async src => {
    const buf = new Uint8Array(await (await fetch(src)).arrayBuffer());
    const dv = new DataView(buf.buffer);
    for (let i = 8; i + 8 < buf.length; ) {
      const n = dv.getUint32(i), type = String.fromCharCode(...buf.slice(i + 4, i + 8));
      if (type === 'pHYs') return dv.getUint32(i + 8) * 0.0254;   // px per metre -> dpi
      if (type === 'IDAT') break;
      i += 12 + n;
    }
    return 72;   // no pHYs: a PNG is 72 dpi
  };
  const out = [];
  for (const img of article.querySelectorAll('img')) {
    const src = img.currentSrc || img.src;
    if (!visible(img) || !/\.png($|\?)|^data:image\/png/.test(src) || !img.naturalWidth) continue;
    const shown = img.getBoundingClientRect().width;
    const dpi = await dpiOf(src);
    const pxPerPt = shown / img.naturalWidth * dpi / 72;
    const textPx = minPt * pxPerPt;
    if (textPx < minPx)
      out.push(`${minPt}pt text is ${textPx.toFixed(1)}px (${img.naturalWidth}px at ${Math.round(dpi)} dpi `
               + `shown ${Math.round(shown)}px wide): ${short(img.alt || img.closest('figure')?.innerText, 60)}`);
  }
  return out;
}"""

#: the page scrolls sideways, or an element runs off the screen edge (outside any scroll box)
OFF_EDGE = "() => {" + _HELPERS + r"""
  const out = [];
  const W = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > W + 1)
    out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px in ${W}px`);
  const clips = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o !== 'visible') return true;
    }
    return false;
  };
  // inline math cut by its own box (the theme clips span.math to its container's width)
  for (const el of article.querySelectorAll('span.math')) {
    const m = el.querySelector('mjx-math');
    // clipped (hidden, clip); a box of its own that scrolls (auto, scroll) is fine
    if (!m || !visible(el) || !['hidden', 'clip'].includes(getComputedStyle(el).overflowX)) continue;
    const box = el.getBoundingClientRect(), drawn = m.getBoundingClientRect();
    if (drawn.right > box.right + 1)
      out.push(`inline math cut to ${Math.round(box.width)} of ${Math.round(drawn.width)}px: `
               + short(texOf(el), 60));
  }
  const reported = new Set();
  for (const el of article.querySelectorAll('*')) {
    if (el.closest('mjx-container') && el.tagName !== 'MJX-CONTAINER') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || (r.right <= W + 1 && r.left >= -1)) continue;
    if (!visible(el) || clips(el)) continue;
    let p = el.parentElement, inside = false;
    for (; p; p = p.parentElement) if (reported.has(p)) { inside = true; break; }
    if (inside) continue;
    reported.add(el);
    const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
                 ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '');
    out.push(`${name} spans ${Math.round(r.left)}..${Math.round(r.right)}px of ${W}px: `
             + short(el.tagName === 'MJX-CONTAINER' ? texOf(el) : el.innerText || el.alt, 60));
  }
  return out;
}"""

#: "Exercise N.M", sections "N.M", figures and proofs numbered within chapter N
NUMBERING = "(chapter) => {" + _HELPERS + r"""
  const out = [];
  const h1 = article.querySelector('h1');
  const h1num = h1 && h1.querySelector('.section-number');
  if (!h1num || h1num.textContent.trim() !== `${chapter}.`)
    out.push(`title ${short(h1 && h1.textContent)} is not numbered ${chapter}.`);
  for (const h of article.querySelectorAll('section h2')) {
    const n = h.querySelector('.section-number');
    if (!n || !new RegExp(`^${chapter}\\.\\d+\\.?$`).test(n.textContent.trim()))
      out.push(`section ${short(h.textContent, 50)} is not numbered ${chapter}.M`);
  }
  // a number written by hand as well ("12. 12. Softmax"): the title must start with words
  for (const h of article.querySelectorAll('h1, section h2, section h3')) {
    const own = [...h.childNodes].filter(n => !(n.classList && (n.classList.contains('section-number')
                || n.classList.contains('headerlink')))).map(n => n.textContent).join('').trim();
    if (/^\d+(\.\d+)*\.?\s/.test(own)) out.push(`heading numbered by hand: ${short(h.textContent, 50)}`);
  }
  const numbered = [['.exercise > .admonition-title', 'Exercise'],
                    ['.proof > .admonition-title, .theorem > .admonition-title', ''],
                    ['figure figcaption .caption-number, .figure .caption-number', 'Fig']];
  for (const [sel, word] of numbered) {
    for (const t of article.querySelectorAll(sel)) {
      const text = short(t.textContent, 60);
      if (!new RegExp(`\\b${chapter}\\.\\d+\\b`).test(text))
        out.push(`"${text}" is not numbered ${chapter}.M`);
    }
  }
  for (const a of article.querySelectorAll('.solution > .admonition-title')) {
    const text = short(a.textContent, 60);
    if (!new RegExp(`Exercise ${chapter}\\.\\d+`).test(text))
      out.push(`"${text}" does not name its exercise as ${chapter}.M`);
  }
  return out;
}"""

#: solution text the reader did not ask for: coding-exercise solution cells and {solution} bodies
SOLUTIONS = "(mark) => {" + _HELPERS + r"""
  const out = [];
  for (const cell of article.querySelectorAll('.cell')) {
    const input = cell.querySelector('.cell_input');
    if (input && input.textContent.includes(mark) && visible(input))
      out.push('solution code in plain view: ' + short(input.textContent.split(mark)[1], 60));
  }
  for (const sol of article.querySelectorAll('.solution')) {
    for (const child of sol.children) {
      if (child.classList.contains('admonition-title') || child.tagName === 'BUTTON') continue;
      if (visible(child) && child.innerText.trim())
        out.push('solution text in plain view: ' + short(child.innerText, 60));
    }
  }
  return out;
}"""

#: index pages, several search boxes, unreadable citations
FURNITURE = "() => {" + _HELPERS + r"""
  const out = [];
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (/(^|\/)(genindex|prf-prf|py-modindex)\.html/.test(href) && visible(a))
      out.push(`links to an index page: ${href} ("${short(a.innerText, 30)}")`);
  }
  const search = [...document.querySelectorAll(
      'form.bd-search, .search-button-field, button.search-button, .search-button__button')]
      .filter(el => visible(el) && !article.contains(el));   // the search page's own form
  if (search.length > 1)
    out.push(`${search.length} search boxes: ` + search.map(e => e.className.split(' ')[0]).join(', '));
  const body = article.innerText;
  for (const m of body.matchAll(/\[[A-Z][A-Za-z]{1,14}d\.\]|\bn\.d\.|\(n\.d\b/g))
    out.push(`unreadable citation: "${body.slice(Math.max(0, m.index - 30), m.index + 20)}"`);
  for (const li of document.querySelectorAll('.citation, div[role="list"] > .citation, dl.citation > dt')) {
    const t = li.innerText || '';
    if (li.tagName !== 'DT' && !/\b(1[89]|20)\d\d\b|lecture notes|lecture slides/i.test(t))
      out.push(`reference without a year: ${short(t, 60)}`);
  }
  return out;
}"""

#: axe-core: violations of impact serious or critical, one line per rule and element
AXE = r"""async (impacts) => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  const out = [];
  for (const v of r.violations) {
    if (!impacts.includes(v.impact)) continue;
    for (const n of v.nodes) out.push(`${v.id} (${v.impact}): ${n.target.join(' ')} `
                                      + (n.failureSummary || '').split('\n').slice(1, 2).join(''));
  }
  return out;
}"""


def chapter_number(page_name: str) -> int | None:
    """The chapter number a page must show (book/08_x.html -> 8), None for other pages."""
    m = re.match(r"book/(\d\d)_", page_name)
    return int(m.group(1)) if m else None


def set_state(page, scheme: str, width: int) -> None:
    """Switch an open page to a colour scheme and width (the theme follows both)."""
    page.emulate_media(color_scheme=scheme)
    if page.viewport_size["width"] != width:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(400)     # the theme reacts to a resize after 300 ms
    page.wait_for_function("(s) => document.documentElement.dataset.theme === s", arg=scheme)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


#: the theme fades colours over 0.2 s when the scheme changes: measured mid-fade, a contrast
#: check would see a mix of both schemes
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"


def prepare(page) -> None:
    """Before the states are measured: no colour fades; axe-core injected."""
    page.add_style_tag(content=NO_TRANSITIONS)
    inject_axe(page)


def inject_axe(page) -> None:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))


def measure(page, page_name: str, scheme: str, width: int, axe: bool = True) -> dict[str, list]:
    """Every check of one display state of an open page: {check: [problems]}."""
    set_state(page, scheme, width)
    found: dict[str, list] = {"off_edge": page.evaluate(OFF_EDGE)}
    if width >= WIDE:
        found["equations"] = page.evaluate(EQUATIONS)
        found["code"] = page.evaluate(CODE)
        found["figures"] = page.evaluate(FIGURES, [MIN_FONT_PT, MIN_TEXT_PX])
    if (scheme, width) == STATES[0]:
        chapter = chapter_number(page_name)
        found["numbering"] = page.evaluate(NUMBERING, chapter) if chapter is not None else []
        found["solutions"] = page.evaluate(SOLUTIONS, SOLUTION_MARK)
    found["furniture"] = page.evaluate(FURNITURE)
    if axe and (scheme, width) in AXE_STATES:
        inject_axe(page)
        found["axe"] = page.evaluate(AXE, list(FAILING_IMPACTS))
    return found


def _main(argv: list[str]) -> int:
    """Count the problems per check and state on a built site; print the details with -v."""
    import collections
    import sys

    sys.path.insert(0, str(HERE))
    from playwright.sync_api import sync_playwright

    from browser_session import Visit, chromium_executable, launch, serve
    from site_build import expected_pages

    verbose = "-v" in argv
    args = [a for a in argv if not a.startswith("-")]
    html, only = pathlib.Path(args[0]), args[1:]
    totals: collections.Counter = collections.Counter()
    with serve(html) as base, sync_playwright() as p:
        b = launch(p, chromium_executable())
        for name in expected_pages():
            if only and not any(o in name for o in only):
                continue
            redirect = 'http-equiv="Refresh"' in (html / name).read_text(encoding="utf-8")
            visit = Visit(b, base, name, redirect=redirect).open()
            prepare(visit.page)
            for scheme, width in STATES:
                for check, problems in measure(visit.page, name, scheme, width).items():
                    totals[(check, scheme, width)] += len(problems)
                    if verbose:
                        for pr in problems:
                            print(f"{name} [{scheme} {width}] {check}: {pr}")
            visit.close()
        b.close()
    for (check, scheme, width), n in sorted(totals.items()):
        print(f"{check:10s} {scheme:5s} {width:4d}: {n}")
    return 0


if __name__ == "__main__":
    import sys
    raise SystemExit(_main(sys.argv[1:]))
