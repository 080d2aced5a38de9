"""The built site and the stored notebooks, read as files: self-contained, light, accessible.

- every <script src>, <link href>, <img src>, <source src>, <iframe src> and CSS url() of every
  built page is local (and exists) or a data: URI; nothing comes from a CDN, and no script
  names a remote URL (live code loads thebe from the site itself, _ext/bpcourse_live_code.py);
- widget outputs render their static HTML (the mime-priority override works): no widget-view
  or widget-state scripts, no widget-manager JavaScript, no "Loading widget";
- page weight (html + its own images) <= 3 MB; stored notebooks <= 2 MB;
- every <img> has real alt text (not a file name), or is inside a <figure> with a caption,
  or inside an element with role="img" and an aria-label (the animation player);
- stored outputs: no stderr, no error, no "...Warning" text; code cells executed in order.
"""
from __future__ import annotations

import pathlib
import re
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

from site_build import built_pages, chapter_notebooks, expected_pages

pytestmark = pytest.mark.site

MAX_PAGE_BYTES = 3 * 1024 * 1024
MAX_NOTEBOOK_BYTES = 2 * 1024 * 1024
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: the one URL a page may carry in an inline script: loaded on demand by the "Live code" button
URL_IN_TEXT = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'<>)]*""")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
DATA_URI = re.compile(r"data:[^,]*,[A-Za-z0-9+/=%\s]*")


def _soup(path: pathlib.Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _pages(site_html: pathlib.Path) -> list[pathlib.Path]:
    return [site_html / p for p in built_pages(site_html)]


def _is_remote(url: str) -> bool:
    u = urlsplit(url.strip())
    return bool(u.scheme in ("http", "https") or url.strip().startswith("//"))


def _local_target(page: pathlib.Path, url: str) -> pathlib.Path:
    return (page.parent / unquote(urlsplit(url).path)).resolve()


def _resources(soup: BeautifulSoup):
    """(tag name, url) of everything a page loads by itself."""
    for tag in soup.find_all("script", src=True):
        yield "script", tag["src"]
    for tag in soup.find_all("link", href=True):
        rel = " ".join(tag.get("rel", []))
        if rel and not set(rel.split()) & {"canonical", "next", "prev", "index", "search",
                                            "author", "license", "alternate"}:
            yield "link", tag["href"]
    for name, attr in (("img", "src"), ("source", "src"), ("iframe", "src"), ("video", "src"),
                       ("audio", "src"), ("embed", "src"), ("object", "data")):
        for tag in soup.find_all(name):
            if tag.get(attr):
                yield name, tag[attr]
    for tag in soup.find_all(style=True):
        for m in CSS_URL.finditer(tag["style"]):
            yield "style", m.group(1) or m.group(2)
    for tag in soup.find_all("style"):
        for m in CSS_URL.finditer(tag.get_text()):
            yield "style", m.group(1) or m.group(2)


def test_every_page_of_the_toc_was_built_and_nothing_else(site_html):
    built, expected = set(built_pages(site_html)), set(expected_pages())
    assert not expected - built, f"pages missing from the build: {sorted(expected - built)}"
    assert not built - expected, (f"pages built but not in _toc.yml (the site tests would "
                                  f"not look at them): {sorted(built - expected)}")


def test_nothing_a_page_loads_comes_from_the_network(site_html):
    problems = []
    for page in _pages(site_html):
        rel = page.relative_to(site_html)
        soup = _soup(page)
        for kind, url in _resources(soup):
            if url.startswith("data:"):
                continue
            if _is_remote(url):
                problems.append(f"{rel}: <{kind}> loads {url}")
            elif not _local_target(page, url).exists():
                problems.append(f"{rel}: <{kind}> points to a missing local file {url}")
        for script in soup.find_all("script", src=False):
            text = script.get_text()
            if script.get("type") in (WIDGET_STATE, WIDGET_VIEW):
                continue                      # reported by the widget test below
            for m in URL_IN_TEXT.finditer(DATA_URI.sub("", text)):
                problems.append(f"{rel}: an inline script names {m.group(0)}")
    assert not problems, "the site must work offline:\n" + "\n".join(problems)


def test_stylesheets_the_pages_use_load_nothing_from_the_network(site_html):
    problems = []
    css_files = {p for p in (site_html / "_static").rglob("*.css")}
    for css in sorted(css_files):
        for m in CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            url = m.group(1) or m.group(2)
            if _is_remote(url):
                problems.append(f"{css.relative_to(site_html)} loads {url}")
    assert not problems, "\n".join(problems)


def test_math_is_typeset_by_the_local_mathjax(site_html):
    pages_with_math = 0
    for page in _pages(site_html):
        soup = _soup(page)
        if not soup.select(".math"):
            continue
        pages_with_math += 1
        srcs = [s["src"] for s in soup.find_all("script", src=True) if "mathjax" in s["src"].lower()]
        assert srcs, f"{page.name} has math but loads no MathJax"
        for src in srcs:
            assert not _is_remote(src) and _local_target(page, src).exists(), (page.name, src)
    assert pages_with_math >= 1, "no page has math: is the book empty?"


def _widget_outputs(nb) -> list[dict]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if WIDGET_VIEW in o.get("data", {})]


