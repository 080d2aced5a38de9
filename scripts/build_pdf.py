"""The whole book as one PDF, printed from the built site by Chromium.

    .venv/bin/python scripts/build_pdf.py             (or: python3 make.py pdf)
    .venv/bin/python scripts/build_pdf.py --student   (or: python3 make.py pdf --student)

1. The built site (``_build/html``, or ``_build/student/html`` with ``--student``) is served
   on http://127.0.0.1:<free port>/ and each page of ``_toc.yml`` is opened in headless
   Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright), a few at a time. Every
   request that is not to 127.0.0.1 is aborted and counted: the build is offline, and fails
   if a page asked for anything outside.
2. On each page: images loaded, MathJax finished typesetting, then
   ``bpcoursePrepareForPrint()`` (``_ext/static/bpcourse-print.js``) opens the folded
   solutions and cells and scales wide equations; the print CSS (``bpcourse-print.css``)
   hides the site's buttons and sidebars and wraps code. Links to other pages of the site
   are marked, to become links inside the PDF. Chromium prints the page (A4).
3. The pages are merged with ``pypdf``: one bookmark per page of the book (the chapter's
   title) with its sections (h2) nested at the page where Chromium put them; a link to another
   page of the book goes to that page (or section) of the PDF; every page gets its number at
   the foot.

Options: ``--html DIR`` (the built site), ``--out FILE`` (default ``_build/pdf/book.pdf`` or
``book-student.pdf``), ``--summary FILE`` (pages, seconds, blocked requests, bookmarks and
what was wider than the page, as JSON), ``--only DOC`` (print only that page; repeatable),
``--build-site`` (build the site first if it is missing, as ``make.py pdf`` does),
``--copy-to-site`` (also copy the PDF into the site's folder as
``book.pdf``, where the front page's download link points; ``python3 make.py pdf`` does).
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import io
import json
import pathlib
import shutil
import subprocess
import sys
import time
from urllib.parse import urlsplit

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))                       # instructor/ is run from the checkout
sys.path.insert(0, str(ROOT / "tests" / "site"))    # the site tests' Chromium and server
from browser_session import CHROMIUM_ARGS, chromium_executable, serve  # noqa: E402
from instructor.colab import toc_files  # noqa: E402

#: A4 with 15 mm margins; the text column is then 180 mm = 680 CSS px wide
PAGE = {"format": "A4", "margin": {"top": "15mm", "bottom": "18mm", "left": "15mm",
                                   "right": "15mm"}}
COLUMN_PX = 680
#: pages printed at once (Chromium renders each page in its own process)
PARALLEL = 3
#: the page number's baseline, in points from the bottom edge (inside the 18 mm margin)
NUMBER_Y = 22

#: headings of a page, in document order, as Chromium's outline lists them (visible ones),
#: with the level and the text a bookmark shows (math as its TeX source)
HEADINGS_JS = """() => {
  const tex = new Map();
  if (window.MathJax && MathJax.startup && MathJax.startup.document) {
    for (const item of MathJax.startup.document.math) tex.set(item.typesetRoot, item.math);
  }
  const text = (h) => {
    const c = h.cloneNode(true);
    c.querySelectorAll('a.headerlink, button, .toggle-button').forEach(e => e.remove());
    const orig = [...h.querySelectorAll('mjx-container')];
    c.querySelectorAll('mjx-container').forEach((m, i) => {
      m.replaceWith(tex.get(orig[i]) || m.querySelector('mjx-assistive-mml')?.textContent || '');
    });
    return c.textContent.replace(/\\s+/g, ' ').trim();
  };
  const visible = (h) => h.getClientRects().length > 0;
  return [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(visible).map(h => ({
    level: Number(h.tagName[1]), text: text(h), id: h.closest('section')?.id || '',
    article: h.closest('article.bd-article') !== null}));
}"""

#: links within the site would point at this temporary server in the PDF (and Chromium's
#: named destinations for a page's own anchors clash between pages once merged, "exercises"):
#: each is marked LINK_PREFIX + "book/06_chain_rule#id", and ``link_pages`` makes it a link
#: to that page of the PDF. Returns {id: id of its section} for the page's own elements.
LINK_PREFIX = "https://bpcourse-pdf.invalid/"
LINK_JS = """(prefix) => {
  for (const a of document.querySelectorAll('a[href]')) {
    const u = new URL(a.href, location.href);
    if (u.origin === location.origin) {
      a.href = prefix + u.pathname.replace(/^\\//, '').replace(/\\.html$/, '') + u.hash;
    }
  }
  const sections = {};
  for (const el of document.querySelectorAll('article.bd-article [id]')) {
    const sec = el.closest('section');
    if (sec && sec.id) sections[el.id] = sec.id;
  }
  return sections;
}"""

#: what sticks out of the text column in the print layout (it would be cut at the page's edge)
OVERFLOW_JS = """() => {
  const col = document.querySelector('article.bd-article') || document.body;
  const right = col.getBoundingClientRect().right + 1, out = [];
  const sel = 'p, li, pre, table, img, figure, mjx-container, div.math, div.cell_output, dl';
  for (const el of col.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > right) {
      const what = (el.textContent || el.getAttribute('src') || '').replace(/\\s+/g, ' ');
      out.push(`${el.tagName.toLowerCase()} ${Math.round(r.right - right)} px too wide: `
               + what.slice(0, 60));
    }
  }
  return out;
}"""

WAIT_JS = """async () => {
  for (const img of document.images) img.loading = 'eager';
  await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
  if (document.querySelector('.math') !== null && window.MathJax && MathJax.startup) {
    await MathJax.startup.promise;
  }
  await document.fonts.ready;
}"""


@dataclasses.dataclass
class Printed:
    """One page of the site, printed: its PDF, title, sections (title, PDF page index), the
    page index of each id (where its section starts), what was wider than the page."""
    doc: str
    pdf: bytes
    title: str
    sections: list[tuple[str, int]]
    anchors: dict[str, int]
    overflow: list[str]


class Offline:
    """A Playwright route handler: lets 127.0.0.1 and data/blob URLs through, aborts the rest."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    async def __call__(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlsplit(url).hostname in (
                "127.0.0.1", "localhost"):
            await route.continue_()
        else:
            self.blocked.append(url)
            await route.abort("internetdisconnected")


