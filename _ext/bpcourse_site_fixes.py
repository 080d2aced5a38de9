"""Sphinx extension: small fixes to the built pages (loaded by _config.yml, sphinx.local_extensions).

- Sphinx 7.4 writes every inline script that an extension adds after the builder started
  (sphinx-thebe's ``const THEBE_JS_URL = ...``, sphinx-togglebutton's settings) twice: once
  registered with filename None and once with ''. The second ``const`` declaration throws
  "Identifier 'THEBE_JS_URL' has already been declared" on every page. Keep the first copy.
"""
from __future__ import annotations


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


def setup(app):
    app.connect("html-page-context", dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
