// The memory page: calls /v1/me/... with the token the user signed in with.
// Everything from the server is inserted as text (textContent), never as HTML.
"use strict";

const state = { token: sessionStorage.getItem("companion-token"), offset: 0, pageSize: 100, sessions: {} };
const $ = (id) => document.getElementById(id);

function say(message) { $("status").textContent = message; }

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Authorization: `Bearer ${state.token}`, "Content-Type": "application/json", ...(options.headers || {}) },
  });
  if (response.status === 401) { signOut("Your sign-in is not valid any more. Sign in again."); throw new Error("unauthorized"); }
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) { say(body && body.detail ? `Could not do that: ${body.detail}` : "Something went wrong."); throw new Error(body && body.detail); }
  return body;
}

function when(iso) { return iso ? new Date(iso).toLocaleString() : ""; }
function day(iso) { return iso ? new Date(iso).toLocaleDateString() : ""; }

function signOut(message) {
  sessionStorage.removeItem("companion-token");
  state.token = null;
  $("signed-in").hidden = true; $("sign-out").hidden = true; $("sign-in").hidden = false;
  say(message || "Signed out.");
  $("token").focus();
}

async function showProfile() {
  const profile = await api("/v1/me/profile");
  $("profile-summary").textContent = profile.summary || "";
  const list = $("profile"); list.replaceChildren();
  const entries = Object.entries(profile.data).filter(([key]) => key !== "onboarding" && key !== "privacy");
  if (!entries.length) list.append(el("dd", { textContent: "Nothing yet." }));
  for (const [key, value] of entries) {
    const shown = Array.isArray(value) ? value.join(", ") : (typeof value === "object" && value ? JSON.stringify(value) : String(value));
    list.append(el("dt", { textContent: key.replaceAll("_", " ") }), el("dd", { textContent: shown }));
  }
}

function sessionLabel(id) {
  const session = state.sessions[id];
  return session ? `conversation of ${when(session.started_at)}` : "a conversation";
}

function memoryItem(memory) {
  const item = el("li", { id: `memory-${memory.id}` });
  item.dataset.memoryId = memory.id;
  const origin = memory.session_id ? `from ${sessionLabel(memory.session_id)}` : `from ${memory.source}`;
  const dates = memory.occurred_at && memory.occurred_at !== memory.created_at
    ? `about ${day(memory.occurred_at)}, saved ${when(memory.created_at)}` : `saved ${when(memory.created_at)}`;
  const text = el("p", { className: "content", textContent: memory.content });
  const correct = el("button", { type: "button", className: "secondary", textContent: "Correct" });
  const forget = el("button", { type: "button", className: "secondary", textContent: "Forget" });
  correct.setAttribute("aria-label", `Correct: ${memory.content}`);
  forget.setAttribute("aria-label", `Forget: ${memory.content}`);
  correct.addEventListener("click", () => editMemory(item, memory));
  forget.addEventListener("click", async () => {
    await api(`/v1/me/memories/${memory.id}`, { method: "DELETE" });
    item.remove();
    say(`Forgotten: ${memory.content}`);
  });
  item.append(text, el("p", { className: "meta", textContent: `${dates} · ${origin}` }), el("div", { className: "actions" }, correct, forget));
  return item;
}

function editMemory(item, memory) {
  const fieldId = `edit-${memory.id}`;
  const form = el("form", {},
    el("label", { htmlFor: fieldId, textContent: "Corrected text" }),
    el("textarea", { id: fieldId, value: memory.content, rows: 2, maxLength: 5000, required: true }),
    el("div", { className: "actions" }, el("button", { type: "submit", textContent: "Save correction" }),
      el("button", { type: "button", className: "secondary", textContent: "Cancel", onclick: () => form.replaceWith(memoryItem(memory)) })));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const written = await api(`/v1/me/memories/${memory.id}`, { method: "PATCH", body: JSON.stringify({ content: $(fieldId).value }) });
    item.remove();
    await showMemories();
    say(`Corrected. The old version is kept as history.`);
    const fresh = document.getElementById(`memory-${written.memory.id}`);
    if (fresh) fresh.querySelector("button").focus();
  });
  item.replaceChildren(form);
  $(fieldId).focus();
}