def _flat_outline(reader) -> list[int]:
    """Page indices of a PDF's outline entries, in order (depth first)."""
    out: list[int] = []

    def walk(items):
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                out.append(reader.get_destination_page_number(it))
    walk(reader.outline)
    return out


def sections_of(pdf: bytes, headings: list[dict]) -> tuple[str, list[tuple[str, int]],
                                                         dict[str, int]]:
    """The page's title (its first h1), its h2 sections with their PDF page index, and the
    page index of every heading's section id.

    Chromium's outline (``outline=True``) lists the visible headings in document order, so the
    n-th outline entry is the n-th visible heading; its page is the heading's page. Where the
    counts differ (never seen), every section is put on the page's first page."""
    from pypdf import PdfReader

    pages = _flat_outline(PdfReader(io.BytesIO(pdf)))
    if len(pages) != len(headings):
        pages = [0] * len(headings)
    # the theme prints the page's title above the article (and hides the article's own h1)
    title = next((h["text"] for h in headings if h["level"] == 1), "")
    sections = [(h["text"], p) for h, p in zip(headings, pages)
                if h["level"] == 2 and h["article"]]
    anchors = {h["id"]: p for h, p in zip(headings, pages) if h["id"] and h["article"]}
    return title, sections, anchors


async def print_page(context, base: str, doc: str) -> Printed:
    """Open one page of the site, make it ready for paper and print it."""
    page = await context.new_page()
    page.set_default_timeout(60_000)
    await page.goto(f"{base}{doc}.html", wait_until="load")
    await page.evaluate(WAIT_JS)
    on_screen = await page.evaluate(HEADINGS_JS)   # the numbered title ("6. The chain rule")
    await page.emulate_media(media="print")        # measure the layout that is printed
    await page.evaluate("() => window.bpcoursePrepareForPrint && bpcoursePrepareForPrint()")
    await page.evaluate(WAIT_JS)                   # the animations' last frames decoded
    id_sections = await page.evaluate(LINK_JS, LINK_PREFIX)
    headings = await page.evaluate(HEADINGS_JS)
    overflow = await page.evaluate(OVERFLOW_JS)
    pdf = await page.pdf(**PAGE, print_background=True, outline=True, tagged=True)
    await page.close()
    title, sections, anchors = sections_of(pdf, headings)
    anchors = {k: anchors[sec] for k, sec in id_sections.items() if sec in anchors} | anchors
    title = next((h["text"] for h in on_screen if h["level"] == 1 and h["article"]), title)
    return Printed(doc=doc, pdf=pdf, title=title or doc, sections=sections, anchors=anchors,
                   overflow=overflow)


