// The review desk: page viewer (zoom, pan, rotate, pages), field boxes, click-to-fill and keys.
// Everything it needs comes from data attributes on #workspace and on each .field.
(function () {
  "use strict";
  const ws = document.getElementById("workspace");
  if (!ws) return;
  const pages = parseInt(ws.dataset.pages || "0", 10);
  const canvas = ws.querySelector(".canvas");
  const stage = ws.querySelector(".stage");
  const sheet = ws.querySelector(".sheet:not(.earlier)");
  const earlier = ws.querySelector(".sheet.earlier");
  const img = sheet ? sheet.querySelector("img") : null;
  const marks = sheet ? sheet.querySelector(".marks") : null;
  const zoomOut = ws.querySelector('[data-role="zoom"]');
  const pageOut = ws.querySelector('[data-role="page"]');
  const fields = Array.from(ws.querySelectorAll(".field[data-field]"));
  const approve = ws.querySelector('[data-role="approve"]');
  const view = {page: 1, zoom: 1, turn: 0, boxes: true, compare: false};
  const words = {};  // page -> [{text, box}]
  let current = null;  // the field being edited (its .field element)

  // ---- the page viewer -------------------------------------------------------------------
  function aspect(image) {
    return image && image.naturalWidth ? image.naturalHeight / image.naturalWidth : 1.414;
  }

  function layout() {
    if (!sheet || !canvas) return;
    const sheets = view.compare && earlier ? [sheet, earlier] : [sheet];
    const room = (canvas.clientWidth - 16) / sheets.length;
    let x = 0, tallest = 0;
    for (const s of sheets) {
      const a = aspect(s.querySelector("img"));
      const sideways = view.turn % 180 !== 0;
      const width = Math.max(80, room * view.zoom / (sideways ? a : 1));
      const height = width * a;
      const shownWidth = sideways ? height : width;
      const shownHeight = sideways ? width : height;
      s.style.width = width + "px";
      s.style.height = height + "px";
      // Turned about its top corner, then moved back into its place on the stage.
      const dx = view.turn === 90 || view.turn === 180 ? x + shownWidth : x;
      const dy = view.turn === 180 || view.turn === 270 ? shownHeight : 0;
      s.style.transform = "translate(" + dx + "px, " + dy + "px) rotate(" + view.turn + "deg)";
      x += shownWidth + 16;
      tallest = Math.max(tallest, shownHeight);
    }
    stage.style.width = Math.max(0, x - 16) + "px";
    stage.style.height = tallest + "px";
    if (zoomOut) zoomOut.textContent = Math.round(view.zoom * 100) + "%";
  }

  function zoomTo(zoom, cx, cy) {
    zoom = Math.min(6, Math.max(0.25, zoom));
    const rect = canvas.getBoundingClientRect();
    // Keep the point under the cursor (or the middle) where it is.
    const px = cx === undefined ? canvas.clientWidth / 2 : cx - rect.left;
    const py = cy === undefined ? canvas.clientHeight / 2 : cy - rect.top;
    const fx = (canvas.scrollLeft + px) / Math.max(1, stage.offsetWidth);
    const fy = (canvas.scrollTop + py) / Math.max(1, stage.offsetHeight);
    view.zoom = zoom;
    layout();
    canvas.scrollLeft = fx * stage.offsetWidth - px;
    canvas.scrollTop = fy * stage.offsetHeight - py;
  }

  function showPage(number) {
    if (!img || number < 1 || number > pages || number === view.page) return;
    view.page = number;
    img.src = ws.dataset.pageUrl + "?n=" + number;
    img.alt = (img.dataset.alt || "").replace("#", String(number));
    if (pageOut) pageOut.textContent = String(number);
    if (earlier && ws.dataset.earlierUrl) earlier.querySelector("img").src = ws.dataset.earlierUrl + "?n=" + number;
    canvas.scrollTop = 0;
    drawMarks();
  }

  function drawMarks() {
    if (!marks) return;
    marks.textContent = "";
    for (const f of view.boxes ? fields : []) {
      if (!f.dataset.box || parseInt(f.dataset.boxPage, 10) !== view.page) continue;
      const box = mark("box", f.dataset.box.split(" ").map(Number));
      box.dataset.field = f.dataset.field;
      if (f.hasAttribute("data-attention")) box.classList.add("attention");
      if (f === current) box.classList.add("active");
      box.title = f.querySelector("label").textContent;
      marks.appendChild(box);
    }
    // Words lie over the boxes: a click on a word inside a box takes that word.
    for (const w of words[view.page] || []) marks.appendChild(mark("word", w.box, w.text));
  }

  function mark(kind, b, text) {
    const el = document.createElement("div");
    el.className = kind;
    el.style.left = b[0] * 100 + "%";
    el.style.top = b[1] * 100 + "%";
    el.style.width = (b[2] - b[0]) * 100 + "%";
    el.style.height = (b[3] - b[1]) * 100 + "%";
    if (text !== undefined) el.dataset.text = text;
    return el;
  }

  async function loadWords() {
    const page = view.page;
    if (!ws.dataset.wordsUrl || words[page]) return;
    words[page] = [];
    try {
      const r = await fetch(ws.dataset.wordsUrl + "?n=" + page, {credentials: "same-origin", headers: {Accept: "application/json"}});
      if (r.ok) words[page] = (await r.json()).words || [];
    } catch (e) { words[page] = undefined; return; }
    if (page === view.page) drawMarks();
  }

  if (canvas && img) {
    img.addEventListener("load", () => {
      layout();
      const box = current && marks.querySelector('.box[data-field="' + current.dataset.field + '"]');
      if (box) box.scrollIntoView({block: "center", inline: "center"});
    });
    if (earlier) earlier.querySelector("img").addEventListener("load", layout);
    window.addEventListener("resize", layout);
    canvas.addEventListener("wheel", (e) => {
      e.preventDefault();  // the wheel zooms around the pointer; drag or the scroll bars move
      zoomTo(view.zoom * (e.deltaY < 0 ? 1.15 : 1 / 1.15), e.clientX, e.clientY);
    }, {passive: false});
    let drag = null;
    canvas.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      drag = {x: e.clientX, y: e.clientY, left: canvas.scrollLeft, top: canvas.scrollTop, moved: false};
    });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) { drag.moved = true; canvas.classList.add("dragging"); }
      if (drag.moved) { canvas.scrollLeft = drag.left - dx; canvas.scrollTop = drag.top - dy; }
    });
    window.addEventListener("pointerup", (e) => {
      if (drag && !drag.moved) clickOn(e.target, e.shiftKey);
      drag = null;
      canvas.classList.remove("dragging");
    });
    layout();
  }

  // A click on a word fills the field being edited (Shift adds it); on a box, opens its field.
  function clickOn(target, add) {
    if (target.classList.contains("word") && current) {
      const input = current.querySelector("input");
      if (input && !input.disabled) {
        input.value = add && input.value ? input.value + " " + target.dataset.text : target.dataset.text;
        input.dispatchEvent(new Event("input", {bubbles: true}));
        current.classList.add("edited");
        input.focus();
      }
      return;
    }
    if (target.classList.contains("box")) {
      const f = ws.querySelector('.field[data-field="' + target.dataset.field + '"]');
      if (f) control(f).focus();
    }
  }

  // ---- fields ----------------------------------------------------------------------------
  function control(f) { return f.querySelector("input, select"); }

  function focusField(f) {
    current = f;
    for (const other of fields) other.classList.toggle("active", other === f);
    if (f.dataset.box) {
      showPage(parseInt(f.dataset.boxPage, 10));
      drawMarks();
      const box = marks && marks.querySelector('.box[data-field="' + f.dataset.field + '"]');
      if (box) box.scrollIntoView({block: "center", inline: "center"});
    } else {
      drawMarks();
    }
    loadWords();
  }

  for (const f of fields) {
    const input = control(f);
    if (!input) continue;
    input.addEventListener("focus", () => focusField(f));
    input.addEventListener("input", () => f.classList.add("edited"));
  }

  // Fields to check come first: after one, the next; after the last, Approve.
  function nextAttention(after, wrap) {
    const rest = after ? fields.slice(fields.indexOf(after) + 1) : fields;
    let f = rest.find((x) => x.hasAttribute("data-attention"));
    if (!f && wrap) f = fields.find((x) => x.hasAttribute("data-attention"));
    if (f && control(f) && !control(f).disabled) {
      const c = control(f);
      c.focus();
      if (c.select) c.select();
      return true;
    }
    if (approve) approve.focus();
    return false;
  }

  // ---- keys ------------------------------------------------------------------------------
  function dialog(id) {
    const d = document.getElementById(id);
    if (!d) return;
    d.showModal();
    const first = d.querySelector("input:not([type=hidden])");
    if (first) first.focus();
  }

  for (const d of document.querySelectorAll("dialog")) {
    for (const b of d.querySelectorAll('[data-act="close"]')) b.addEventListener("click", () => d.close());
  }

  function go(url) { if (url) window.location.assign(url); }

  const actions = {
    "page-prev": () => showPage(view.page - 1),
    "page-next": () => showPage(view.page + 1),
    "zoom-in": () => zoomTo(view.zoom * 1.25),
    "zoom-out": () => zoomTo(view.zoom / 1.25),
    "fit": () => { view.zoom = 1; layout(); canvas.scrollLeft = 0; },
    "rotate": () => { view.turn = (view.turn + 90) % 360; layout(); },
    "boxes": () => { view.boxes = !view.boxes; press("boxes", view.boxes); drawMarks(); },
    "compare": () => {
      if (!earlier) return;
      view.compare = !view.compare;
      earlier.hidden = !view.compare;
      press("compare", view.compare);
      layout();
    },
    "reject": () => dialog("reject-dialog"),
    "reopen": () => dialog("reopen-dialog"),
    "help": () => dialog("keys-dialog"),
  };

  function press(act, on) {
    const b = ws.querySelector('[data-act="' + act + '"]');
    if (b) b.setAttribute("aria-pressed", on ? "true" : "false");
  }

  ws.addEventListener("click", (e) => {
    const b = e.target.closest("[data-act]");
    if (b && actions[b.dataset.act]) { e.preventDefault(); actions[b.dataset.act](); }
  });

  const keys = {
    "a": () => approve && approve.click(),
    "r": actions.reject,
    "e": actions.reopen,
    "u": () => nextAttention(current, true),
    "j": () => go(ws.dataset.nextUrl),
    "k": () => go(ws.dataset.prevUrl),
    "z": () => { const f = document.querySelector("form[data-undo]"); if (f) f.requestSubmit(); },
    "?": actions.help,
    "+": actions["zoom-in"], "=": actions["zoom-in"],
    "-": actions["zoom-out"],
    "0": actions.fit,
    "o": actions.rotate,
    "b": actions.boxes,
    "c": actions.compare,
    "PageDown": actions["page-next"],
    "PageUp": actions["page-prev"],
  };

  document.addEventListener("keydown", (e) => {
    if (document.querySelector("dialog[open]")) return;  // a dialog has the keys
    const t = e.target;
    const typing = t.matches && t.matches("input, select, textarea");
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      if (approve) { e.preventDefault(); approve.click(); }
      return;
    }
    if (typing) {
      const f = t.closest(".field");
      if (e.key === "Enter" && f && !e.shiftKey && !e.altKey) {
        e.preventDefault();  // Enter moves on; it never saves or approves by surprise
        nextAttention(f);
      } else if (e.key === "Escape") {
        t.blur();
      }
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    // A Hebrew or Polish keyboard layout types other letters: the key's place counts too.
    const place = /^Key[A-Z]$/.test(e.code) ? e.code.slice(3).toLowerCase() : null;
    const act = keys[e.key.length === 1 ? e.key.toLowerCase() : e.key] || (place && keys[place]);
    if (act) { e.preventDefault(); act(); }
  });

  // On opening: the first field to check, else Approve, has the focus.
  const wrong = ws.querySelector(".field.wrong");
  if (wrong) control(wrong).focus();
  else nextAttention(null);
})();
