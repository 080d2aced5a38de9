"""Shared pytest set-up for every test folder: markers that follow from what a test uses, and
one Playwright per worker. The parallel run's groups and the markers' registration are in the
root conftest.py; the site fixtures in tests/site/conftest.py."""
import pytest

SITE_FIXTURES = {"site_build", "site_html"}     # tests/site/site_build.py: they build the book


@pytest.hookimpl(tryfirst=True)                 # before -m deselects by marker
def pytest_collection_modifyitems(items):
    """Markers that follow from what a test uses (the quick subset, ``-m "not ..."``, skips them).

    nbval's notebook cells run in a kernel: ``kernel``; a test that takes the built site: ``site``.
    """
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker("kernel")
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker("site")


@pytest.fixture(scope="session")
def playwright_session():
    """One Playwright (sync API) per worker process, shared by the site's browser and the
    real-client tests' (the sync API allows one running instance per process); skips
    where Playwright is not installed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -r requirements.txt); "
                    "browser tests skipped")
    with sync_playwright() as p:
        yield p