async def _print_all(base: str, docs: list[str], exe: str, offline: Offline) -> list[Printed]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=exe, headless=True,
                                          args=CHROMIUM_ARGS)
        context = await browser.new_context(viewport={"width": COLUMN_PX, "height": 1000},
                                            color_scheme="light", reduced_motion="reduce")
        await context.route("**/*", offline)
        slots = asyncio.Semaphore(PARALLEL)

        async def one(doc: str) -> Printed:
            async with slots:
                t0 = time.perf_counter()
                done = await print_page(context, base, doc)
                print(f"  {doc}: {done.title} ({time.perf_counter() - t0:.1f} s)", flush=True)
                return done
        printed = await asyncio.gather(*(one(doc) for doc in docs))
        await browser.close()
    return list(printed)


def print_site(html: pathlib.Path, docs: list[str]) -> tuple[list[Printed], list[str]]:
    """Print every page ``docs`` of the built site ``html``; also the blocked requests."""
    exe = chromium_executable()
    if exe is None:
        sys.exit("no Chromium: apt-get install -y chromium (or set BPCOURSE_CHROMIUM)")
    offline = Offline()
    with serve(html) as base:
        printed = asyncio.run(_print_all(base, docs, exe, offline))
    return printed, offline.blocked


def _stream(writer, data: str):
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(data.encode())
    return writer._add_object(stream)


def stamp_number(writer, page, font, number: int) -> None:
    """Draw ``number`` centred at the foot of ``page`` (Helvetica 9 pt, grey): the page's own
    content is wrapped in q/Q so whatever state it leaves does not move the number."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    page[NameObject("/Resources")] = resources
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    resources[NameObject("/Font")] = fonts
    fonts[NameObject("/BpcPageNo")] = font
    text = str(number)
    x = float(page.mediabox.width) / 2 - 0.278 * 9 * len(text)   # digits: 0.556 em wide
    contents = page.get("/Contents")
    old = contents.get_object() if contents is not None else ArrayObject()
    old = list(old) if isinstance(old, list) else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [_stream(writer, "q"), *old,
         _stream(writer, f"Q q 0.35 g BT /BpcPageNo 9 Tf {x:.2f} {NUMBER_Y} Td ({text}) Tj ET Q")])


def link_pages(writer, targets: dict[str, int]) -> int:
    """Make every link marked with LINK_PREFIX ("<doc>#<id>") go to its page of the PDF
    (``targets``: "doc" or "doc#id" -> page index); a link to a page not printed is removed.
    Returns how many links now point inside the PDF."""
    from pypdf.generic import ArrayObject, NameObject, NullObject

    linked = 0
    for page in writer.pages:
        annots = page.get("/Annots")
        if annots is None:
            continue
        kept = ArrayObject()
        for ref in annots.get_object():
            annot = ref.get_object()
            uri = str((annot.get("/A") or {}).get("/URI", ""))
            if not uri.startswith(LINK_PREFIX):
                kept.append(ref)
                continue
            target = uri[len(LINK_PREFIX):]
            index = targets.get(target, targets.get(target.split("#")[0]))
            if index is None:
                continue
            del annot[NameObject("/A")]
            annot[NameObject("/Dest")] = ArrayObject([
                writer.pages[index].indirect_reference, NameObject("/XYZ"),
                NullObject(), NullObject(), NullObject()])
            kept.append(ref)
            linked += 1
        page[NameObject("/Annots")] = kept
    return linked


def merge(printed: list[Printed], out: pathlib.Path) -> int:
    """One PDF of the printed pages: bookmarks (chapter > sections), page numbers."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject

    writer, targets = PdfWriter(), {}
    for item in printed:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(item.pdf)), import_outline=False)
        parent = writer.add_outline_item(title=item.title, page_number=start)
        for text, index in item.sections:
            writer.add_outline_item(title=text, page_number=start + index, parent=parent)
        targets[item.doc] = start
        targets.update({f"{item.doc}#{k}": start + i for k, i in item.anchors.items()})
    link_pages(writer, targets)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for number, page in enumerate(writer.pages, start=1):
        stamp_number(writer, page, font, number)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": printed[0].title if printed else "",
                         "/Creator": "scripts/build_pdf.py (Chromium, pypdf)"})
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as f:
        writer.write(f)
    return len(writer.pages)


