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


@pytest.mark.site
@pytest.mark.slow
def test_linkcheck_finds_no_broken_internal_link(tmp_path):
    """Sphinx's linkcheck builder over the book (external pages are not fetched: _config.yml)."""
    import subprocess

    from site_build import book_root, jupyter_book_exe
    r = subprocess.run([jupyter_book_exe(), "build", str(book_root()), "--builder", "linkcheck",
                        "--warningiserror", "--keep-going", "--path-output", str(tmp_path)],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, (r.stdout + r.stderr)[-3000:]
    report = next(tmp_path.rglob("output.txt"), None)
    assert report is not None, "linkcheck wrote no report"
    assert "broken" not in report.read_text(), report.read_text()