function renderGroups(memories, append) {
  const box = $("memories");
  if (!append) box.replaceChildren();
  for (const memory of memories) {
    let list = box.querySelector(`ul[data-kind="${memory.kind}"]`);
    if (!list) {
      const heading = el("h3", { textContent: memory.kind, id: `kind-${memory.kind}` });
      list = el("ul", { className: "memories" });
      list.dataset.kind = memory.kind;
      list.setAttribute("aria-labelledby", heading.id);
      box.append(heading, list);
    }
    list.append(memoryItem(memory));
  }
  if (!append && !memories.length) box.append(el("p", { textContent: "No memories here." }));
}

async function showMemories({ append = false } = {}) {
  const q = $("search").value.trim();
  const kind = $("kind").value;
  if (!append) state.offset = 0;
  const params = new URLSearchParams({ limit: String(state.pageSize), offset: String(state.offset) });
  if (q) params.set("q", q);
  if (kind) params.set("kind", kind);
  const page = await api(`/v1/me/memories?${params}`);
  renderGroups(page.data, append);
  state.offset += page.data.length;
  $("memory-count").textContent = q ? `(${page.count} found)` : `(${page.count})`;
  $("more").hidden = Boolean(q) || state.offset >= page.count;
}

async function showSessions() {
  const page = await api("/v1/me/sessions?limit=50");
  const list = $("sessions"); list.replaceChildren();
  state.sessions = Object.fromEntries(page.data.map((s) => [s.id, s]));
  if (!page.data.length) list.append(el("li", { textContent: "No conversations yet." }));
  for (const session of page.data) {
    const item = el("li", {}, el("p", { className: "meta", textContent: `${when(session.started_at)}${session.ended_at ? "" : " (not finished)"}` }));
    if (session.summary) item.append(el("p", { textContent: session.summary }));
    if (session.open_threads.length) {
      item.append(el("p", { textContent: "Left open:" }), el("ul", {}, ...session.open_threads.map((t) => el("li", { textContent: t }))));
    }
    list.append(item);
  }
}

async function showPrivacy() {
  const settings = await api("/v1/me/privacy");
  $("memory-paused").checked = settings.memory_paused;
  $("retention-days").value = settings.retention_days === null ? "" : String(settings.retention_days);
}

async function savePrivacy() {
  const days = $("retention-days").value.trim();
  const body = { memory_paused: $("memory-paused").checked, retention_days: days ? Number(days) : null };
  await api("/v1/me/privacy", { method: "PATCH", body: JSON.stringify(body) });
  await Promise.all([showMemories(), showSessions()]);  // a shorter period applies at once
  say(body.memory_paused ? "Saved. Memory is paused." : "Saved.");
}

async function showAll() {
  $("sign-in").hidden = true; $("signed-in").hidden = false; $("sign-out").hidden = false;
  await showSessions();  // first: memories name the conversation they came from
  await Promise.all([showProfile(), showMemories(), showPrivacy()]);
}

async function exportData() {
  const response = await fetch("/v1/me/export", { headers: { Authorization: `Bearer ${state.token}` } });
  if (!response.ok) { say("Could not export your data."); return; }
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", { href: url, download: "companion-export.json" });
  document.body.append(link); link.click(); link.remove();
  URL.revokeObjectURL(url);
  say("Your data was downloaded.");
}

async function erase() {
  if (!confirm("Erase everything the companion knows about you? This cannot be undone.")) return;
  await api("/v1/me", { method: "DELETE" });
  signOut("Everything about you was erased.");
}

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    state.token = $("token").value.trim();
    sessionStorage.setItem("companion-token", state.token);
    $("token").value = "";
    try { await showAll(); say("Signed in."); } catch (error) { /* say() already explained */ }
  });
  $("sign-out").addEventListener("click", () => signOut());
  $("search-form").addEventListener("submit", (event) => { event.preventDefault(); showMemories(); });
  $("clear-search").addEventListener("click", () => { $("search").value = ""; $("kind").value = ""; showMemories(); });
  $("more").addEventListener("click", () => showMemories({ append: true }));
  $("forget-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const description = $("forget-description").value.trim();
    if (!description) return;
    const result = await api("/v1/me/memories/forget", { method: "POST", body: JSON.stringify({ description }) });
    $("forget-description").value = "";
    await showMemories();
    say(result.forgotten ? `Forgotten: ${result.forgotten} memor${result.forgotten === 1 ? "y" : "ies"}.` : "Nothing matched that closely enough; nothing was deleted.");
  });
  $("privacy-form").addEventListener("submit", (event) => { event.preventDefault(); savePrivacy().catch(() => {}); });
  $("export").addEventListener("click", exportData);
  $("erase").addEventListener("click", erase);
  if (state.token) showAll().catch(() => {});
});
