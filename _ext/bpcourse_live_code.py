"""Sphinx extension: live code on the page against a local kernel (``python3 make.py serve``).

sphinx-thebe 0.3.1 loads thebe 0.8.2 from a CDN when "Live Code" is pressed: offline it does
nothing and says nothing. Instead (``launch_buttons.thebe: false`` in _config.yml):

- build-finished: thebe's bundled ``lib/`` (npm package ``thebe``, pinned in
  ``tools/thebe/package.json``, unpacked by ``scripts/install_thebe.py``) is copied into the
  site as ``_static/thebe/`` (its chunks load from there), without source maps, with
  ``require.js`` (npm ``requirejs``), which thebe's widget manager fetches from a CDN unless
  the page redirects it here. When they are not installed (no npm) the site is built without
  them and says so in the log (not a warning).
- html-page-context: a "Live code" entry in each notebook page's launch menu (the rocket) that
  calls ``bpcourseLiveCode()`` (``static/bpcourse-live.js``); sphinx-thebe's script (with its
  CDN address) and stylesheet are left out of every page.
- ``static/bpcourse-live.js``: the page fetches ``live-config.json`` from the site's root (the
  serve script answers it: the local Jupyter server's URL and token; never a file on disk), checks
  that the server answers, loads ``_static/thebe/index.js`` and bootstraps thebe against that
  server (no Binder). With no server it says in one line how to get a kernel.
"""
from __future__ import annotations

import pathlib
import shutil

from sphinx.util import logging

logger = logging.getLogger(__name__)
STATIC = pathlib.Path(__file__).resolve().parent / "static"
#: where scripts/install_thebe.py unpacks them: the repository's tools/thebe (next to this
#: file; or under the working directory, for a staged copy such as the student site's)
MODULES = [pathlib.Path(__file__).resolve().parents[1] / "tools" / "thebe" / "node_modules",
           pathlib.Path.cwd() / "tools" / "thebe" / "node_modules"]
#: the entry added to the launch menu (rendered by sphinx-book-theme's header-button macros)
LIVE_BUTTON = {"type": "javascript", "text": "Live code", "label": "live-code",
               "tooltip": "Run this page's code cells in a local kernel (python3 make.py serve)",
               "javascript": "bpcourseLiveCode()", "icon": "fas fa-play"}


def _add_static_path(app) -> None:
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def live_code_button(app, pagename, templatename, context, doctree) -> None:
    """Add "Live code" to the page's launch menu; drop sphinx-thebe's CDN loader."""
    for group in context.get("header_buttons") or []:
        if group.get("label") == "launch-buttons" and LIVE_BUTTON not in group["buttons"]:
            group["buttons"].append(dict(LIVE_BUTTON))
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if assets:
            assets[:] = [a for a in assets if not _is_sphinx_thebe(a)]


def _is_sphinx_thebe(asset) -> bool:
    """sphinx-thebe's script, its inline ``const THEBE_JS_URL = ...``, or its stylesheet."""
    name = getattr(asset, "filename", asset) or ""
    body = getattr(asset, "attributes", {}).get("body", "")
    return "sphinx-thebe" in str(name) or "THEBE_JS_URL" in str(body)


def copy_thebe(app, exception) -> None:
    """Copy thebe's lib (no source maps, no type declarations) into ``_static/thebe``."""
    if exception or app.builder.format != "html":
        return
    found = [m for m in MODULES
             if (m / "thebe" / "lib" / "index.js").exists() and (m / "requirejs").exists()]
    if not found:
        logger.info("[live code] thebe is not installed (python3 scripts/install_thebe.py needs "
                    "npm): the site's 'Live code' will say how to get a kernel instead")
        return
    target = pathlib.Path(app.outdir) / "_static" / "thebe"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(found[0] / "thebe" / "lib", target,
                    ignore=shutil.ignore_patterns("*.map", "types"))
    shutil.copy2(found[0] / "requirejs" / "require.js", target / "require.js")


def setup(app):
    app.connect("builder-inited", _add_static_path)
    app.add_css_file("bpcourse-live.css", priority=900)
    app.add_js_file("bpcourse-live.js", priority=900, defer="defer")
    app.connect("html-page-context", live_code_button, priority=502)   # after the theme's 501
    app.connect("build-finished", copy_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
