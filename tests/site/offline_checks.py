"""What every page of the built site must show with the network cut off (used by
test_site_reader.py, in the same visit as the reader checks: ``offline_problems``).

The site is served from 127.0.0.1 (random port, a thread); every request to any other host is
aborted, so each visit is also the offline test. For every page:

- nothing tried to reach the network, no request failed, no console error, no page exception
  (in any of the reader's display states);
- every MathJax expression is typeset (no ``mjx-merror``, no ``.math`` left untypeset, no raw
  ``$...$``, ``\\(...\\)``, ``\\[...\\]`` or ``\\begin{...}`` in the text);
- every ``<img>`` loaded (naturalWidth > 0);
- every animation player (matplotlib ``to_jshtml``: ``div.animation`` with ``img#_anim_img*``,
  ``input.anim-slider`` and buttons) shows a frame, and "Next frame" and "Play" change the
  displayed frame; its buttons are visible (not icon-less);
- no dead widget: no "Loading widget", no empty ``.jupyter-widgets`` element.

Chromium: see ``browser_session.py``.
"""
from __future__ import annotations

UNTYPESET = r"""() => {
  const out = [];
  const skip = 'pre, code, script, style, textarea, mjx-container, .highlight, .MathJax';
  const root = document.querySelector('main') || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const tex = /\$[^$\s][^$]*\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\\frac\{|\\partial/;
  let n;
  while ((n = walker.nextNode())) {
    if (n.parentElement.closest(skip)) continue;
    const t = n.textContent;
    const m = t.match(tex);
    if (m) out.push(t.slice(Math.max(0, m.index - 40), m.index + 60));
  }
  for (const el of document.querySelectorAll('.math')) {
    if (!el.querySelector('mjx-container')) out.push('untypeset .math: ' + el.textContent.slice(0, 80));
  }
  for (const el of document.querySelectorAll('mjx-merror')) {
    out.push('MathJax error: ' + (el.getAttribute('data-mjx-error') || el.textContent).slice(0, 120));
  }
  return out;
}"""

BROKEN_IMAGES = """() => [...document.images]
  .filter(i => !(i.complete && i.naturalWidth > 0))
  .map(i => (i.id ? '#' + i.id + ' ' : '') + (i.currentSrc || i.src || '(no src)').slice(0, 100))"""

DEAD_WIDGETS = """() => {
  const out = [];
  if (document.body.innerText.includes('Loading widget')) out.push('"Loading widget" on the page');
  for (const el of document.querySelectorAll('.jupyter-widgets, [class*="widget-view"]')) {
    const r = el.getBoundingClientRect();
    if (!el.innerText.trim() && !el.querySelector('img, svg, canvas') || r.height < 2)
      out.push('empty widget element: ' + el.outerHTML.slice(0, 120));
  }
  return out;
}"""


#: the characters of a button that no font here can draw (they would show as empty boxes);
#: None if the button shows nothing at all. A character is missing when it draws exactly like
#: a code point no font has (U+10FFFD).
MISSING_GLYPHS = """b => {
  if (b.querySelector('svg, img')) return '';
  const text = b.innerText.replace(/\\s/g, '');
  if (!text) return null;
  const s = getComputedStyle(b);
  const c = document.createElement('canvas'); c.width = 48; c.height = 48;
  const ctx = c.getContext('2d', {willReadFrequently: true});
  const draw = ch => { ctx.clearRect(0, 0, 48, 48); ctx.font = `32px ${s.fontFamily}`;
                       ctx.textBaseline = 'top'; ctx.fillText(ch, 4, 4);
                       return ctx.getImageData(0, 0, 48, 48).data.join(','); };
  const none = draw('\\u{10FFFD}');
  return [...text].filter(ch => draw(ch) === none).join('');
}"""


def animation_problems(page) -> list[str]:
    """Step and play every matplotlib jshtml player; [] if each one moves."""
    problems = []
    players = page.locator("div.animation")
    wrappers = page.locator(".bpcourse-animation").count()
    if wrappers and players.count() < wrappers:
        problems.append(f"{wrappers} bpcourse animations but {players.count()} players")
    for i in range(players.count()):
        player = players.nth(i)
        img = player.locator("img[id^='_anim_img']")
        slider = player.locator("input.anim-slider")
        if img.count() != 1 or slider.count() != 1:
            problems.append(f"animation {i}: no frame image or slider")
            continue
        player.scroll_into_view_if_needed()
        src0 = img.get_attribute("src") or ""
        if not src0.startswith("data:image") or img.evaluate("i => i.naturalWidth") == 0:
            problems.append(f"animation {i}: no frame shown ({src0[:40]!r})")
            continue
        n = int(slider.get_attribute("max") or 0) + 1
        if n < 2:
            problems.append(f"animation {i}: only {n} frame")
            continue
        for b in player.locator("button").all():
            box = b.bounding_box()
            missing = b.evaluate(MISSING_GLYPHS)
            if not box or box["width"] < 8 or missing is None:
                problems.append(f"animation {i}: the button {b.get_attribute('title')!r} "
                                "shows no icon (a dead control)")
            elif missing:
                problems.append(f"animation {i}: the button {b.get_attribute('title')!r} shows "
                                f"{missing!r} as empty boxes: no font on this system has it "
                                "(use symbols every font has, e.g. \u25B6 \u25C0 | + -)")
        player.locator("button[title='Next frame']").click()
        src1 = img.get_attribute("src")
        if src1 == src0 or slider.input_value() != "1":
            problems.append(f"animation {i}: 'Next frame' did not change the frame")
        player.locator("button[title='First frame']").click()
        player.locator("button[title='Play']").click()
        try:
            page.wait_for_function(
                "([el, s]) => el.getAttribute('src') !== s",
                arg=[img.element_handle(), img.get_attribute("src")], timeout=5000)
        except Exception:
            problems.append(f"animation {i}: 'Play' did not advance the frame")
        player.locator("button[title='Pause']").click()
    return problems


def offline_problems(visit) -> list[str]:
    """Everything above on an open page (a ``browser_session.Visit``); [] if it is fine."""
    page = visit.page
    problems = [f"raw or broken math: {t!r}" for t in page.evaluate(UNTYPESET)]
    problems += [f"image did not load: {s}" for s in page.evaluate(BROKEN_IMAGES)]
    problems += page.evaluate(DEAD_WIDGETS)
    problems += animation_problems(page)
    # after the states and the players: anything that went wrong on the way
    problems += [f"tried to reach the network: {u}" for u in visit.blocked]
    problems += [f"request failed: {f}" for f in visit.failed]
    problems += [f"console: {c}" for c in visit.console]
    return problems
