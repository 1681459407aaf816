// Keep a document table's statuses current without a reload: poll the JSON twin of the page.
// A document the page has not shown yet brings in the server's new rows (not a reload, so
// nothing else on the page, such as a refused upload's message, is lost).
(function () {
  "use strict";
  const table = document.querySelector("table.docs[data-source]");
  if (!table) return;
  let timer = null;
  // Status changes are said by screen readers: one polite line, outside the table.
  const said = document.createElement("p");
  said.className = "sr";
  said.setAttribute("aria-live", "polite");
  table.after(said);

  function render(doc, tr) {
    if (!tr) return;
    if (tr.dataset.status && tr.dataset.status !== doc.status) said.textContent = doc.filename + ": " + doc.status_label;
    for (const cell of tr.querySelectorAll("[data-field]")) {
      const name = cell.dataset.field;
      // The server sends each value written for the reader as <name>_label beside the raw one.
      const shown = doc[name + "_label"] !== undefined ? doc[name + "_label"] : doc[name];
      if (name === "status") { cell.textContent = shown; cell.className = "status " + doc.status; tr.dataset.status = doc.status; }
      else if (name === "reason") cell.textContent = doc.status === "rejected" && doc.error ? doc.error : "";
      else if (shown !== undefined && shown !== null) cell.textContent = shown;
    }
  }

  async function newRows() {
    const r = await fetch(location.href, {credentials: "same-origin"});
    if (!r.ok) return;
    const html = new DOMParser().parseFromString(await r.text(), "text/html");
    const fresh = html.querySelector("table.docs[data-source] tbody");
    if (fresh) {
      table.tBodies[0].replaceWith(document.importNode(fresh, true));
      document.dispatchEvent(new CustomEvent("intake:rows"));
    }
  }

  async function refresh() {
    try {
      const r = await fetch(table.dataset.source, {headers: {Accept: "application/json"}, credentials: "same-origin"});
      if (!r.ok) { schedule(10000); return; }
      const data = await r.json();
      const body = table.tBodies[0];
      const shown = (doc) => body.querySelector('tr[data-id="' + doc.id + '"]');
      if (data.documents.some((doc) => !shown(doc))) await newRows();
      for (const doc of data.documents) render(doc, shown(doc));
      document.dispatchEvent(new CustomEvent("intake:documents", {detail: data.documents}));
      const busy = data.documents.some((d) => d.status === "received" || d.status === "processing");
      schedule(busy ? 1500 : 8000);
    } catch (e) { schedule(10000); }
  }

  function schedule(ms) { clearTimeout(timer); timer = setTimeout(refresh, ms); }
  document.addEventListener("intake:refresh", () => schedule(300));
  schedule(2000);
})();
