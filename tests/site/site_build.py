"""The built site, made once per pytest session and shared by every test that needs it.

``tests/site/conftest.py`` imports the fixtures below, so any test module can ask for them:

- ``site_build``: a :class:`SiteBuild` (source root, html folder, exit code, log). The site is
  built ONCE per run (with pytest-xdist, by the first worker that needs it, the others wait) with ``jupyter-book build <root> --warningiserror --keep-going
  --path-output <tmp>``; every test (the site tests, ``test_book_build.py``) sees that one build.
- ``site_html``: the html folder of that build (fails with the end of the log if none was made).

Environment variables:

- ``BPCOURSE_SITE_HTML=/path/to/_build/html``: use this already built site, build nothing
  (e.g. after ``python3 make.py book``: ``BPCOURSE_SITE_HTML=_build/html pytest tests/site``).
- ``BPCOURSE_BOOK_ROOT=/path/to/book``: build (and read ``_config.yml``/``_toc.yml`` of) another
  book source instead of the repository, e.g. a small fixture book to test the tests.
"""
from __future__ import annotations

import dataclasses
import fcntl
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest
import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))    # instructor/ is run from the checkout
from instructor import colab  # noqa: E402

ENV_HTML = "BPCOURSE_SITE_HTML"
ENV_ROOT = "BPCOURSE_BOOK_ROOT"
#: pages Sphinx makes besides the ones in _toc.yml
EXTRA_PAGES = ("index.html", "search.html")
#: the general index, made unless ``html_use_index: false``
GENERAL_INDEX = "genindex.html"
#: index pages an extension adds (unless ``html_domain_indices: false``): extension -> page
EXTENSION_PAGES = {"sphinx_proof": "prf-prf.html"}


@dataclasses.dataclass
class SiteBuild:
    """One build of the site: where it came from, where it is, and how it went."""
    root: pathlib.Path            # the book source (holds _config.yml, _toc.yml)
    html: pathlib.Path            # the built html folder
    returncode: int               # jupyter-book's exit code (0 when reusing a build)
    log: str                      # its stdout + stderr ("" when reusing a build)
    reused: bool                  # True when BPCOURSE_SITE_HTML named an existing build

    def warnings(self) -> list[str]:
        """The WARNING/ERROR lines of the build log."""
        return [ln for ln in self.log.splitlines() if "WARNING" in ln or "ERROR" in ln]


def book_root() -> pathlib.Path:
    """The book source: $BPCOURSE_BOOK_ROOT or the repository."""
    return pathlib.Path(os.environ.get(ENV_ROOT) or REPO).resolve()


def config(root: pathlib.Path | None = None) -> dict:
    """The parsed ``_config.yml``."""
    return yaml.safe_load(((root or book_root()) / "_config.yml").read_text(encoding="utf-8"))


def toc_files(root: pathlib.Path | None = None) -> list[str]:
    """The documents of ``_toc.yml`` in order, without suffix (``book/02_mlp``)."""
    return colab.toc_files(root or book_root())


def source_of(doc: str, root: pathlib.Path | None = None) -> pathlib.Path:
    """The source file of a toc document (``book/02_mlp`` -> ``book/02_mlp.ipynb``)."""
    root = root or book_root()
    for ext in (".ipynb", ".md"):
        if (root / (doc + ext)).exists():
            return root / (doc + ext)
    raise FileNotFoundError(f"{doc}: no .ipynb or .md source under {root}")


def chapter_notebooks(root: pathlib.Path | None = None) -> list[pathlib.Path]:
    """The .ipynb sources listed in the table of contents."""
    out = []
    for doc in toc_files(root):
        try:
            src = source_of(doc, root)
        except FileNotFoundError:
            continue
        if src.suffix == ".ipynb":
            out.append(src)
    return out


def expected_pages(root: pathlib.Path | None = None) -> list[str]:
    """Html pages (relative to the html folder) the site must have: the toc's and Sphinx's own."""
    sphinx = config(root).get("sphinx") or {}
    extensions = sphinx.get("extra_extensions") or []
    options = sphinx.get("config") or {}
    pages = [doc + ".html" for doc in toc_files(root)] + list(EXTRA_PAGES)
    if options.get("html_use_index", True):
        pages.append(GENERAL_INDEX)
    if options.get("html_domain_indices", True):
        pages += [page for ext, page in EXTENSION_PAGES.items() if ext in extensions]
    return pages


def built_pages(html: pathlib.Path) -> list[str]:
    """Every html page of a build (relative paths), without the theme's own files."""
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if not p.relative_to(html).parts[0].startswith("_"))


def jupyter_book_exe() -> str:
    exe = pathlib.Path(sys.executable).parent / "jupyter-book"
    if exe.exists():
        return str(exe)
    found = shutil.which("jupyter-book")
    if not found:
        raise RuntimeError("jupyter-book is not installed (pip install -r requirements.txt)")
    return found


def build_site(out: pathlib.Path, root: pathlib.Path | None = None) -> SiteBuild:
    """Build the book at ``root`` into ``out`` (warnings are errors, keep going)."""
    root = root or book_root()
    cmd = [jupyter_book_exe(), "build", str(root), "--warningiserror", "--keep-going",
           "--path-output", str(out)]
    # no MPLBACKEND: a kernel started with MPLBACKEND=Agg shows no figures
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONHASHSEED"] = "0"
    r = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=1800)
    return SiteBuild(root=root, html=out / "_build" / "html", returncode=r.returncode,
                     log=r.stdout + r.stderr, reused=False)


def shared_build(folder: pathlib.Path) -> SiteBuild:
    """The build in ``folder``, made by whichever process gets there first: the others (the
    pytest-xdist workers of one run) wait on its lock and read the same build and log."""
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / "build.json"
    with open(folder / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            b = build_site(folder / "site")
            record.write_text(json.dumps({"returncode": b.returncode, "log": b.log}))
    done = json.loads(record.read_text())
    return SiteBuild(root=book_root(), html=folder / "site" / "_build" / "html",
                     returncode=done["returncode"], log=done["log"], reused=False)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> SiteBuild:
    """The site, built once for the whole pytest run, whatever the number of workers (or
    reused: $BPCOURSE_SITE_HTML)."""
    given = os.environ.get(ENV_HTML)
    if given:
        html = pathlib.Path(given).resolve()
        if not (html / "index.html").exists():
            pytest.fail(f"{ENV_HTML}={given}: no index.html there (build the site first)")
        return SiteBuild(root=book_root(), html=html, returncode=0, log="", reused=True)
    if not os.environ.get("PYTEST_XDIST_WORKER"):     # one process: its own temporary folder
        return build_site(tmp_path_factory.mktemp("site"))
    # pytest-xdist: the workers' temporary folders share this run's parent folder
    return shared_build(tmp_path_factory.getbasetemp().parent / "shared-site")


@pytest.fixture(scope="session")
def site_html(site_build: SiteBuild) -> pathlib.Path:
    """The html folder of the session's build; fails if the build made no site."""
    if not (site_build.html / "index.html").exists():
        pytest.fail("the book build made no site (exit code "
                    f"{site_build.returncode}); end of its log:\n{site_build.log[-4000:]}")
    return site_build.html
