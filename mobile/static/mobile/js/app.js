// 掌上执法 — the officers' offline-first app. Signs in with a device token (revocable from 我的设备), caches the
// officer's working data in IndexedDB, queues every record in the outbox and shows the sync state at all times.
import { Offline, get, post, request } from "./api.js";
import { kvGet, kvSet, wipe } from "./db.js";
import * as outbox from "./outbox.js";
import * as position from "./position.js";
import { renderClue } from "./screens/clue.js";
import { renderHome } from "./screens/home.js";
import { renderInspect } from "./screens/inspect.js";
import { renderMe } from "./screens/me.js";
import { renderCase, renderOutbox, renderRecord } from "./screens/outbox.js";
import { renderSpot } from "./screens/spot.js";
import { field, fmt, h, messagesOf, mount, setTitle, showError, gettext, toast } from "./ui.js";

const app = {
  data: null,
  refreshing: null,
  async refresh({ quiet = true } = {}) {
    if (!navigator.onLine) return false;
    this.refreshing ??= (async () => {
      try {
        const etag = await kvGet("etag");
        const answer = await get("mobile/working-data/", { headers: etag && this.data ? { "If-None-Match": etag } : {} });
        if (answer.status === 304) return true;
        if (answer.status === 401) { outboxAuthLost(); return false; }
        if (!answer.ok) { if (!quiet) toast(messagesOf(answer.data).join(" ")); return false; }
        this.data = answer.data;
        await kvSet("data", answer.data);
        await kvSet("etag", answer.headers.get("ETag"));
        await kvSet("data_at", new Date().toISOString());
        return true;
      } catch (error) {
        if (!(error instanceof Offline)) throw error;
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  },
  async logout() {
    try { await request("DELETE", "auth/token/"); } catch { /* offline: the token is still revoked below */ }
    await wipe();
    this.data = null;
    location.hash = "#/";
    showLogin(gettext("You are signed out. Nothing of yours is left on this phone."));
  },
  rerender() { route({ focus: false }); },
};
globalThis.zhifa = app; // for the console and the browser tests

function outboxAuthLost() {
  toast(gettext("Your sign-in on this phone has expired or was revoked: sign in again to send what is waiting."));
  showLogin(gettext("Sign in again: what you recorded stays on the phone and is sent afterwards."), { keepData: true });
}

async function updateBadge() {
  const badge = document.getElementById("sync");
  const counts = await outbox.counts();
  const problems = counts.refused + counts.conflict;
  badge.classList.toggle("pending", counts.pending > 0 && !problems);
  badge.classList.toggle("problem", problems > 0);
  badge.textContent = problems ? fmt(gettext("%(n)s need attention"), { n: problems })
    : counts.pending ? fmt(gettext("Pending sync: %(n)s"), { n: counts.pending }) : gettext("All synced");
  badge.setAttribute("aria-label", `${badge.textContent}, ${gettext("open the sync list")}`);
  if (outbox.needsLogin()) outboxAuthLost();
}

function setNet() {
  document.getElementById("net").hidden = navigator.onLine;
}

function showLogin(message = "", { keepData = false } = {}) {
  setTitle(gettext("Sign in"));
  document.getElementById("tabs").hidden = true;
  const username = h("input", { id: "username", name: "username", autocomplete: "username", autocapitalize: "none", required: true });
  const password = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const device = h("input", { id: "device", name: "device_name", value: navigator.userAgentData?.platform || gettext("Phone"), maxlength: "100" });
  const error = h("p", { class: "error", role: "alert", id: "login-error", hidden: true });
  const button = h("button", { type: "submit", class: "primary big" }, gettext("Sign in"));
  const form = h("form", { id: "login", novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    showError(username, username.value.trim() ? "" : gettext("Enter your username."));
    showError(password, password.value ? "" : gettext("Enter your password."));
    if (!username.value.trim() || !password.value) return;
    button.disabled = true;
    try {
      const answer = await post("auth/token/", { username: username.value.trim(), password: password.value,
        device_name: device.value.trim() });
      if (!answer.ok) {
        error.textContent = messagesOf(answer.data).join(" ") || gettext("Sign-in failed.");
        error.hidden = false;
        return;
      }
      if (!keepData) await wipe();
      await kvSet("token", answer.data.token);
      await kvSet("token_expires", answer.data.expires_at);
      const ok = await app.refresh({ quiet: false });
      if (!ok) { error.textContent = gettext("You are signed in, but your working data could not be loaded."); error.hidden = false; return; }
      outbox.flush();
      location.hash = "#/";
      start();
    } catch (exc) {
      if (!(exc instanceof Offline)) throw exc;
      error.textContent = gettext("No network: signing in needs a connection once.");
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  } },
  message ? h("p", { class: "card notice", role: "status" }, message) : null,
  h("p", { class: "muted" }, gettext("Sign in with your platform account. The phone gets its own token: a lost phone is signed out from 我的设备 on the web site.")),
  field(gettext("Username"), username), field(gettext("Password"), password),
  field(gettext("Device name"), device, { hint: gettext("Shown in 我的设备, e.g. 执法终端-07.") }), error, button,
  h("p", {}, h("a", { href: "/accounts/password/" }, gettext("Password expired? Change it on the web site."))));
  mount(form);
  username.focus();
}

// Routes as strings (xgettext's JavaScript parser trips over regular-expression literals).
const ROUTES = [
  ["^#?/?$", () => renderHome(app), "home"],
  ["^#/spot$", () => renderSpot(app), "spot"],
  ["^#/outbox$", () => renderOutbox(app), "outbox"],
  ["^#/me$", () => renderMe(app), "me"],
  ["^#/record/([\\w-]+)$", (m) => renderRecord(app, m[1]), "spot"],
  ["^#/case/([^/]+)$", (m) => renderCase(app, decodeURIComponent(m[1])), "home"],
  ["^#/inspect/([^/]+)/([^/]+)$", (m) => renderInspect(app, m[1], m[2]), "home"],
  ["^#/clue/([^/]+)$", (m) => renderClue(app, decodeURIComponent(m[1])), "home"],
].map(([pattern, render, tab]) => [new RegExp(pattern), render, tab]);

async function route({ focus = true } = {}) {
  if (!app.data) return;
  const hash = location.hash || "#/";
  for (const [pattern, render, tab] of ROUTES) {
    const match = hash.match(pattern);
    if (!match) continue;
    for (const link of document.querySelectorAll("#tabs a")) {
      if (link.dataset.tab === tab) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    await render(match);
    if (focus) document.getElementById("view").focus({ preventScroll: true });
    return;
  }
  location.hash = "#/";
}

const onHome = () => ["", "#", "#/"].includes(location.hash);
// Screens that only show the outbox's state follow it live; forms are never re-rendered under the officer's thumb.
const followsOutbox = () => onHome() || /^#\/(record|outbox)/.test(location.hash);

let started = false;
function start() {
  document.getElementById("tabs").hidden = false;
  if (!started) {
    started = true;
    addEventListener("hashchange", () => route());
    let timer = null;
    outbox.events.addEventListener("change", () => {
      updateBadge();
      clearTimeout(timer); // a flush changes several items in a row: render once after them
      timer = setTimeout(() => { if (followsOutbox()) route({ focus: false }); }, 150);
    });
    addEventListener("online", async () => { setNet(); outbox.flush(); if (await app.refresh() && onHome()) route({ focus: false }); });
    outbox.events.addEventListener("synced", async () => { if (await app.refresh() && onHome()) route({ focus: false }); });
    addEventListener("offline", setNet);
  }
  setNet();
  updateBadge();
  route();
  position.start(); // keeps the latest fix for the records, when the officer allows it
}

async function boot() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(document.body.dataset.sw, { scope: document.body.dataset.app })
      .catch((error) => console.warn("service worker", error));
  }
  const token = await kvGet("token");
  if (!token) { showLogin(); return; }
  app.data = await kvGet("data");
  if (!app.data) {
    const ok = await app.refresh({ quiet: false });
    if (!ok) { showLogin(gettext("Your working data is not on this phone yet: sign in with a connection.")); return; }
  } else {
    app.refresh().then((ok) => { if (ok && onHome()) route({ focus: false }); }); // the screen when it answers
  }
  start();
  outbox.flush();
}

boot();