def _signature(static_html: str) -> str:
    """A piece of a widget's static HTML that must appear verbatim in the page."""
    runs = re.findall(r"[A-Za-z0-9+/]{60,}", static_html)   # base64 image data
    if runs:
        run = max(runs, key=len)
        return run[len(run) // 2 - 30:len(run) // 2 + 30]
    text = BeautifulSoup(static_html, "html.parser").get_text(" ", strip=True)
    return text[:80]


@pytest.mark.parametrize("nb_path", chapter_notebooks(), ids=lambda p: p.stem)
def test_widget_outputs_show_their_static_form_in_the_page(site_html, nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    assert WIDGET_STATE not in nb.metadata.get("widgets", {}), (
        f"{nb_path.name} stores widget state in its metadata: myst-nb would then put the widget "
        "manager (from a CDN) into the page; re-store it with scripts/execute_notebooks.py")
    page_path = site_html / nb_path.relative_to(nb_path.parents[1]).with_suffix(".html")
    page = page_path.read_text(encoding="utf-8")
    for bad, why in (("widget-view+json", "a live widget view was rendered instead of its "
                      "static HTML (nb_mime_priority_overrides)"),
                     (WIDGET_STATE, "widget state is embedded"),
                     ("Loading widget", "a dead widget placeholder"),
                     ("jupyter-widgets", "widget manager markup or JavaScript"),
                     ("embed-amd.js", "the widget manager is loaded from a CDN"),
                     ("require.min.js", "require.js is loaded from a CDN")):
        assert bad not in page, f"{page_path.name}: {why}"
    for out in _widget_outputs(nb):
        data = out["data"]
        assert "text/html" in data, (f"{nb_path.name}: a widget output without a static "
                                     "text/html form (return bpcourse.draw.display.Interactive)")
        assert "text/plain" in data
        html = "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
        assert _signature(html) in page, (f"{page_path.name}: the static form of the widget "
                                          f"{data['text/plain']!r} is not in the page")


def _page_weight(page: pathlib.Path) -> int:
    """The page's html plus the images only it uses (the shared theme files are cached)."""
    total = page.stat().st_size
    for img in _soup(page).find_all("img", src=True):
        src = img["src"]
        if src.startswith("data:") or _is_remote(src) or "_static/" in src:
            continue
        target = _local_target(page, src)
        if target.exists():
            total += target.stat().st_size
    return total


def test_no_page_weighs_more_than_3_MB(site_html):
    weights = {p.relative_to(site_html).as_posix(): _page_weight(p) for p in _pages(site_html)}
    heavy = {k: v for k, v in weights.items() if v > MAX_PAGE_BYTES}
    assert not heavy, f"pages over 3 MB (html + images): {heavy}"
    print("heaviest pages:", sorted(weights.items(), key=lambda kv: -kv[1])[:3])


def test_no_stored_notebook_weighs_more_than_2_MB():
    sizes = {p.name: p.stat().st_size for p in chapter_notebooks()}
    heavy = {k: v for k, v in sizes.items() if v > MAX_NOTEBOOK_BYTES}
    assert not heavy, f"notebooks over 2 MB: {heavy}"


def _alt_problem(img) -> str | None:
    alt = (img.get("alt") or "").strip()
    if alt and not re.search(r"(^|/)[\w.-]+\.(png|jpe?g|svg|gif)$", alt) and alt != "_images":
        return None
    fig = img.find_parent("figure")
    if fig is not None and fig.find("figcaption") and fig.find("figcaption").get_text(strip=True):
        return None
    holder = img.find_parent(attrs={"role": "img"})
    if holder is not None and (holder.get("aria-label") or "").strip():
        return None
    return f"<img src={img.get('src', '')[:60]!r} alt={img.get('alt')!r}>"


def test_every_image_has_alt_text_or_a_caption(site_html):
    problems = []
    for page in _pages(site_html):
        for img in _soup(page).find_all("img"):
            p = _alt_problem(img)
            if p:
                problems.append(f"{page.relative_to(site_html)}: {p}")
    assert not problems, ("images without alt text (set cell metadata "
                          '{"mystnb": {"image": {"alt": "..."}}}):\n' + "\n".join(problems))


WARNING = re.compile(r"\b\w*Warning\b")


def _output_texts(out) -> list[tuple[str, str]]:
    if out.output_type == "stream":
        return [(f"stream {out.name}", out.text)]
    if out.output_type == "error":
        return [("error", out.ename + ": " + out.evalue)]
    texts = []
    for mime, value in out.get("data", {}).items():
        if mime.startswith("text/"):
            value = "".join(value) if isinstance(value, list) else value
            texts.append((mime, DATA_URI.sub("", value)))
    return texts


@pytest.mark.parametrize("nb_path", chapter_notebooks(), ids=lambda p: p.stem)
def test_stored_outputs_have_no_stderr_errors_or_warnings(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i}: stderr output {out.text[:200]!r}")
            if out.output_type == "error":
                problems.append(f"cell {i}: error {out.ename}: {out.evalue[:200]}")
            for where, text in _output_texts(out):
                m = WARNING.search(text)
                if m:
                    problems.append(f"cell {i}: {where} says {text[max(0, m.start() - 80):m.end() + 80]!r}")
    assert not problems, f"{nb_path.name} (fix the cause, then re-store it):\n" + "\n".join(problems)


@pytest.mark.parametrize("nb_path", chapter_notebooks(), ids=lambda p: p.stem)
def test_chapters_are_stored_executed_top_to_bottom(nb_path):
    """The site shows the stored outputs, so they must come from one run, in order."""
    nb = nbformat.read(nb_path, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert None not in counts, (f"{nb_path.name}: code cells never executed; run "
                                "scripts/execute_notebooks.py on it")
    assert counts == list(range(1, len(counts) + 1)), (
        f"{nb_path.name}: execution counts {counts} are not 1..{len(counts)}: "
        "the outputs are not from one top-to-bottom run")


def test_pages_are_valid_utf8_with_a_title_and_language(site_html):
    for page in _pages(site_html):
        soup = _soup(page)
        if soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)}):
            continue                          # index.html: a redirect to the first chapter
        assert soup.html and soup.html.get("lang"), f"{page.name}: <html> without lang"
        assert soup.title and soup.title.get_text(strip=True), f"{page.name}: no <title>"


def test_config_makes_widget_outputs_static():
    """The setting the widget test above relies on, in the form myst-nb reads."""
    from site_build import config
    cfg = config()["sphinx"]["config"]
    overrides = [tuple(o) for o in cfg.get("nb_mime_priority_overrides", [])]
    assert ("html", "text/html", 5) in overrides, overrides
    # rank 5 beats the widget view's 10 in myst-nb's html priority list
    from myst_nb.core.render import get_mime_priority
    order = get_mime_priority("html", overrides)
    assert order.index("text/html") < order.index(WIDGET_VIEW)
