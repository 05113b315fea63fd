"use strict";
const data = JSON.parse(document.getElementById("data").textContent);
const enc = new TextEncoder();
const $ = (id) => document.getElementById(id);
const form = $("form");
let current = null; // {from, to, text} or {fact}
let lastFocus = null;

// The byte offset in the document of a point of the selection: every run of text sits in a
// span carrying the byte offset of its start (data-b); the browser counts UTF-16 units.
function offsetOf(node, off) {
  if (node.nodeType === Node.TEXT_NODE) {
    const run = node.parentElement.closest("[data-b]");
    if (!run) return null;
    return Number(run.dataset.b) + enc.encode(node.data.slice(0, off)).length;
  }
  const runs = Array.from(node.querySelectorAll ? node.querySelectorAll("[data-b]") : []);
  if (node.dataset && node.dataset.b !== undefined) runs.unshift(node);
  if (!runs.length) return null;
  const child = node.childNodes[off];
  if (child) {
    const run = child.nodeType === Node.ELEMENT_NODE
      ? (child.matches("[data-b]") ? child : child.querySelector("[data-b]")) : null;
    if (run) return Number(run.dataset.b);
  }
  const last = runs[runs.length - 1];
  return Number(last.dataset.b) + enc.encode(last.textContent).length;
}

function selected() {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!$("text").contains(range.commonAncestorContainer)) return null;
  const from = offsetOf(range.startContainer, range.startOffset);
  const to = offsetOf(range.endContainer, range.endOffset);
  if (from === null || to === null || from >= to) return null;
  return { from, to, text: sel.toString() };
}

// The text of the document between two byte offsets, from the runs on the page.
function textBetween(from, to) {
  let out = "";
  for (const run of document.querySelectorAll("#text [data-b]")) {
    const b = Number(run.dataset.b);
    const bytes = enc.encode(run.textContent);
    const s = Math.max(from, b), e = Math.min(to, b + bytes.length);
    if (s < e) out += new TextDecoder().decode(bytes.slice(s - b, e - b));
  }
  return out;
}

function openForm(target, fact) {
  current = target;
  lastFocus = document.activeElement;
  $("message").textContent = "";
  $("notfact-box").hidden = true;
  const cells = fact ? fact.cells : {};
  for (const f of ["subject", "relation", "object", "strength", "claimed_by", "start", "end", "note"]) {
    const el = $(f);
    if (fact) el.value = cells[f] || "";
    else if (el.tagName !== "SELECT") el.value = "";
  }
  $("form-title").textContent = fact ? "Edit " + fact.id : "New fact";
  $("quote").textContent = fact ? cells.quote : target.text;
  $("where").textContent = fact ? fact.file + ":" + fact.line : "";
  $("notfact").hidden = !!fact;
  form.hidden = false;
  $("subject").focus();
}

function closeForm() {
  form.hidden = true;
  current = null;
  if (lastFocus && lastFocus.focus) lastFocus.focus();
}

async function post(path, body) {
  body.versions = data.versions;
  body.source = data.source;
  let answer;
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Token": data.token },
      body: JSON.stringify(body),
    });
    answer = await response.json();
  } catch (e) {
    answer = { ok: false, message: "the server did not answer: is sahel-kg annotate still running? (" + e + ")" };
  }
  if (answer.ok) {
    const q = new URLSearchParams({ token: data.token, done: answer.message });
    if (answer.file) { q.set("file", answer.file); q.set("line", answer.line); }
    location.href = location.pathname + "?" + q.toString();
  } else {
    $("message").textContent = answer.message;
  }
  return answer;
}

