"""Sphinx extension: small fixes to the built pages (loaded by _config.yml, sphinx.local_extensions).

- Sphinx 7.4 writes every inline script that an extension adds after the builder started
  (sphinx-thebe's ``const THEBE_JS_URL = ...``, sphinx-togglebutton's settings) twice: once
  registered with filename None and once with ''. The second ``const`` declaration throws
  "Identifier 'THEBE_JS_URL' has already been declared" on every page. Keep the first copy.
- The bibliography is labelled like the author-year citations that point to it ("Grosse,
  Lecture notes", "Rumelhart et al., 1986"), not with pybtex's alpha labels ("[Grod.]"): the
  pybtex style ``bpcourse_author_year`` (``bibtex_default_style`` in _config.yml).
- docutils gives each bibliography entry ``role="doc-biblioentry"`` inside a ``role="list"``:
  a list whose children are not list items (axe-core: aria-required-children). They become
  ``role="listitem"``.
- ``static/bpcourse.css`` and ``static/bpcourse.js``: what the theme gets wrong for a reader
  (contrast in dark mode, code boxes and equations at 1280 px and on a phone, accessible names
  of the theme's buttons, keyboard access to scroll boxes); each rule says why.
- ``static/bpcourse-print.css`` and ``static/bpcourse-print.js``: the page on paper (a browser's
  Print, and ``scripts/build_pdf.py``): no screen-only buttons, code wrapped, folded solutions
  and cells opened, wide equations scaled to the page.
"""
from __future__ import annotations

import pathlib

STATIC = pathlib.Path(__file__).resolve().parent / "static"


def _key(js) -> tuple:
    attrs = tuple(sorted((k, str(v)) for k, v in getattr(js, "attributes", {}).items()))
    return (getattr(js, "filename", js) or "", attrs)


def dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    """Drop repeated <script> entries of a page (same file or same inline body)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        k = _key(js)
        if k not in seen:
            seen.add(k)
            unique.append(js)
    scripts[:] = unique


def bibliography_roles(app, pagename, templatename, context, doctree) -> None:
    """Bibliography entries are the items of their list (ARIA), not ``doc-biblioentry``."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def author_year_label(entry) -> str:
    """'Grosse, Lecture notes', 'Kolar and McCulloch, Lecture notes', 'Rumelhart et al., 1986';
    the title stands in for a missing author."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    surnames = [" ".join(p.last_names) or " ".join(p.first_names) for p in people]
    surnames = [s.replace("{", "").replace("}", "") for s in surnames]
    if not surnames:
        who = entry.fields.get("title", entry.key)
    elif len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    year = entry.fields.get("year")
    return f"{who}, {year}" if year else who


def _register_bibliography_style() -> None:
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.unsrt import Style as UnsrtStyle
    from pybtex.style.labels import BaseLabelStyle

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            for entry in sorted_entries:
                yield author_year_label(entry)

    class AuthorYearStyle(UnsrtStyle):
        default_label_style = AuthorYearLabels
        default_sorting_style = "author_year_title"

    register_plugin("pybtex.style.formatting", "bpcourse_author_year", AuthorYearStyle,
                    force=True)


def _add_static_path(app) -> None:
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def setup(app):
    _register_bibliography_style()
    app.connect("builder-inited", _add_static_path)
    app.add_css_file("bpcourse.css", priority=900)
    app.add_js_file("bpcourse.js", priority=900)
    app.add_css_file("bpcourse-print.css", priority=900, media="print")
    app.add_js_file("bpcourse-print.js", priority=900)
    app.connect("html-page-context", dedupe_scripts, priority=900)
    app.connect("html-page-context", bibliography_roles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "2"}
