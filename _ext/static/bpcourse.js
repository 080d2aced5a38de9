/* bpcourse: accessibility fixes to the theme's controls (see _ext/bpcourse_site_fixes.py). */
(function () {
  "use strict";

  // Buttons whose accessible name (aria-label) does not contain their visible text (WCAG 2.5.3,
  // axe-core label-content-name-mismatch): the colour-mode button's icons carry titles
  // ("Light", "Dark", "System Settings") and the search field shows "Search Ctrl+K" under the
  // label "Search". Icons are decoration; the field is named by what it shows.
  function nameButtons() {
    document.querySelectorAll(".theme-switch-button, .search-button, .search-button-field")
      .forEach((b) => {
        b.querySelectorAll("i, svg").forEach((i) => {
          i.setAttribute("aria-hidden", "true");
          i.removeAttribute("title");
          i.removeAttribute("aria-labelledby");
        });
        b.querySelectorAll("svg title").forEach((t) => t.remove());
      });
    document.querySelectorAll(".search-button-field[aria-label]")
      .forEach((b) => b.removeAttribute("aria-label"));
    // myst-nb's folded cells: <summary aria-label="Toggle hidden content"> shows
    // "Show code cell source"; the summary is named by what it shows
    document.querySelectorAll("details.hide > summary[aria-label]")
      .forEach((s) => s.removeAttribute("aria-label"));
  }
  // Font Awesome turns the icons into <svg><title>...</title></svg> after load: again then
  function watchIcons() {
    document.querySelectorAll(".theme-switch-button, .search-button, .search-button-field")
      .forEach((b) => new MutationObserver(nameButtons).observe(b, {childList: true, subtree: true}));
  }

  // A box that scrolls sideways must be reachable with the keyboard (axe-core
  // scrollable-region-focusable). The theme does this for code and outputs once the resize
  // has settled; equations and our own boxes are added here, and again at every resize.
  const SCROLLERS = "pre, .cell_output > .output, mjx-container[display='true'], span.math, " +
                    ".pst-scrollable-table-container, .bpcourse-static";
  function tabStops() {
    document.querySelectorAll(SCROLLERS).forEach((el) => {
      const scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls) el.tabIndex = 0;
      else if (el.tabIndex === 0 && el.dataset.bpcourseTab) el.removeAttribute("tabindex");
      if (scrolls) el.dataset.bpcourseTab = "1";
    });
  }

  // A display equation wider than a narrow screen (a phone) is drawn smaller until it fits,
  // down to 60 % of its size; only a still wider one scrolls in its own box. MathJax 3 cannot
  // break lines, and a box cut at the screen edge reads as a cut formula. (On wide screens
  // every equation fits as written: tests/site/test_site_reader.py checks it.)
  const MIN_SCALE = 0.6, NARROW = 960;   // px: the theme's own breakpoint for the sidebar
  function fitEquations() {
    const narrow = document.documentElement.clientWidth < NARROW;
    document.querySelectorAll("mjx-container[display='true']").forEach((el) => {
      // MathJax sets its own inline font-size (its scale): keep it, and scale from it
      if (el.dataset.bpcourseFit !== undefined) {
        el.style.fontSize = el.dataset.bpcourseFit;
        delete el.dataset.bpcourseFit;
      }
      const have = el.clientWidth, need = el.scrollWidth;
      if (narrow && have > 0 && need > have + 1) {
        const size = parseFloat(getComputedStyle(el).fontSize);
        el.dataset.bpcourseFit = el.style.fontSize;
        el.style.fontSize = (size * Math.max(MIN_SCALE, (have - 2) / need)).toFixed(2) + "px";
      }
    });
  }

  function run() {
    nameButtons();
    if (!run.watching) { watchIcons(); run.watching = true; }
    tabStops();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
  window.addEventListener("resize", () => { fitEquations(); tabStops(); });
  window.addEventListener("load", () => {
    run();
    // MathJax typesets after load: its containers exist only then
    const mj = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (mj) mj.then(() => { fitEquations(); tabStops(); });
  });
})();
