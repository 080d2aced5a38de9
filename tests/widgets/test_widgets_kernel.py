"""Every live widget, driven in a real Jupyter kernel: its controls change what it shows.

The widgets are discovered: every function of a ``bpcourse.widgets.<module>`` that is annotated
to return ``Interactive`` and can be called without arguments. For each one a fresh kernel
(nbclient, which also plays the front end's part for ``Output`` widgets, so their outputs reach
the kernel as in JupyterLab) builds it, then each control is changed in turn (selections and
toggles first, then sliders and number boxes, then buttons are clicked) and after each change

- the displayed state (the outputs of every Output widget, and the values of HTML/Label/Image
  widgets) differs from before the change (a second value is tried if the first shows nothing);
- nothing went to stderr and no error was raised, in the cell or inside the widget's Output.

``NO_VISIBLE_CHANGE`` lists controls allowed to change nothing on their own (e.g. a speed
setting that only matters once "train" is pressed): ``{"module.function": {"description"}}``.
"""
from __future__ import annotations

import importlib
import inspect
import json
import os
import pathlib
import pkgutil
import re
import typing

import nbformat
import pytest

import bpcourse.widgets

REPO = pathlib.Path(__file__).resolve().parents[2]

NO_VISIBLE_CHANGE: dict[str, set[str]] = {
    # the preset of the initial data set (circles) is the initial setting: pressing it there
    # changes nothing; tests/widgets/test_widget_training.py checks what it sets for each
    "training.training_playground": {"preset for data set"},
}


def _returns_interactive(fn) -> bool:
    ann = inspect.signature(fn).return_annotation
    if ann is inspect.Signature.empty:
        return False
    name = ann if isinstance(ann, str) else getattr(ann, "__name__", str(ann))
    return name.strip("'\" ").split(".")[-1] == "Interactive"


