"""Launch buttons that work: Binder, Colab and live code (Thebe), and the Colab install cell.

- each chapter page links to Binder at <binderhub>/v2/gh/OWNER/REPO/BRANCH?urlpath=lab/tree/PATH
  and to Colab at <colab>/github/OWNER/REPO/blob/BRANCH/PATH, PATH being the chapter's own
  notebook (which exists), OWNER/REPO/BRANCH those of _config.yml;
- the Thebe button and its config point at the same repository and branch;
- Binder's environment: requirements.txt pinned, ending with ``-e .``; runtime.txt picks Python;
- every chapter's first code cell is the Colab cell of CONTRIBUTING.md with the URL of
  _config.yml (``scripts/sync_colab_cells.py --check``); the cell prints nothing outside Colab
  and installs bpcourse from the repository on Colab; the script repairs a wrong cell.
"""
from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
import textwrap

import nbformat
import pytest
from bs4 import BeautifulSoup

from site_build import REPO, book_root, chapter_notebooks, config

sys.path.insert(0, str(REPO))
from instructor import colab  # noqa: E402

SCRIPT = REPO / "scripts" / "sync_colab_cells.py"


def _repo():
    cfg = config()
    url = cfg["repository"]["url"].rstrip("/")
    m = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+)", url)
    assert m, f"_config.yml repository url {url!r} is not https://github.com/OWNER/REPO"
    return cfg, m.group(1), m.group(2), cfg["repository"].get("branch", "main")


@pytest.mark.site
@pytest.mark.parametrize("nb_path", chapter_notebooks(), ids=lambda p: p.stem)
def test_chapter_page_has_working_launch_links(site_html, nb_path):
    cfg, owner, repo, branch = _repo()
    root = book_root()
    rel = nb_path.relative_to(root).as_posix()
    page = site_html / pathlib.Path(rel).with_suffix(".html")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    lb = cfg["launch_buttons"]

    binder = [h for h in hrefs if h.startswith(lb["binderhub_url"].rstrip("/") + "/")]
    assert len(binder) == 1, f"{page.name}: Binder links {binder}"
    ui = "lab/tree" if lb.get("notebook_interface") == "jupyterlab" else "tree"
    m = re.fullmatch(re.escape(lb["binderhub_url"].rstrip("/"))
                     + r"/v2/gh/([\w.-]+)/([\w.-]+)/([\w./-]+)\?urlpath=" + re.escape(ui)
                     + r"/(.+\.ipynb)", binder[0])
    assert m, f"{page.name}: malformed Binder URL {binder[0]}"
    assert m.groups()[:3] == (owner, repo, branch), binder[0]
    assert m.group(4) == rel and (root / m.group(4)).is_file(), binder[0]

    colab_links = [h for h in hrefs if h.startswith(lb["colab_url"].rstrip("/") + "/")]
    assert len(colab_links) == 1, f"{page.name}: Colab links {colab_links}"
    m = re.fullmatch(re.escape(lb["colab_url"].rstrip("/"))
                     + r"/github/([\w.-]+)/([\w.-]+)/blob/([\w.-]+)/(.+\.ipynb)", colab_links[0])
    assert m, f"{page.name}: malformed Colab URL {colab_links[0]}"
    assert m.groups()[:3] == (owner, repo, branch), colab_links[0]
    assert m.group(4) == rel and (root / m.group(4)).is_file(), colab_links[0]

    assert f"https://github.com/{owner}/{repo}" in hrefs, f"{page.name}: no repository button"

    if lb.get("thebe"):
        assert soup.select(".btn-launch-thebe"), f"{page.name}: no live-code (Thebe) button"
        thebe = soup.find("script", type="text/x-thebe-config")
        assert thebe is not None, f"{page.name}: no Thebe config"
        text = thebe.get_text()
        assert f'repo: "{owner}/{repo}"' in text and f'ref: "{branch}"' in text, text
        folder = pathlib.Path(rel).parent.as_posix()
        assert f'path: "./{folder}"' in text, text


