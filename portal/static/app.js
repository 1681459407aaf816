// What every page shares: table cells labelled for the stacked phone layout, and forms that
// ask before they do something that cannot be taken back (data-confirm="question").
(function () {
  "use strict";

  function labelCells(table) {
    const heads = table.tHead ? Array.from(table.tHead.rows[0].cells).map((c) => c.textContent.trim()) : [];
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        Array.from(row.cells).forEach((cell, i) => {
          if (!cell.hasAttribute("data-label") && heads[i] && cell.colSpan === 1) cell.dataset.label = heads[i];
        });
      }
    }
  }

  function labelAll(root) { for (const t of root.querySelectorAll("table.docs")) labelCells(t); }

  document.addEventListener("DOMContentLoaded", () => labelAll(document));
  document.addEventListener("intake:rows", () => labelAll(document));

  // A "tick all" box ticks every box of its name in its form.
  document.addEventListener("change", (e) => {
    const all = e.target.closest("[data-select-all]");
    if (!all || !all.form) return;
    for (const box of all.form.querySelectorAll('input[type=checkbox][name="' + all.dataset.selectAll + '"]')) box.checked = all.checked;
  });

  document.addEventListener("submit", (e) => {
    const form = e.target;
    const question = (e.submitter && e.submitter.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) e.preventDefault();
  });
})();