def discover() -> list[tuple[str, str, bool]]:
    """(module, function, callable without arguments) for every widget builder."""
    found = []
    for info in pkgutil.iter_modules(bpcourse.widgets.__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"bpcourse.widgets.{info.name}")
        for name, fn in inspect.getmembers(mod, inspect.isfunction):
            if fn.__module__ != mod.__name__ or name.startswith("_") or not _returns_interactive(fn):
                continue
            needs_args = any(p.default is inspect.Parameter.empty and p.kind in (
                p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                for p in inspect.signature(fn).parameters.values())
            found.append((info.name, name, not needs_args))
    return found


WIDGETS = discover()

#: code run in the kernel once: walks the widget tree, summarizes what it shows, changes controls
HELPERS = r'''
import hashlib, json
import ipywidgets as _w

def _walk(w, seen=None):
    seen = set() if seen is None else seen
    if id(w) in seen:
        return
    seen.add(id(w))
    yield w
    for c in getattr(w, "children", ()) or ():
        yield from _walk(c, seen)

_KINDS_SELECT = (_w.Dropdown, _w.RadioButtons, _w.ToggleButtons, _w.Select, _w.SelectionSlider,
                 _w.Checkbox, _w.ToggleButton)
_KINDS_NUMBER = (_w.IntSlider, _w.FloatSlider, _w.FloatLogSlider, _w.IntRangeSlider,
                 _w.FloatRangeSlider, _w.BoundedIntText, _w.BoundedFloatText, _w.Play)

def _controls(root):
    sel, num, btn = [], [], []
    for w in _walk(root):
        if getattr(w, "disabled", False):
            continue
        if isinstance(w, _KINDS_SELECT):
            sel.append(w)
        elif isinstance(w, _KINDS_NUMBER):
            num.append(w)
        elif isinstance(w, _w.Button):
            btn.append(w)
    return sel + num + btn

def _label(w):
    return f"{type(w).__name__}({getattr(w, 'description', '') or getattr(w, 'tooltip', '') or ''})"

def _outputs(root):
    return [o.outputs for o in _walk(root) if isinstance(o, _w.Output)]

def _shown(root):
    parts = []
    for w in _walk(root):
        if isinstance(w, _w.Output):
            parts.append(json.dumps(w.outputs, sort_keys=True, default=str))
        elif isinstance(w, (_w.HTML, _w.HTMLMath, _w.Label)):
            parts.append(w.value)
        elif isinstance(w, _w.Image):
            parts.append(hashlib.sha1(bytes(w.value)).hexdigest())
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()

def _problems(root):
    out = []
    for outs in _outputs(root):
        for o in outs:
            if o.get("output_type") == "error":
                out.append(f"error in an Output widget: {o.get('ename')}: {o.get('evalue')}")
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                out.append(f"stderr in an Output widget: {o.get('text', '')[:300]}")
    return out

def _candidates(w):
    """Other values to try for a control, best first."""
    if isinstance(w, (_w.Checkbox, _w.ToggleButton)):
        return [not w.value]
    if isinstance(w, (_w.Dropdown, _w.RadioButtons, _w.ToggleButtons, _w.Select,
                      _w.SelectionSlider)):
        vals = [o[1] if isinstance(o, tuple) else o for o in w.options]
        return [v for v in vals if v != w.value][:2]
    if isinstance(w, (_w.IntRangeSlider, _w.FloatRangeSlider)):
        lo, hi = w.value
        mid = type(lo)((w.min + w.max) / 2) if isinstance(w, _w.FloatRangeSlider) else (w.min + w.max) // 2
        return [(w.min, mid) if (w.min, mid) != w.value else (mid, w.max), (w.min, w.max)]
    if isinstance(w, _w.FloatLogSlider):
        exps = [w.min + 0.75 * (w.max - w.min), w.min + 0.25 * (w.max - w.min)]
        return [w.base ** (round(e / w.step) * w.step) for e in exps]
    lo, hi = w.min, w.max
    step = getattr(w, "step", None) or 1
    out = []
    for f in (0.75, 0.25, 1.0, 0.0):
        v = lo + round(f * (hi - lo) / step) * step
        v = int(v) if isinstance(w.value, int) else float(v)
        if v != w.value and lo <= v <= hi and v not in out:
            out.append(v)
    return out[:2]
'''


def _run(client, nb, code: str):
    """Execute ``code`` as a new cell; return (stdout text, problems)."""
    cell = nbformat.v4.new_code_cell(code)
    nb.cells.append(cell)
    client.execute_cell(cell, len(nb.cells) - 1)
    stdout, problems = "", []
    for o in cell.outputs:
        if o.output_type == "stream" and o.name == "stdout":
            stdout += o.text
        elif o.output_type == "stream":
            problems.append(f"stderr: {o.text[:400]}")
        elif o.output_type == "error":
            problems.append(f"error: {o.ename}: {o.evalue}")
    return stdout, problems


#: a button that applies the settings (e.g. "Train"): a control may show its effect only then
ACTION = re.compile(r"^Button\((?:.*\b)?(train|run|apply|start|go|update|fit)\b", re.I)
SHOW = "print('@@' + json.dumps(_shown(_root)))"
SHOW_WITH_CONTROLS = ("print('@@' + json.dumps([_shown(_root)] + "
                      "[repr(getattr(c, 'value', None)) for c in _ctrls]))")


SELECTS = ("Dropdown", "RadioButtons", "ToggleButtons", "Select", "SelectionSlider", "Checkbox",
           "ToggleButton")


def _try_control(client, nb, i: int, label: str, problems: list[str],
                 restore: bool = False) -> bool:
    """Change control i (two candidate values, or one click); True if the display changed.

    A button also counts as working when it changes the other controls (e.g. "preset")."""
    changed = False
    is_button = label.startswith("Button(")
    show = SHOW_WITH_CONTROLS if is_button else SHOW
    for attempt in range(1 if is_button else 2):
        before = _json_line(_run(client, nb, show)[0])
        code = (f"_ctrls[{i}].click()" if is_button else
                f"_c = _candidates(_ctrls[{i}])\n"
                f"if len(_c) > {attempt}: _ctrls[{i}].value = _c[{attempt}]")
        _, p = _run(client, nb, code)
        problems += [f"{label}: {x}" for x in p]
        if _json_line(_run(client, nb, show)[0]) != before:
            changed = True
            break
    if restore and not is_button:
        _, p = _run(client, nb, f"_ctrls[{i}].value = _orig[{i}]")
        problems += [f"{label} (put back): {x}" for x in p]
    return changed


def _matters_after_action(client, nb, i: int, action: int, problems: list[str]) -> bool:
    """Control i, set to two values each followed by pressing the action button, shows two
    different results (the other controls back at their initial values)."""
    shown = []
    _run(client, nb, "for _j, _cc in enumerate(_ctrls):\n"
                     "    if _orig[_j] is not None: _cc.value = _orig[_j]")
    out, p = _run(client, nb, f"_v0 = _orig[{i}]\n_c = _candidates(_ctrls[{i}])\n"
                              "print('@@' + json.dumps(len(_c)))")
    if not _json_line(out):
        return False
    for value in ("_v0", "_c[0]"):
        _, p = _run(client, nb, f"_ctrls[{i}].value = {value}\n_ctrls[{action}].click()")
        problems += p
        shown.append(_json_line(_run(client, nb, SHOW)[0]))
    return shown[0] != shown[1]


def _json_line(stdout: str):
    lines = [ln for ln in stdout.splitlines() if ln.startswith("@@")]
    return json.loads(lines[-1][2:])


@pytest.mark.kernel
@pytest.mark.slow
@pytest.mark.skipif(not WIDGETS, reason="no widget builders in bpcourse.widgets yet")
@pytest.mark.parametrize("module,function,simple", WIDGETS or [("none", "none", False)],
                         ids=[f"{m}.{f}" for m, f, _ in WIDGETS] or ["none"])
def test_widget_controls_change_the_display_in_a_kernel(module, function, simple):
    if not simple:
        pytest.skip(f"{module}.{function} needs arguments: add a specific test for it")
    from nbclient import NotebookClient
    nb = nbformat.v4.new_notebook()
    # store_widget_state=True: nbclient 0.11 raises KeyError on Output.clear_output() otherwise
    client = NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(REPO / "book")}})
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}   # inline figures
    problems: list[str] = []
    allowed = NO_VISIBLE_CHANGE.get(f"{module}.{function}", set())
    with client.setup_kernel(env=env):
        _, p = _run(client, nb, HELPERS)
        problems += p
        out, p = _run(client, nb, (
            f"from bpcourse.widgets import {module} as _m\n"
            f"_obj = _m.{function}()\n"
            "_root = _obj.widget\n"
            "assert _root is not None, 'Interactive.widget is None'\n"
            "_ctrls = _controls(_root)\n"
            "print('@@' + json.dumps([_label(c) for c in _ctrls]))\n"))
        problems += [f"building it: {x}" for x in p]
        assert not problems, "\n".join(problems)
        labels = _json_line(out)
        assert labels, f"{module}.{function}: no controls found in its widget"
        _run(client, nb, "pass")          # let the front end's Output updates arrive
        action = next((i for i, lab in enumerate(labels) if ACTION.search(lab)), None)
        _run(client, nb, "_orig = [c.value if hasattr(c, 'value') else None for c in _ctrls]")
        # 1. each control alone, from the widget's initial state (then put back)
        pending = [i for i in range(len(labels))
                   if not _try_control(client, nb, i, labels[i], problems, restore=True)]
        # 2. again, once every selection/toggle has been changed and the other buttons pressed
        #    (e.g. k matters only for soft thresholds; "back" only after "forward")
        if pending:
            _run(client, nb, "\n".join(
                f"_c = _candidates(_ctrls[{i}])\nif _c: _ctrls[{i}].value = _c[0]"
                for i, lab in enumerate(labels) if lab.split("(")[0] in SELECTS))
        still = []
        for i in pending:
            if labels[i].startswith("Button("):
                # after each other button ("back" does something once "step" was pressed)
                others = [j for j, lab in enumerate(labels) if lab.startswith("Button(") and j != i]
                if any(_run(client, nb, f"_ctrls[{j}].click()") and
                       _try_control(client, nb, i, labels[i], problems) for j in others):
                    continue
            elif _try_control(client, nb, i, labels[i], problems):
                continue
            # 3. a setting that shows only when the action button ("Train") is pressed
            if (action is not None and not labels[i].startswith("Button(")
                    and _matters_after_action(client, nb, i, action, problems)):
                continue
            still.append(i)
        pending = still
        unchanged = [labels[i] for i in pending
                     if labels[i].split("(", 1)[1].rstrip(")") not in allowed]
        out, _ = _run(client, nb, "print('@@' + json.dumps(_problems(_root)))")
        problems += _json_line(out)
    assert not problems, f"{module}.{function}:\n" + "\n".join(problems)
    assert not unchanged, (f"{module}.{function}: changing these controls changed nothing shown "
                           f"(or add them to NO_VISIBLE_CHANGE): {unchanged}")


def test_discovery_finds_builders_by_their_return_annotation():
    ns: dict[str, typing.Any] = {}
    exec("from bpcourse.draw.display import Interactive\n"
         "def a() -> Interactive: ...\n"
         "def b() -> 'display.Interactive': ...\n"
         "def c() -> int: ...\n"
         "def d(): ...\n", ns)
    assert [_returns_interactive(ns[k]) for k in "abcd"] == [True, True, False, False]
