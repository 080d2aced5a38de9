"""The suite's parallel run (the root conftest.py): what must stay together goes to one worker."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("root_conftest", ROOT / "conftest.py")
conftest = importlib.util.module_from_spec(_spec)   # conftest.py: the groups, their order
_spec.loader.exec_module(conftest)


def test_a_notebooks_cells_are_one_group_and_each_reader_page_another():
    cells = {conftest.group(f"book/03_xor.ipynb::Cell {k}") for k in range(20)}
    assert cells == {"book/03_xor.ipynb"}
    reader = "tests/site/test_site_reader.py::test_{}[book/{}.html]"
    pages = {conftest.group(reader.format(t, p)) for t in ("axe", "figure_text")
             for p in ("02_mlp", "03_xor")}
    assert len(pages) == 2 and all(g.endswith(".html") for g in pages)
    graders = {conftest.group(f"tests/tools/test_graders.py::{t}") for t in (
        "test_otter_grades_right_wrong_and_blank", "test_otter_hidden_tests_grade_the_work[x]",
        "test_nbgrader_autogrades_right_wrong_and_blank", "test_nbgrader_releases_x")}
    assert len(graders) == 2                      # one course set up per tool, not per test


def test_every_slow_group_named_first_exists():
    for prefix in conftest.SLOW_FIRST:
        assert list(ROOT.glob(prefix + "*")), f"SLOW_FIRST names {prefix!r}: no such file"


@pytest.mark.kernel
@pytest.mark.slow
def test_two_workers_run_a_notebook_in_one_kernel_in_order():
    """nbval's cells need the kernel of the cells before them: split across workers, the
    cells after the imports fail (NameError); grouped, the chapters pass. Only notebooks are
    given, as in `make.py test book/...`: no file of tests/ takes part in the run."""
    r = subprocess.run([sys.executable, "-m", "pytest", "-n", "2", "--no-loadscope-reorder",
                        "-p", "no:cacheprovider", "-q", "book/01_introduction.ipynb",
                        "book/06_chain_rule.ipynb"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:]
    assert " passed" in r.stdout.splitlines()[-1] and "failed" not in r.stdout.splitlines()[-1]
