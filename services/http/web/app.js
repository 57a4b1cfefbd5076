// entente's analyst page: the REST API of entente-http, drawn. Filters live in
// the URL (the API's own parameter names), so a view can be shared; new events
// arrive through /v1/stream (Server-Sent Events). Plain DOM, no library.
"use strict";

const TYPES = ["agreement_signed", "agreement_planned", "meeting", "visit", "conference", "aid",
  "relationship_upgrade", "joint_body"];
const COLORS = ["#1d4ed8", "#60a5fa", "#059669", "#f59e0b", "#a855f7", "#dc2626", "#0f766e",
  "#78716c"];
const INSTRUMENTS = ["mou", "letter_of_intent", "agreement", "convention", "contract",
  "joint_statement", "plan"];
const FILTERS = ["q", "country", "pair", "type", "instrument", "sector", "since", "until",
  "person", "org", "location"];
const PAGE = 25;

const $ = (id) => document.getElementById(id);
const form = $("filters");
let token = sessionStorage.getItem("entente-token") || "";
let nextPage = "";
let stream = null;
let refreshTimer = 0;

const label = (s) => s.replace(/_/g, " ");
const color = (type) => COLORS[Math.max(0, TYPES.indexOf(type))];

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) if (c != null) e.append(c);
  return e;
}

// ---- the filters and the URL --------------------------------------------------

function currentFilters() {
  const p = new URLSearchParams(location.search);
  const f = new URLSearchParams();
  for (const k of FILTERS) if (p.get(k)) f.set(k, p.get(k));
  if (p.get("order")) f.set("order", p.get("order"));
  return f;
}

function filtersOnly(params) {
  const f = new URLSearchParams(params);
  f.delete("order");
  return f;
}

function fillForm() {
  const p = currentFilters();
  for (const k of FILTERS.concat(["order"])) form.elements[k].value = p.get(k) || "";
  if (!form.elements.order.value) form.elements.order.value = "date";
  const more = ["instrument", "sector", "since", "until", "person", "org", "location"];
  if (more.some((k) => p.get(k))) $("more-filters").open = true;
}

function applyForm(ev) {
  ev.preventDefault();
  const p = new URLSearchParams();
  for (const k of FILTERS) {
    const v = form.elements[k].value.trim();
    if (v) p.set(k, v);
  }
  if (form.elements.order.value !== "date") p.set("order", form.elements.order.value);
  navigate(p);
}

function navigate(params) {
  const qs = params.toString();
  history.pushState(null, "", qs ? "?" + qs : location.pathname);
  fillForm();
  loadAll();
}

function setFilter(key, value) {
  const p = currentFilters();
  if (value) p.set(key, value); else p.delete(key);
  navigate(p);
}

// ---- the API -------------------------------------------------------------------

async function api(path, params) {
  const qs = params && params.toString() ? "?" + params : "";
  const headers = token ? { Authorization: "Bearer " + token } : {};
  const r = await fetch(path + qs, { headers });
  const body = await r.json().catch(() => ({ message: r.statusText }));
  if (r.status === 401) askToken();
  if (!r.ok) throw new Error(body.message || "HTTP " + r.status);
  return body;
}

function showError(err) {
  const e = $("error");
  e.hidden = !err;
  e.textContent = err ? String(err.message || err) : "";
}

function askToken() {
  const d = $("auth");
  if (!d.open) d.showModal();
}

$("auth-form").addEventListener("submit", () => {
  token = $("auth-form").elements.token.value.trim();
  sessionStorage.setItem("entente-token", token);
  loadAll();
});

// ---- loading ---------------------------------------------------------------------

async function loadAll() {
  showError(null);
  const f = currentFilters();
  try {
    await Promise.all([loadEvents(f, false), loadTimeline(f), loadPairs(f)]);
  } catch (err) {
    showError(err);
  }
  openStream(f);
}

