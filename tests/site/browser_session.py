"""The browser side of the site tests: Chromium, the site served locally, one page visit.

Imported by ``conftest.py`` (the fixtures ``browser`` and ``server``) and by the browser test
modules (``Visit``).

- ``browser``: headless Chromium, once per session: ``$BPCOURSE_CHROMIUM`` or Debian's
  ``/usr/bin/chromium``; the tests skip with a message where there is none, or where
  Playwright is not installed.
- ``server``: the built site over http://127.0.0.1:<random port>/ (a thread).
- ``Visit``: one page in a fresh browser context; every request to another host is aborted
  (so every visit is also the offline test) and what went wrong is recorded.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from urllib.parse import urlsplit

import pytest

ENV_CHROMIUM = "BPCOURSE_CHROMIUM"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
#: Playwright starts headless Chromium with ``--hide-scrollbars``; a reader's browser draws them
#: (about 15 px of the 1280), which narrows the column and its code boxes: keep them, so every
#: width is measured (and every screenshot drawn) as a reader sees it
SHOW_SCROLLBARS = ["--hide-scrollbars"]


def launch(playwright, executable: str):
    """Headless Chromium at ``executable``, drawing scrollbars as a reader's browser does."""
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_ARGS, ignore_default_args=SHOW_SCROLLBARS)


def chromium_executable() -> str | None:
    """$BPCOURSE_CHROMIUM if set (even if it does not exist), else Debian's chromium."""
    given = os.environ.get(ENV_CHROMIUM)
    if given:
        return given if os.access(given, os.X_OK) else None
    for cand in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if cand and os.access(cand, os.X_OK):
            return cand
    return None


@pytest.fixture(scope="session")
def browser(request):
    """Headless Chromium (session-wide, asked for first: skips before the site is built)."""
    exe = chromium_executable()
    if exe is None:
        pytest.skip(f"no Chromium executable ({ENV_CHROMIUM}={os.environ.get(ENV_CHROMIUM)!r}, "
                    "/usr/bin/chromium): apt-get install -y chromium; browser tests skipped")
    b = launch(request.getfixturevalue("playwright_session"), exe)
    yield b
    b.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(html):
    """Serve the folder ``html`` over http://127.0.0.1:<random port>/ (a thread) while open."""
    handler = functools.partial(_Quiet, directory=str(html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(site_html):
    """The built site over http://127.0.0.1:<random port>/ for the whole session."""
    with serve(site_html) as base:
        yield base


class Visit:
    """One page in a fresh browser context, with everything that went wrong recorded."""

    def __init__(self, browser, base: str, page_name: str, color_scheme: str = "light",
                 redirect: bool = False):
        self.base, self.name, self.redirect = base, page_name, redirect
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900},
                                           color_scheme=color_scheme)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.page.on("console", lambda m: m.type == "error" and self.console.append(m.text))
        self.page.on("pageerror", lambda e: self.console.append(f"page exception: {e}"))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(
            f"HTTP {r.status} {r.url}"))

    def _route(self, route):
        url = route.request.url
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("internetdisconnected")

    def _request_failed(self, request):
        if request.url not in self.blocked:
            self.failed.append(f"{request.failure} {request.url}")

    def open(self):
        url = self.base + self.name
        if self.redirect:
            # index.html redirects to the first chapter: check the page it lands on
            self.page.goto(url, wait_until="commit")
            self.page.wait_for_url(lambda u: u != url, wait_until="load")
        else:
            self.page.goto(url, wait_until="load")
        # the theme and MathJax start on DOMContentLoaded/load; let them finish
        if self.page.evaluate("() => document.querySelector('.math') !== null"):
            self.page.wait_for_function(
                "() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            self.page.evaluate("() => MathJax.startup.promise.then(() => true)")
        self.page.evaluate("""async () => {
            for (const img of document.images) img.loading = 'eager';
            await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
        }""")
        return self

    def close(self):
        self.context.close()
