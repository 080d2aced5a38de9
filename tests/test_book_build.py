"""The book builds with warnings as errors, and every page of the table of contents is there."""
from __future__ import annotations

import pytest
from site_build import built_pages, expected_pages


def test_book_builds_with_warnings_as_errors(site_build):
    if site_build.reused:
        pytest.skip("BPCOURSE_SITE_HTML names an existing build: nothing was built here")
    assert site_build.returncode == 0, site_build.log[-4000:]
    assert site_build.warnings() == [], "\n".join(site_build.warnings())


def test_every_toc_page_is_built(site_html):
    pages = set(built_pages(site_html))
    missing = [p for p in expected_pages() if p not in pages]
    assert not missing, f"pages missing from the build: {missing}"


def test_math_is_served_locally(site_html):
    assert (site_html / "_static" / "mathjax" / "tex-chtml.js").exists()
    page = (site_html / "book" / "01_introduction.html").read_text(encoding="utf-8")
    assert "_static/mathjax/tex-chtml.js" in page
    assert "cdn.jsdelivr.net/npm/mathjax" not in page
