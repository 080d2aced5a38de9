/* bpcourse: make a page ready for paper (loaded on every page by _ext/bpcourse_site_fixes.py).
   A browser's "Print" runs it on "beforeprint"; scripts/build_pdf.py calls
   window.bpcoursePrepareForPrint() before Chromium prints the page (no beforeprint there).
   - every folded block opens: <details> (cells shown folded, dropdowns) and the exercises'
     solutions that sphinx-togglebutton folds (class toggle-hidden);
   - an animation (matplotlib's JavaScript player) shows its last frame: the end of the
     training run, the last step of the stepper; print CSS hides its buttons;
   - a display equation or a table wider than the text column is scaled down to fit (CSS
     zoom), since paper cannot scroll. */
"use strict";

function bpcourseOpenFolded() {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  document.querySelectorAll(".toggle-hidden").forEach((el) => {
    el.classList.remove("toggle-hidden");
  });
  document.querySelectorAll(".toggle-button-hidden").forEach((el) => {
    el.classList.remove("toggle-button-hidden");
  });
}

function bpcourseFitWide(selector) {
  const column = document.querySelector("article.bd-article") || document.body;
  const right = column.getBoundingClientRect().right;
  document.querySelectorAll(selector).forEach((el) => {
    el.style.zoom = "";
    const box = el.getBoundingClientRect();
    const need = Math.max(el.scrollWidth, box.width);
    const room = right - box.left;
    if (room > 0 && need > room) {
      el.style.zoom = String(Math.floor((1000 * room) / need) / 1000);
    }
  });
}

function bpcourseLastFrames() {
  document.querySelectorAll('.animation button[title="Last frame"]').forEach((b) => b.click());
}

window.bpcoursePrepareForPrint = function () {
  bpcourseOpenFolded();
  bpcourseLastFrames();
  bpcourseFitWide('mjx-container[display="true"]');
  bpcourseFitWide("table");
};

window.addEventListener("beforeprint", () => window.bpcoursePrepareForPrint());
