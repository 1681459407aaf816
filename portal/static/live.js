// Keep the document table's statuses current without a reload: poll the JSON twin of the page.
(function () {
  const table = document.querySelector("table.docs[data-source]");
  if (!table) return;
  const body = table.tBodies[0];
  const columns = Array.from(table.tHead.rows[0].cells).length;
  let timer = null;

  function render(doc, tr) {
    for (const cell of tr.querySelectorAll("[data-field]")) {
      const name = cell.dataset.field;
      if (name === "status") { cell.textContent = doc.status_label; cell.className = "status " + doc.status; }
      else if (doc[name] !== undefined && doc[name] !== null) cell.textContent = doc[name];
    }
  }

  function newRow(doc) {
    // A document this page has not shown yet: reload once so the server renders it fully.
    return doc && !body.querySelector('tr[data-id="' + doc.id + '"]');
  }

  async function refresh() {
    try {
      const r = await fetch(table.dataset.source, {headers: {Accept: "application/json"}, credentials: "same-origin"});
      if (!r.ok) return;
      const data = await r.json();
      if (data.documents.some(newRow)) { location.reload(); return; }
      for (const doc of data.documents) render(doc, body.querySelector('tr[data-id="' + doc.id + '"]'));
      const busy = data.documents.some((d) => d.status === "received" || d.status === "processing");
      schedule(busy ? 1500 : 8000);
    } catch (e) { schedule(10000); }
  }

  function schedule(ms) { clearTimeout(timer); timer = setTimeout(refresh, ms); }
  document.addEventListener("intake:refresh", () => schedule(300));
  schedule(2000);
  void columns;
})();