// one aggregate per event type: the API groups by one key at a time
async function byType(params, groupBy) {
  const wanted = params.get("type") ? params.get("type").split(",") : TYPES;
  const out = await Promise.all(wanted.map(async (t) => {
    const p = filtersOnly(params);
    p.set("type", t);
    p.set("group_by", groupBy);
    return [t, (await api("/v1/aggregate", p)).buckets];
  }));
  return out;
}

async function loadTimeline(params) {
  const series = await byType(params, "month");
  const months = new Map();
  for (const [t, buckets] of series)
    for (const b of buckets) {
      if (!/^\d{4}-\d{2}$/.test(b.key)) continue;
      if (!months.has(b.key)) months.set(b.key, {});
      months.get(b.key)[t] = Number(b.count);
    }
  drawTimeline(fillMonths([...months.keys()].sort()), months);
}

// every month between the first and the last, so gaps show as gaps
function fillMonths(keys) {
  if (!keys.length) return [];
  const out = [];
  let [y, m] = keys[0].split("-").map(Number);
  const last = keys[keys.length - 1];
  for (let i = 0; i < 1200; i++) {
    const k = y + "-" + String(m).padStart(2, "0");
    out.push(k);
    if (k >= last) break;
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}

function drawTimeline(months, counts) {
  const chart = $("chart");
  chart.replaceChildren();
  if (!months.length) {
    chart.append(el("p", { class: "empty", text: "No dated events match." }));
    $("legend").replaceChildren();
    return;
  }
  const total = (m) => Object.values(counts.get(m) || {}).reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...months.map(total));
  const W = 640, H = 220, left = 30, bottom = 24, top = 8;
  const bw = (W - left) / months.length;
  const y = (v) => (H - bottom) - v * (H - bottom - top) / max;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img",
    "aria-label": `Events per month from ${months[0]} to ${months[months.length - 1]}` });
  for (const v of [0, Math.ceil(max / 2), max]) {
    root.append(svg("line", { x1: left, x2: W, y1: y(v), y2: y(v), class: "grid-line" }));
    root.append(svg("text", { x: left - 4, y: y(v) + 3, "text-anchor": "end", class: "axis" },
      String(v)));
  }
  const every = Math.ceil(months.length / 12);
  months.forEach((m, i) => {
    const x = left + i * bw;
    const c = counts.get(m) || {};
    const g = svg("g", { tabindex: total(m) ? "0" : "-1", role: "button",
      "aria-label": `${m}: ${total(m)} events; filter to this month` },
      svg("title", {}, `${m}: ` + TYPES.filter((t) => c[t]).map((t) => `${c[t]} ${label(t)}`)
        .join(", ")));
    let acc = 0;
    for (const t of TYPES) {
      if (!c[t]) continue;
      g.append(svg("rect", { x: x + bw * 0.12, width: Math.max(1, bw * 0.76), y: y(acc + c[t]),
        height: y(acc) - y(acc + c[t]), fill: color(t) }));
      acc += c[t];
    }
    const pick = () => total(m) && filterMonth(m);
    g.addEventListener("click", pick);
    g.addEventListener("keydown", (e) => (e.key === "Enter" || e.key === " ") &&
      (e.preventDefault(), pick()));
    root.append(g);
    if (i % every === 0)
      root.append(svg("text", { x: x + bw / 2, y: H - 8, "text-anchor": "middle", class: "axis" },
        m));
  });
  chart.append(root);
  $("legend").replaceChildren(...TYPES.map((t) => {
    const sw = el("span", { class: "sw" });
    sw.style.background = color(t);
    return el("li", {}, sw, label(t));
  }));
}

function filterMonth(m) {
  const p = currentFilters();
  const [y, mo] = m.split("-").map(Number);
  const lastDay = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  p.set("since", m + "-01");
  p.set("until", m + "-" + String(lastDay).padStart(2, "0"));
  navigate(p);
}