def test_binder_environment_installs_the_package_last():
    lines = [ln.strip() for ln in (REPO / "requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.strip().startswith("#")]
    assert lines[-1] == "-e .", "requirements.txt must end with '-e .' (Binder installs bpcourse)"
    options = [ln for ln in lines if ln.startswith("-") and ln != "-e ."]
    assert options == ["-c constraints.txt"], f"unexpected options in requirements.txt: {options}"
    lines = [ln for ln in lines if ln not in options]
    unpinned = [ln for ln in lines[:-1] if "==" not in ln]
    assert not unpinned, f"unpinned requirements: {unpinned}"
    constraints = [ln for ln in (REPO / "constraints.txt").read_text().splitlines()
                   if ln.strip() and not ln.startswith("#")]
    assert all("==" in ln for ln in constraints), "constraints.txt pins every package"
    pinned = {re.split(r"[=<>;\s\[]", ln)[0].lower().replace("_", "-") for ln in constraints}
    for ln in lines[:-1]:                       # each direct pin agrees with the full freeze
        name, version = re.match(r"([\w.-]+)==([^;\s]+)", ln).groups()
        name = name.lower().replace("_", "-")
        if name in pinned and 'python_version < "3.11"' not in ln:
            assert f"{version};" in next(c for c in constraints
                                        if c.lower().replace("_", "-").startswith(name + "==")), ln
    names = {re.split(r"[=<>;\s\[]", ln)[0].lower().replace("_", "-") for ln in lines[:-1]}
    for needed in ("jupyterlab", "ipykernel", "ipywidgets", "jupyterlab-widgets", "matplotlib",
                   "numpy"):
        assert needed in names, f"Binder needs {needed} in requirements.txt"
    runtime = (REPO / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.\d+", runtime), runtime
    assert (REPO / "pyproject.toml").is_file()


def _sync(*args: str) -> tuple[int, str]:
    """Run scripts/sync_colab_cells.py (in this process): exit code and output."""
    import contextlib
    import importlib.util
    import io
    spec = importlib.util.spec_from_file_location("sync_colab_cells", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        code = mod.main(list(args))
    return code, buf.getvalue()


def test_every_chapter_has_the_colab_cell_of_config():
    code, out = _sync("--check", "--root", str(book_root()))
    assert code == 0, "run `python scripts/sync_colab_cells.py`:\n" + out


def test_colab_cell_is_the_one_of_contributing():
    _, owner, repo, _ = _repo()
    src = colab.install_cell_source(f"https://github.com/{owner}/{repo}")
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    m = re.search(r"```python\n([ \t]*import sys\n.*?)\n[ \t]*```", contributing, re.S)
    assert m, "CONTRIBUTING.md no longer shows the Colab cell"
    assert textwrap.dedent(m.group(1)) == src


def _run_cell(source: str, on_colab: bool) -> subprocess.CompletedProcess:
    """Run the cell as IPython would (magics transformed), with or without a fake Colab."""
    from IPython.core.inputtransformer2 import TransformerManager
    code = TransformerManager().transform_cell(source)
    prelude = textwrap.dedent("""
        import sys, types, json
        calls = []
        class Shell:
            def run_line_magic(self, name, line):
                calls.append([name, line])
        get_ipython = lambda: Shell()
        """)
    if on_colab:
        prelude += "sys.modules['google.colab'] = types.ModuleType('google.colab')\n"
    post = "\nprint(json.dumps(calls))\n"
    return subprocess.run([sys.executable, "-c", prelude + code + post], capture_output=True,
                          text=True, timeout=60)


def test_colab_cell_prints_nothing_outside_colab_and_installs_on_colab():
    url = "https://github.com/someone/some-course"
    src = colab.install_cell_source(url)
    off = _run_cell(src, on_colab=False)
    assert off.returncode == 0 and off.stderr == "" and json.loads(off.stdout) == []
    on = _run_cell(src, on_colab=True)
    assert on.returncode == 0, on.stderr
    assert json.loads(on.stdout) == [["pip", f'install --quiet "bpcourse @ git+{url}"']]


def test_repository_url_is_read_from_config_and_checked(tmp_path):
    cfg = tmp_path / "_config.yml"
    cfg.write_text("title: x\nrepository:\n  url: https://github.com/a-b/c.d/\n  branch: main\n")
    assert colab.repository_url(cfg) == "https://github.com/a-b/c.d"
    cfg.write_text("title: x\nrepository:\n  url: https://gitlab.com/a/b\n")
    with pytest.raises(ValueError, match="OWNER/REPO"):
        colab.repository_url(cfg)
    cfg.write_text("title: x\n")
    with pytest.raises(ValueError, match="no repository url"):
        colab.repository_url(cfg)
    with pytest.raises(ValueError, match="OWNER/REPO"):
        colab.install_cell_source("github.com/a/b")


def _mini_book(tmp_path: pathlib.Path, url: str) -> pathlib.Path:
    (tmp_path / "book").mkdir()
    (tmp_path / "_config.yml").write_text(f"repository:\n  url: {url}\n  branch: main\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/a\nchapters:\n"
                                       "  - file: book/b\n  - file: book/c\n")
    v4 = nbformat.v4
    a = v4.new_notebook(cells=[v4.new_markdown_cell("# A"),
                               v4.new_code_cell(colab.install_cell_source(
                                   "https://github.com/old/place")),
                               v4.new_code_cell("x = 1", outputs=[v4.new_output(
                                   "stream", name="stdout", text="1\n")])])
    b = v4.new_notebook(cells=[v4.new_markdown_cell("# B"), v4.new_code_cell("y = 2")])
    c = v4.new_notebook(cells=[v4.new_markdown_cell("# C, text only")])
    for name, nb in (("a", a), ("b", b), ("c", c)):
        nbformat.write(nb, tmp_path / "book" / f"{name}.ipynb")
    return tmp_path


def test_sync_script_finds_and_repairs_wrong_and_missing_cells(tmp_path):
    url = "https://github.com/new/place"
    root = _mini_book(tmp_path, url)
    code, out = _sync("--check", "--root", str(root))
    assert code == 1
    assert "book/a.ipynb: the Colab install cell differs" in out
    assert "book/b.ipynb: has no Colab install cell" in out
    assert "book/c.ipynb" not in out                       # no code: needs no cell
    code, out = _sync("--root", str(root))
    assert code == 0 and "inserted" in out, out
    assert _sync("--check", "--root", str(root)) == (0, "")
    r = subprocess.run([sys.executable, str(SCRIPT), "--check", "--root", str(root)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr          # the command line works too
    a = nbformat.read(root / "book/a.ipynb", as_version=4)
    b = nbformat.read(root / "book/b.ipynb", as_version=4)
    want = colab.install_cell_source(url)
    assert [c.cell_type for c in a.cells] == ["markdown", "code", "code"]
    assert a.cells[1].source == want and a.cells[2].outputs[0].text == "1\n"   # outputs kept
    assert [c.source for c in b.cells[1:]] == [want, "y = 2"]
