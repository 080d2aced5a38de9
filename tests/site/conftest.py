"""Fixtures of the site tests: the built site (once per session, see site_build.py), and
Chromium with the site served locally (see browser_session.py)."""
from browser_session import browser, server  # noqa: F401  (fixtures, session-scoped)
from site_build import site_build, site_html  # noqa: F401  (fixtures, session-scoped)