def build(html: pathlib.Path, out: pathlib.Path, root: pathlib.Path = ROOT,
          only: list[str] | None = None) -> dict:
    """Print the site ``html`` (pages of ``root``'s _toc.yml, or those of them in ``only``) into
    ``out``. Returns a summary: page count, seconds, the requests to other hosts that were
    blocked, each page's bookmarks, what was wider than the page."""
    if not (html / "index.html").exists():
        sys.exit(f"{html}: no built site there (python3 make.py book first)")
    docs = [d for d in toc_files(root) if not only or d in only]
    missing = [d for d in docs if not (html / f"{d}.html").exists()]
    if missing:
        sys.exit(f"{html}: pages of _toc.yml not built: {', '.join(missing)}")
    t0 = time.perf_counter()
    printed, blocked = print_site(html, docs)
    pages = merge(printed, out)
    return {"pdf": str(out), "pages": pages, "seconds": round(time.perf_counter() - t0, 1),
            "blocked": blocked,
            "overflow": {p.doc: p.overflow for p in printed if p.overflow},
            "bookmarks": [{"doc": p.doc, "title": p.title, "sections": [t for t, _ in p.sections]}
                          for p in printed]}


def build_site(html: pathlib.Path, student: bool) -> None:
    """Build the site into ``html``: as ``python3 make.py book`` (or ``book-student``) does."""
    if student:
        cmd = [sys.executable, str(ROOT / "scripts" / "build_student_site.py"),
               "--out", str(html)]
    else:
        if html != (ROOT / "_build" / "html").resolve():
            sys.exit(f"{html}: not built; build it with jupyter-book build --path-output")
        cmd = [str(pathlib.Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
               "--warningiserror", "--keep-going"]
    print("+", " ".join(cmd), flush=True)
    if subprocess.run(cmd, cwd=ROOT).returncode:
        sys.exit("the site did not build: no PDF")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", action="store_true",
                        help="print the student site (_build/student/html): no solutions")
    parser.add_argument("--html", type=pathlib.Path, default=None, help="the built site")
    parser.add_argument("--out", type=pathlib.Path, default=None, help="the PDF to write")
    parser.add_argument("--build-site", action="store_true",
                        help="build the site first if it is not there (python3 make.py book's "
                             "command, or scripts/build_student_site.py with --student)")
    parser.add_argument("--copy-to-site", action="store_true",
                        help="also copy the PDF into the site's folder (the download link)")
    parser.add_argument("--summary", type=pathlib.Path, default=None,
                        help="write the summary (pages, seconds, blocked requests) as JSON")
    parser.add_argument("--only", action="append", default=None, metavar="DOC",
                        help="print only this page of _toc.yml (e.g. book/06_chain_rule); "
                             "repeatable")
    args = parser.parse_args(argv)
    name = "book-student.pdf" if args.student else "book.pdf"
    html = (args.html or ROOT / "_build" / ("student/html" if args.student else "html")).resolve()
    out = (args.out or ROOT / "_build" / "pdf" / name).resolve()
    if args.build_site and not (html / "index.html").exists():
        build_site(html, args.student)
    summary = build(html, out, only=args.only)
    if args.summary:
        args.summary.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    if summary["blocked"]:
        print(f"{len(summary['blocked'])} request(s) to other hosts were blocked; the book must "
              f"print offline: {sorted(set(summary['blocked']))[:5]}", file=sys.stderr)
        return 1
    for doc, what in summary["overflow"].items():
        print(f"warning: {doc}: wider than the page: {what[:3]}", file=sys.stderr)
    print(f"{out}: {summary['pages']} pages in {summary['seconds']:.0f} s")
    if args.copy_to_site:
        shutil.copyfile(out, html / "book.pdf")     # the front page links to ../book.pdf
        print(f"copied to {html / 'book.pdf'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
