// Upload files one request each, with a progress bar per file (XMLHttpRequest upload events).
(function () {
  const form = document.getElementById("upload");
  if (!form) return;
  const list = document.getElementById("uploads");
  const input = form.querySelector('input[type="file"]');
  const t = window.INTAKE_I18N || {uploaded: "Uploaded", failed: "Upload failed"};

  function row(file) {
    const li = document.createElement("li");
    li.innerHTML = '<span class="name"></span> <progress max="100" value="0"></progress> <span class="msg"></span>';
    li.querySelector(".name").textContent = file.name;
    list.prepend(li);
    return li;
  }

  function send(file) {
    const li = row(file);
    const bar = li.querySelector("progress");
    const msg = li.querySelector(".msg");
    const data = new FormData();
    data.append("csrf_token", form.querySelector('[name="csrf_token"]').value);
    data.append("files", file);
    const monthField = form.querySelector('[name="month"]');
    if (monthField && monthField.value) data.append("month", monthField.value);
    if (window.INTAKE_SOURCE) data.append("source", window.INTAKE_SOURCE);
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
        document.dispatchEvent(new CustomEvent("intake:refresh"));
      } else {
        li.className = "error"; msg.textContent = t.failed + ": " + (r.error || body.error || xhr.status);
      }
    };
    xhr.onerror = () => { li.className = "error"; msg.textContent = t.failed; };
    xhr.send(data);
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    Array.from(input.files).forEach(send);
    input.value = "";
  });
  input.addEventListener("change", () => { if (input.files.length) form.requestSubmit(); });
})();
