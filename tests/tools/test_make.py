"""make.py: every command the README and CONTRIBUTING.md show exists; the quick subset runs as written."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import make  # noqa: E402  (make.py: standard library only)

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
COMMAND = re.compile(r"python3 make\.py ([\w-]+)((?: --[\w-]+)*)")


def documented_commands() -> set[tuple[str, str]]:
    return {(m[1], m[2].strip()) for doc in DOCS for m in COMMAND.finditer(doc.read_text())}


def test_every_documented_command_is_a_task(monkeypatch):
    commands = documented_commands()
    assert ("test", "--quick") in commands and ("book", "") in commands and ("test", "") in commands
    ran = []
    monkeypatch.setattr(make, "ensure_venv", lambda: None)
    monkeypatch.setattr(make, "ensure_thebe", lambda: None)
    monkeypatch.setattr(make, "run", lambda *cmd, **kw: ran.append([str(c) for c in cmd]))
    for task, options in sorted(commands):
        make.main([task, *options.split()])
    setup = [cmd for cmd in ran if cmd[-1] == "tests/tools/graders.py"]
    assert len(setup) == 1             # the whole suite first makes the graders' environments
    ran = [cmd for cmd in ran if cmd not in setup]
    assert len(ran) == len(commands)
    quick = next(cmd for cmd in ran if "not site and not browser and not kernel and not slow" in cmd)
    assert "--quick" not in quick and "no:nbval" in quick and "tests" in quick
    make.main(["test", "--quick", "tests/engines", "-x"])      # paths given: only those
    assert "tests" not in ran[-1] and ran[-1][-2:] == ["tests/engines", "-x"]


@pytest.mark.slow                      # collects the whole suite in a new process
def test_quick_subset_as_written_selects_no_site_browser_kernel_or_notebook():
    r = subprocess.run([sys.executable, "make.py", "test", "--quick", "--collect-only", "-q"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    ids = [line for line in r.stdout.splitlines() if "::" in line]
    files = {i.split("::")[0] for i in ids}
    assert "tests/engines/test_ops_table.py" in files and "tests/chapters/test_neuron.py" in files
    assert not any(f.endswith(".ipynb") or f.startswith("book/") for f in files)
    for left_out in ("tests/site/test_site_reader.py", "tests/site/test_book_build.py",
                     "tests/widgets/test_widgets_kernel.py::test_widget_controls_change"):
        assert not any(i.startswith(left_out) for i in ids), left_out
    assert re.search(r"(\d+)/(\d+) tests collected \((\d+) deselected\)", r.stdout), r.stdout[-500:]


@pytest.mark.slow
def test_make_bench_widgets_as_written_times_every_widget():
    """`python3 make.py bench --widgets` (README): one row per widget, each under its target."""
    r = subprocess.run([sys.executable, "make.py", "bench", "--widgets"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    rows = [ln for ln in r.stdout.splitlines() if re.match(r"\w+\.\w+\s+\d", ln)]
    widgets = {p.stem for p in (ROOT / "bpcourse" / "widgets").glob("[a-z]*.py")}
    assert {row.split(".")[0] for row in rows} == widgets, r.stdout
    for row in rows:
        live = float(row.split()[1])
        assert live < 0.5 and row.rstrip().endswith("met"), row


@pytest.mark.slow
@pytest.mark.kernel
def test_make_execute_as_written_reproduces_the_stored_outputs(tmp_path):
    """`python3 make.py execute NOTEBOOK` (README) on a copy of chapter 1: the stored text
    outputs come back unchanged (the original is never touched)."""
    import nbformat
    source = ROOT / "book" / "01_introduction.ipynb"
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    before = source.read_bytes()
    r = subprocess.run([sys.executable, "make.py", "execute", str(copy)], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert source.read_bytes() == before

    def texts(path):
        return [[o.get("text") or o.get("data", {}).get("text/plain") for o in c.outputs]
                for c in nbformat.read(path, 4).cells if c.cell_type == "code"]
    assert texts(copy) == texts(source) and any(any(t) for t in texts(copy))
