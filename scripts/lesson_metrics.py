"""How much of each chapter's lesson is on its page, and how large the package's pieces are.

    .venv/bin/python scripts/lesson_metrics.py [ROOT]      (ROOT: a checkout, default: this one)

Prints, per chapter: the distinct calls into ``bpcourse.chapters`` (each function once per
chapter), the lines of the chapter helper modules it imports, and the code lines in its cells;
then, for the package: functions over 60 lines, modules over 300 lines, the lines of
``bpcourse/chapters``, and the largest cyclomatic complexity among the engines' functions
(McCabe's count: 1 + one per branch point, as radon counts it).
"""
from __future__ import annotations

import ast
import json
import pathlib
import re
import sys

ENGINES = ("activations", "losses", "mlp", "scalar", "vectorized", "autodiff", "gradcheck",
           "train", "layers", "datasets", "_validate")


def complexity(fn: ast.AST) -> int:
    """McCabe's cyclomatic complexity of one function (nested functions counted apart)."""
    count = 1
    for node in ast.walk(fn):
        if node is not fn and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, (ast.If, ast.IfExp, ast.For, ast.While, ast.ExceptHandler, ast.Assert,
                             ast.AsyncFor)):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            count += 1 + len(node.ifs)
        elif isinstance(node, ast.match_case):
            count += 1
    return count


def functions(path: pathlib.Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node, node.end_lineno - node.lineno + 1, complexity(node)


def chapter_rows(root: pathlib.Path):
    helpers = {p.stem: len(p.read_text().splitlines())
               for p in (root / "bpcourse" / "chapters").glob("*.py") if p.stem != "__init__"}
    for nb_path in sorted((root / "book").glob("[0-9][0-9]_*.ipynb")):
        cells = [c for c in json.loads(nb_path.read_text())["cells"] if c["cell_type"] == "code"]
        source = "\n".join("".join(c["source"]) for c in cells)
        aliases = {}
        for m in re.finditer(r"from bpcourse\.chapters import ([^\n]+)", source):
            for part in m.group(1).split(","):
                name, _, alias = part.strip().partition(" as ")
                aliases[(alias or name).strip()] = name.strip()
        for m in re.finditer(r"from bpcourse\.chapters\.(\w+) import ([^\n]+)", source):
            for part in m.group(2).split(","):
                aliases[part.strip()] = m.group(1)
        calls = {(aliases[a], f) for a, f in re.findall(r"\b(\w+)\.(\w+)\s*\(", source)
                 if a in aliases}
        calls |= {(aliases[a], a) for a in re.findall(r"\b(\w+)\s*\(", source)
                  if a in aliases and aliases[a] in helpers}
        modules = sorted(set(aliases.values()) & set(helpers))
        code_lines = sum(len([ln for ln in "".join(c["source"]).splitlines() if ln.strip()])
                         for c in cells)
        yield nb_path.stem, len(calls), sum(helpers[m] for m in modules), code_lines, modules


def main(root: pathlib.Path) -> None:
    print(f"{'chapter':24} {'helper calls':>12} {'helper lines':>12} {'code lines':>10}  modules")
    total_calls = 0
    for name, calls, lines, code, modules in chapter_rows(root):
        total_calls += calls
        print(f"{name:24} {calls:12d} {lines:12d} {code:10d}  {', '.join(modules)}")
    print(f"{'all chapters':24} {total_calls:12d}")
    package = root / "bpcourse"
    long_functions, long_modules, worst = [], [], (0, "")
    for path in sorted(package.rglob("*.py")):
        n = len(path.read_text().splitlines())
        rel = path.relative_to(root)
        if n > 300:
            long_modules.append(f"{rel} ({n})")
        for fn, length, cc in functions(path):
            if length > 60:
                long_functions.append(f"{rel}:{fn.name} ({length})")
            if path.parent == package and path.stem in ENGINES and cc > worst[0]:
                worst = (cc, f"{rel}:{fn.name}")
    chapter_lines = sum(len(p.read_text().splitlines()) for p in (package / "chapters").glob("*.py"))
    print(f"\nbpcourse/chapters: {chapter_lines} lines")
    print(f"functions over 60 lines ({len(long_functions)}): {', '.join(long_functions) or '-'}")
    print(f"modules over 300 lines ({len(long_modules)}): {', '.join(long_modules) or '-'}")
    print(f"largest cyclomatic complexity in the engines: {worst[0]} ({worst[1]})")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1]))
