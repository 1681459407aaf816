// The client table: "select all", and delivery states kept current after a send (its JSON twin).
(function () {
  const table = document.querySelector("table.clients");
  if (!table) return;
  const all = table.querySelector("input.select-all");
  if (all) {
    all.addEventListener("change", () => {
      for (const box of table.querySelectorAll('tbody input[name="company"]')) box.checked = all.checked;
    });
  }
  if (!table.dataset.live) return;
  let rounds = 0;

  function render(row, tr) {
    const status = tr.querySelector('[data-field="last_status"]');
    if (status && row.last_status) {
      status.textContent = row.last_status_label;
      status.className = "status " + row.last_status;
      if (row.last_error) status.title = row.last_error;
    }
    const unread = tr.querySelector('[data-field="unread"]');
    if (unread) { unread.textContent = row.unread; unread.classList.toggle("zero", !row.unread); }
  }

  async function refresh() {
    rounds += 1;
    try {
      const r = await fetch(table.dataset.source, {headers: {Accept: "application/json"}, credentials: "same-origin"});
      if (!r.ok) return;
      const data = await r.json();
      for (const row of data.clients) {
        const tr = table.querySelector('tbody tr[data-id="' + row.id + '"]');
        if (tr && !tr.querySelector('[data-field="last_status"]') && row.last_status) { location.reload(); return; }
        if (tr) render(row, tr);
      }
      const busy = data.clients.some((c) => c.last_status === "queued" || c.last_status === "sending");
      if (busy || rounds < 5) setTimeout(refresh, 1500);
    } catch (e) { setTimeout(refresh, 5000); }
  }
  setTimeout(refresh, 1000);
})();
