/* bpcourse: make a page ready for paper (loaded on every page by _ext/bpcourse_site_fixes.py).
   A browser's "Print" runs it on "beforeprint"; scripts/build_pdf.py calls
   window.bpcoursePrepareForPrint() before Chromium prints the page (no beforeprint there).
   - every folded block opens: <details> (cells shown folded, dropdowns) and the exercises'
     solutions that sphinx-togglebutton folds (class toggle-hidden);
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

window.bpcoursePrepareForPrint = function () {
  bpcourseOpenFolded();
  bpcourseFitWide('mjx-container[display="true"]');
  bpcourseFitWide("table");
};

window.addEventListener("beforeprint", () => window.bpcoursePrepareForPrint());
