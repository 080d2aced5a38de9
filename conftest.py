"""pytest set-up for every run in this repository, the chapters' notebooks (nbval) included.

The whole suite runs in parallel (``python3 make.py test``: pytest-xdist, ``-n 3``): each
worker is its own process with its own kernels, browsers and ports. What must stay together
runs on one worker, in order (``group``): a notebook's cells share one kernel; a test file
shares its module fixtures (a Jupyter server, a grader's run); the reader checks of one page
share one measurement of it. Each group goes whole to one worker
(``pytest_xdist_make_scheduler``; xdist's own ``xdist_group`` marks do nothing on pytest 9,
whose node ids xdist 3.8 cannot rename), longest groups first (``SLOW_FIRST``), so no long
group starts last. This file sits at the root, not in tests/, so that a run of only some
notebooks (``make.py test book/05_gradient_descent.ipynb``) groups their cells too. The site
is built once for all workers (tests/site/site_build.py); Playwright runs once per worker
(``playwright_session``, tests/conftest.py).
"""
import re

import pytest

#: path prefixes of the groups that take longest (measured: `--durations`), handed out first,
#: in this order: the real clients (two groups), the build of the site (test_book_build.py;
#: the other site tests wait for it), then the longest of the rest
SLOW_FIRST = ("tests/client/", "tests/site/test_book_build.py",
              "tests/widgets/test_widgets_kernel.py", "tests/tools/test_assign.py",
              "tests/tools/test_graders.py", "tests/site/test_pdf.py", "book/12_",
              "tests/tools/test_make.py",
              "tests/site/test_site_reader.py", "book/")


def pytest_configure(config):
    # Build matplotlib's font cache here, once: on a fresh machine the first kernel to import
    # matplotlib would otherwise print "building the font cache" to stderr and fail nbval.
    import matplotlib.font_manager  # noqa: F401

    config.addinivalue_line("markers", "site: needs the built site (built once per session)")
    config.addinivalue_line("markers", "browser: drives a real headless Chromium (skips without one)")
    config.addinivalue_line("markers", "kernel: starts a Jupyter kernel or server, or executes notebooks")
    config.addinivalue_line("markers", "slow: takes more than about 5 s")


def pytest_collection_modifyitems(items):
    """The groups that take longest first (stable: a group's tests keep their order)."""
    items.sort(key=_rank)


def group(nodeid: str) -> str:
    """A test's group: its file; the reader checks by page; the graders by tool (each sets up
    its own course); the real clients' training chapter (the longest) apart from the rest
    (each group starts its own Jupyter server)."""
    path = nodeid.split("::")[0]
    page = re.search(r"\[([\w/.-]+\.html)\]$", nodeid)
    if path.endswith("test_site_reader.py") and page:
        return f"{path}:{page[1]}"
    if path.endswith("test_graders.py"):
        return f"{path}:{'otter' if '::test_otter' in nodeid else 'nbgrader'}"
    if path.startswith("tests/client/"):
        return f"{path}:{'training' if 'training' in nodeid else 'other'}"
    return path


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """pytest-xdist hands out whole groups (see ``group``), in collection order."""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group(nodeid)

        def _reschedule(self, node) -> None:
            """Send a worker its next group only when it is on its last test (xdist sends it
            with 2 left: a group could wait behind two long tests while others idle)."""
            if node.shutting_down:
                return
            if not self.workqueue:
                node.shutdown()
            elif self._pending_of(self.assigned_work[node]) <= 1:
                self._assign_work_unit(node)

    return GroupScheduling(config, log)


def _rank(item) -> int:
    """Where an item's group goes in the queue: by SLOW_FIRST, then the rest."""
    path = item.nodeid.split("::")[0]
    return next((k for k, prefix in enumerate(SLOW_FIRST) if path.startswith(prefix)),
                len(SLOW_FIRST))
