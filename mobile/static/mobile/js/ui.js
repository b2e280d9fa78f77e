// Small DOM helpers and formatting in Chinese. Strings go through Django's JavaScript catalogue (gettext).
// Call sites write gettext("…") literally, so that makemessages (xgettext) finds every string; fmt fills in
// the %(name)s placeholders of an already translated string.
export const gettext = (s) => (globalThis.django?.gettext ? globalThis.django.gettext(s) : s);
export const gettext_noop = (s) => s;
export const fmt = (s, values) => String(s).replace(/%\((\w+)\)s/g, (_m, k) => values[k]);

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function mount(...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
  window.scrollTo(0, 0);
  return view;
}

export function setTitle(text) {
  document.getElementById("title").textContent = text;
  document.title = `${text} · ${gettext("Mobile enforcement")}`;
}

const DATE = new Intl.DateTimeFormat("zh-CN", { year: "numeric", month: "long", day: "numeric", weekday: "short" });
const DATETIME = new Intl.DateTimeFormat("zh-CN", { month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" });

export function parseDay(value) {
  if (!value) return null;
  if (value instanceof Date) return value;
  const [y, m, d] = String(value).slice(0, 10).split("-").map(Number);
  return new Date(y, m - 1, d);
}
export const chineseDate = (value) => (value ? DATE.format(parseDay(value)) : "—");
export const chineseDateTime = (value) => (value ? DATETIME.format(new Date(value)) : "—");

export function isoDay(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function daysFromToday(value) {
  const day = parseDay(value);
  const today = parseDay(isoDay());
  return Math.round((day - today) / 86400000);
}

export const yuan = (value) => (value === null || value === undefined || value === "" ? "—"
  : `${Number(value).toLocaleString("zh-CN", { maximumFractionDigits: 2 })} ${gettext("yuan")}`);

let toastTimer = null;
export function toast(message) {
  document.querySelector(".toast")?.remove();
  const el = h("div", { class: "toast", role: "status" }, message);
  document.body.append(el);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.remove(), 4000);
}

export function field(labelText, input, { error, hint } = {}) {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  const errorEl = h("p", { class: "error", id: `${id}-error`, role: "alert", hidden: !error }, error || "");
  input.setAttribute("aria-describedby", `${id}-error${hint ? ` ${id}-hint` : ""}`);
  return h("div", { class: "field" }, h("label", { for: id }, labelText), input,
    hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null, errorEl);
}

export function showError(input, message) {
  const el = document.getElementById(`${input.id}-error`);
  if (!el) return;
  el.textContent = message || "";
  el.hidden = !message;
  input.setAttribute("aria-invalid", message ? "true" : "false");
}

export function messagesOf(data) {
  // DRF error bodies: {"detail": "..."} or {"field": ["..."], ...}; a list; or text.
  if (!data) return [];
  if (typeof data === "string") return [data];
  if (Array.isArray(data)) return data.flatMap(messagesOf);
  if (typeof data === "object") return Object.values(data).flatMap(messagesOf);
  return [String(data)];
}