async function loadPairs(params) {
  const series = await byType(params, "pair");
  const pairs = new Map();
  for (const [t, buckets] of series)
    for (const b of buckets) {
      if (!pairs.has(b.key)) pairs.set(b.key, { n: 0, by: {} });
      const e = pairs.get(b.key);
      e.n += Number(b.count);
      e.by[t] = Number(b.count);
    }
  const top = [...pairs.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .slice(0, 15);
  const chosen = currentFilters().get("pair") || "";
  const max = top.length ? top[0][1].n : 1;
  $("pairs").replaceChildren(...top.map(([key, e]) => {
    const bar = el("span", { class: "pair-bar" });
    for (const t of TYPES) if (e.by[t]) {
      const s = el("span", { title: `${e.by[t]} ${label(t)}` });
      s.style.width = (100 * e.by[t] / max) + "%";
      s.style.background = color(t);
      bar.append(s);
    }
    const kinds = TYPES.filter((t) => e.by[t]).map((t) => `${e.by[t]} ${label(t)}`).join(", ");
    const on = chosen.toUpperCase() === key;
    return el("li", {}, el("button", { type: "button", "aria-pressed": String(on),
      "aria-label": `${key}: ${e.n} events (${kinds})${on ? ", selected" : ""}`,
      onclick: () => setFilter("pair", on ? "" : key) },
    el("span", { class: "pair-name", text: key }), bar, el("span", { class: "pair-n", text: e.n })));
  }));
  if (!top.length) $("pairs").append(el("li", { class: "empty", text: "No pairs." }));
}

// ---- the result list -------------------------------------------------------------

function eventItem(ev, fresh) {
  const countries = el("span", { class: "cc", text: (ev.countries || []).join(" · ") });
  const sw = el("span", { class: "sw" });
  sw.style.background = color(ev.type);
  const head = el("span", { class: "ev-head" },
    el("span", { class: "ev-date", text: ev.date || "undated" }),
    el("span", { class: "badge" }, sw, label(ev.type)),
    ev.instrument ? el("span", { class: "badge", text: label(ev.instrument) }) : null,
    countries,
    fresh ? el("span", { class: "badge pill-new", text: "new" }) : null,
    el("span", { class: "ev-doc", text: ev.docId }));
  const li = el("li", { "data-id": ev.id, "data-seq": ev.seq },
    el("button", { type: "button", class: "ev", onclick: () => openEvent(ev.id) }, head,
      el("span", { class: "ev-text", text: ev.evidenceText || "" })));
  if (fresh) li.classList.add("new");
  return li;
}

async function loadEvents(params, more) {
  const p = new URLSearchParams(params);
  p.set("page_size", PAGE);
  if (more) p.set("page_token", nextPage);
  const r = await api("/v1/events", p);
  const items = r.events.map((ev) => eventItem(ev, false));
  if (more) $("list").append(...items); else $("list").replaceChildren(...items);
  nextPage = r.nextPageToken || "";
  $("more").hidden = !nextPage;
  setCount(Number(r.total));
  if (!r.events.length && !more)
    $("list").append(el("li", { class: "empty", text: "No events match these filters." }));
}

function setCount(n) {
  $("count").textContent = `(${n})`;
  $("count").dataset.total = n;
  $("summary").textContent = `${n} event${n === 1 ? "" : "s"} match`;
}

$("more").addEventListener("click", () => loadEvents(currentFilters(), true).catch(showError));

// ---- one event, its evidence and signature ------------------------------------------

// the article with the evidence byte ranges (UTF-8 offsets) marked
function markedText(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const out = el("div", { class: "article", tabindex: "0", "aria-label": "Article text" });
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const start = Math.max(at, s.start), end = Math.min(bytes.length, s.end);
    if (end <= start) continue;
    out.append(dec.decode(bytes.slice(at, start)));
    out.append(el("mark", { text: dec.decode(bytes.slice(start, end)) }));
    at = end;
  }
  out.append(dec.decode(bytes.slice(at)));
  return out;
}

