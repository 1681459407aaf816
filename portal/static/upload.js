// Upload files one request each, with a progress bar per file, then follow each one's reading.
// A refused file stays listed, with its reason, until the person dismisses it (kept in this
// browser's storage, so a reload or a new page does not lose it). Texts come translated from
// the form's data attributes.
(function () {
  "use strict";
  const form = document.getElementById("upload");
  if (!form) return;
  const list = document.getElementById("uploads");
  const inputs = Array.from(form.querySelectorAll('input[type="file"]'));
  const t = form.dataset;
  const store = "intake.refused." + (t.owner || "");
  const sent = {};  // document id -> its row

  function load() { try { return JSON.parse(localStorage.getItem(store) || "[]"); } catch (e) { return []; } }
  function save(items) { try { localStorage.setItem(store, JSON.stringify(items)); } catch (e) { /* private mode */ } }

  function row(name) {
    const li = document.createElement("li");
    const label = document.createElement("span");
    label.className = "name"; label.dir = "auto"; label.textContent = name;
    const bar = document.createElement("progress"); bar.max = 100; bar.value = 0;
    const msg = document.createElement("span"); msg.className = "msg"; msg.setAttribute("role", "status");
    li.append(label, bar, msg);
    list.prepend(li);
    return li;
  }

  function refused(li, item) {
    li.className = "error";
    li.querySelector(".msg").textContent = t.failed + ": " + item.error;
    const dismiss = document.createElement("button");
    dismiss.type = "button"; dismiss.className = "secondary dismiss"; dismiss.textContent = t.dismiss;
    dismiss.setAttribute("aria-label", t.dismiss + ": " + item.name);
    dismiss.addEventListener("click", () => {
      save(load().filter((x) => x.id !== item.id));
      li.remove();
    });
    li.append(dismiss);
  }

  function remember(name, error) {
    const item = {id: Date.now() + "-" + Math.random().toString(36).slice(2), name: name, error: error};
    save([item].concat(load()).slice(0, 30));
    return item;
  }

  for (const item of load().reverse()) {
    const li = row(item.name);
    li.querySelector("progress").remove();
    refused(li, item);
  }

  function send(file) {
    const li = row(file.name);
    const bar = li.querySelector("progress");
    const msg = li.querySelector(".msg");
    const data = new FormData();
    data.append("csrf_token", form.querySelector('[name="csrf_token"]').value);
    data.append("files", file);
    const monthField = form.querySelector('[name="month"]');
    if (monthField && monthField.value) data.append("month", monthField.value);
    if (t.source) data.append("source", t.source);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      const r = (body.results || [])[0] || {};
      bar.value = 100;
      if (xhr.status < 300 && r.document_id) {
        li.className = "ok"; msg.textContent = t.uploaded;
        li.dataset.id = r.document_id;
        sent[r.document_id] = li;
        document.dispatchEvent(new CustomEvent("intake:refresh"));
        follow();
      } else {
        refused(li, remember(file.name, r.error || body.error || String(xhr.status)));
      }
    };
    xhr.onerror = () => refused(li, remember(file.name, t.offline));
    xhr.send(data);
  }

  // What became of each file sent: its status as it is read, and the reason if it was rejected.
  function show(documents) {
    for (const doc of documents) {
      const li = sent[doc.id];
      if (!li) continue;
      const msg = li.querySelector(".msg");
      msg.textContent = doc.status_label + (doc.status === "rejected" && doc.error ? ": " + doc.error : "");
      li.className = doc.status === "rejected" || doc.status === "failed" ? "error" : "ok";
      li.dataset.status = doc.status;
    }
  }

  document.addEventListener("intake:documents", (e) => show(e.detail));

  // The phone page has no live table of its own: it asks for its files' states itself.
  let timer = null;
  function follow() {
    if (document.querySelector("table.docs[data-source]") || !t.statusUrl) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const r = await fetch(t.statusUrl, {headers: {Accept: "application/json"}, credentials: "same-origin"});
        const data = await r.json();
        show(data.documents);
        if (data.documents.some((d) => sent[d.id] && (d.status === "received" || d.status === "processing"))) follow();
      } catch (e) { follow(); }
    }, 1500);
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    for (const input of inputs) { Array.from(input.files).forEach(send); input.value = ""; }
  });
  for (const input of inputs) input.addEventListener("change", () => { if (input.files.length) form.requestSubmit(); });

  // Files dropped on the drop zone are sent like chosen ones.
  const zone = form.querySelector(".drop");
  if (zone) {
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault(); zone.classList.remove("over");
      Array.from(e.dataTransfer.files).forEach(send);
    });
  }
})();
