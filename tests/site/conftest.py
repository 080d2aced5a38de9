"""Fixtures of the site tests: the built site (once per session, see site_build.py)."""
from site_build import site_build, site_html  # noqa: F401  (fixtures, session-scoped)