async function openEvent(id) {
  const d = $("detail"), body = $("d-body");
  body.replaceChildren(el("p", { text: "Loading…" }));
  if (!d.open) d.showModal();
  try {
    const r = await api("/v1/events/" + encodeURIComponent(id));
    const ev = r.event, doc = r.document || {};
    $("d-title").textContent = `${label(ev.type)} · ${(ev.countries || []).join(", ")}`;
    const sig = r.verified
      ? el("p", { class: "sig ok", id: "sig", text: `✓ signature verified (ingest key ${ev.ingestKeyId})` })
      : el("p", { class: "sig bad", id: "sig", text: `✗ signature not verified: ${r.verifyError}` });
    const facts = el("dl", { class: "facts" });
    const rows = [["Date", ev.date], ["Instrument", ev.instrument && label(ev.instrument)],
      ["Countries", (ev.countries || []).join(", ")], ["Location", ev.location],
      ["People", (ev.people || []).join("; ")], ["Organizations", (ev.organizations || []).join("; ")],
      ["Sectors", (ev.sectors || []).map(label).join(", ")], ["CAMEO / PLOVER", `${ev.cameo} / ${ev.plover}`],
      ["Document", doc.url || ev.docId], ["Event id", ev.id]];
    for (const [k, v] of rows) if (v) facts.append(el("dt", { text: k }), el("dd", { text: v }));
    const article = doc.text ? markedText(doc.text, ev.evidence || [])
      : el("p", { class: "empty", text: "The source document is not stored." });
    body.replaceChildren(sig, facts, el("h3", { text: "Evidence in the article" }), article);
    const mark = article.querySelector("mark");
    if (mark) mark.scrollIntoView({ block: "center" });
  } catch (err) {
    body.replaceChildren(el("p", { class: "error", text: String(err.message || err) }));
  }
  $("close").focus();
}

$("close").addEventListener("click", () => $("detail").close());

// ---- live events ---------------------------------------------------------------

function setLive(on, text) {
  const l = $("live");
  l.className = "live " + (on ? "on" : "off");
  l.textContent = text;
}

function openStream(params) {
  if (stream) stream.close();
  const p = filtersOnly(params);
  if (token) p.set("access_token", token);
  stream = new EventSource("/v1/stream" + (p.toString() ? "?" + p : ""));
  stream.onopen = () => setLive(true, "live");
  stream.onerror = () => setLive(false, "reconnecting…");
  stream.onmessage = (m) => {
    const ev = JSON.parse(m.data);
    if ($("list").querySelector(`li[data-id="${ev.id}"]`)) return;
    const empty = $("list").querySelector("li.empty");
    if (empty) empty.remove();
    $("list").prepend(eventItem(ev, true));
    setCount(Number($("count").dataset.total || 0) + 1);
    setLive(true, `live · last event ${ev.type.replace(/_/g, " ")} (${(ev.countries || []).join(", ")})`);
    // the charts follow, once a burst of events is over
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      const f = currentFilters();
      Promise.all([loadTimeline(f), loadPairs(f)]).catch(showError);
    }, 1500);
  };
}

// ---- start -----------------------------------------------------------------------

function init() {
  const typeSel = form.elements.type;
  for (const t of TYPES) typeSel.append(el("option", { value: t, text: label(t) }));
  const instSel = form.elements.instrument;
  for (const i of INSTRUMENTS) instSel.append(el("option", { value: i, text: label(i) }));
  api("/v1/aggregate", new URLSearchParams({ group_by: "sector" })).then((r) => {
    $("sectors").replaceChildren(...r.buckets.map((b) => el("option", { value: b.key })));
  }).catch(() => {});
  form.addEventListener("submit", applyForm);
  $("reset").addEventListener("click", () => navigate(new URLSearchParams()));
  window.addEventListener("popstate", () => { fillForm(); loadAll(); });
  fillForm();
  loadAll();
}

init();