function fields() {
  const out = {};
  for (const f of ["subject", "relation", "object", "strength", "claimed_by", "start", "end", "note"]) out[f] = $(f).value;
  return out;
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  if (!current) return;
  const body = fields();
  if (current.fact) body.id = current.fact.id;
  else { body.from = current.from; body.to = current.to; }
  post("/api/fact", body);
});
$("cancel").addEventListener("click", closeForm);
$("notfact").addEventListener("click", () => { $("notfact-box").hidden = false; $("reason").focus(); });
$("notfact-save").addEventListener("click", () => {
  if (current && !current.fact) post("/api/not-fact", { from: current.from, to: current.to, reason: $("reason").value });
});
$("reason").addEventListener("keydown", (e) => {
  if (e.key === "Enter") { e.preventDefault(); $("notfact-save").click(); }
});
$("actor-save").addEventListener("click", async () => {
  const body = { id: $("actor-id").value, type: $("actor-type").value, label_fr: $("actor-fr").value,
    label_en: $("actor-en").value, aliases: $("actor-aliases").value };
  body.versions = data.versions;
  const response = await fetch("/api/actor", { method: "POST",
    headers: { "Content-Type": "application/json", "X-Token": data.token }, body: JSON.stringify(body) });
  const answer = await response.json();
  $("message").textContent = answer.message + (answer.problems && answer.problems.length ? "\n" + answer.problems.join("\n") : "");
  if (answer.ok) {
    data.versions[answer.file] = answer.version;
    const option = document.createElement("option");
    option.value = body.id;
    option.textContent = body.label_fr + " / " + body.label_en;
    $("actors").appendChild(option);
    for (const f of ["subject", "object"]) if (!$(f).value) { $(f).value = body.id; break; }
  }
});

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && !form.hidden) { e.preventDefault(); closeForm(); return; }
  const typing = e.target.closest && e.target.closest("input, select, textarea, button, form");
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === "a") {
    let target = selected();
    const open = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.open : null;
    if (!target && open) {
      const [from, to] = open.split("-").map(Number);
      target = { from, to, text: textBetween(from, to) };
    }
    if (target) { e.preventDefault(); openForm(target, null); }
  }
});

function showFacts(ids) {
  document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
  const detail = $("detail");
  detail.textContent = "";
  for (const id of ids) {
    const fact = data.facts.find((f) => f.id === id);
    if (!fact) continue;
    document.querySelectorAll("[data-facts]").forEach((el) => {
      if (el.dataset.facts.split(" ").includes(id)) el.classList.add("active");
    });
    const li = $("fact-" + id);
    if (li) li.classList.add("active");
    const c = fact.cells;
    const label = (a) => a ? a + (data.labels[a] ? " (" + data.labels[a] + ")" : "") : "";
    const p = document.createElement("p");
    p.textContent = id + ": " + label(c.subject) + " " + c.relation + " " + label(c.object) + " — " + c.strength +
      (c.claimed_by ? ", claimed by " + label(c.claimed_by) : "") +
      (c.start || c.end ? ", " + (c.start || "…") + " – " + (c.end || "…") : "") +
      (c.note ? ". " + c.note : "");
    detail.appendChild(p);
  }
}

document.getElementById("text").addEventListener("click", (e) => {
  const q = e.target.closest("[data-facts]");
  if (q && window.getSelection().isCollapsed) showFacts(q.dataset.facts.split(" "));
});
document.getElementById("text").addEventListener("focusin", (e) => {
  const q = e.target.closest("[data-facts]");
  if (q) showFacts(q.dataset.facts.split(" "));
});
for (const li of document.querySelectorAll(".fact")) {
  const fact = data.facts.find((f) => f.id === li.dataset.fact);
  li.addEventListener("focus", () => showFacts([fact.id]));
  li.addEventListener("click", (e) => { if (!e.target.closest("button")) showFacts([fact.id]); });
  li.querySelector(".edit").addEventListener("click", () => openForm({ fact }, fact));
  const del = li.querySelector(".delete");
  del.addEventListener("click", () => {
    if (del.dataset.armed) post("/api/delete", { id: fact.id });
    else { del.dataset.armed = "1"; del.textContent = "Delete " + fact.id + "? Click again"; }
  });
}
