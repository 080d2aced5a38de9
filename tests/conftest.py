"""Shared pytest set-up for every test folder (the site fixtures live in tests/site/conftest.py)."""
import pytest


def pytest_configure(config):
    # Build matplotlib's font cache here, once: on a fresh machine the first kernel to import
    # matplotlib would otherwise print "building the font cache" to stderr and fail nbval.
    import matplotlib.font_manager  # noqa: F401

    config.addinivalue_line("markers", "site: needs the built site (built once per session)")
    config.addinivalue_line("markers", "browser: drives a real headless Chromium (skips without one)")
    config.addinivalue_line("markers", "kernel: starts a Jupyter kernel or server, or executes notebooks")
    config.addinivalue_line("markers", "slow: takes more than about 5 s")


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
