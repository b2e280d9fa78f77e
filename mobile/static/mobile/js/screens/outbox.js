// 待同步: the outbox list, one recorded item (with the decision and its QR once synced, or what the server
// refused / the two versions of a request-id conflict), and a case of the officer's from the server.
import { get, request } from "../api.js";
import { kvGet, kvSet } from "../db.js";
import * as outbox from "../outbox.js";
import { chineseDate, chineseDateTime, fmt, gettext, gettext_noop, h, isoDay, messagesOf, mount, setTitle, toast, yuan } from "../ui.js";
import { renderSpot } from "./spot.js";

const STATES = { pending: gettext_noop("pending"), sent: gettext_noop("synced"), refused: gettext_noop("refused"),
  conflict: gettext_noop("conflict") };
const BADGES = { pending: "warn", sent: "ok", refused: "bad", conflict: "bad" };

function stateBadge(item) {
  return h("span", { class: `badge ${BADGES[item.state]}` }, gettext(STATES[item.state]));
}

export async function renderOutbox(app) {
  setTitle(gettext("Sync"));
  const items = (await outbox.items()).reverse();
  const counts = await outbox.counts();
  const flush = h("button", { type: "button", class: "primary big", id: "sync-now", disabled: !navigator.onLine,
    onclick: async () => { await outbox.flush(); app.rerender(); } }, navigator.onLine ? gettext("Sync now") : gettext("No network"));
  mount(
    h("p", { id: "sync-summary", role: "status" }, fmt(gettext("Pending sync: %(n)s"), { n: counts.pending }),
      counts.refused + counts.conflict ? ` · ${fmt(gettext("%(n)s need attention"), { n: counts.refused + counts.conflict })}` : ""),
    flush,
    items.length ? h("ul", { class: "list", id: "outbox-items" }, items.map((item) => h("li", {},
      h("a", { class: "row-link", href: `#/record/${item.id}`, dataset: { state: item.state, kind: item.kind } },
        h("span", { class: "main" }, item.label, h("br"),
          h("span", { class: "muted" }, `${chineseDateTime(item.created_at)}${item.last_error === "offline" ? ` · ${gettext("waiting for network")}` : ""}`)),
        h("span", { class: "side" }, stateBadge(item))))))
      : h("p", { class: "empty" }, gettext("Nothing recorded on this phone yet.")),
  );
}

function describe(body) {
  const labels = { item: gettext("Item"), party_name: gettext("Party"), party_id_number: gettext("ID number"), fine: gettext("Fine"),
    penalty_kinds: gettext("Penalty"), location: gettext("Place"), facts: gettext("Facts"), violation_date: gettext("Date"), action: gettext("Action"),
    note: gettext("Note"), officers: gettext("Officers") };
  return Object.entries(body || {}).filter(([key]) => labels[key]).map(([key, value]) =>
    `${labels[key]}: ${Array.isArray(value) ? value.join("、") : value ?? "—"}`).join("\n");
}

async function qrOf(code) {
  const cached = await kvGet(`qr:${code}`);
  if (cached) return cached;
  if (!navigator.onLine) return null;
  try {
    const answer = await get(`mobile/cases/${encodeURIComponent(code)}/qr/`);
    if (!answer.ok) return null;
    await kvSet(`qr:${code}`, answer.data);
    return answer.data;
  } catch { return null; }
}

async function downloadDocument(code, kind) {
  const response = await request("GET", `cases/${encodeURIComponent(code)}/documents/${kind}/`, { raw: true });
  if (!response.ok) { toast(gettext("The document is not ready yet; try again in a moment.")); return; }
  const url = URL.createObjectURL(await response.blob());
  const link = h("a", { href: url, download: `${code}-${kind}.pdf` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function decisionView(record, qr) {
  const documents = record.documents || [];
  return h("section", { class: "card doc", id: "decision", "aria-labelledby": "decision-title" },
    h("h2", { id: "decision-title" }, record.procedure === "simple" ? gettext("On-the-spot penalty decision") : gettext("Case")),
    h("dl", {},
      h("dt", {}, gettext("Action code")), h("dd", { id: "action-code" }, record.code),
      h("dt", {}, gettext("Party")), h("dd", {}, `${record.party_name} ${record.party_id || ""}`),
      h("dt", {}, gettext("Item")), h("dd", {}, record.item_name),
      h("dt", {}, gettext("Decision")), h("dd", {}, record.fine_amount ? fmt(gettext("Fine of %(amount)s"), { amount: yuan(record.fine_amount) })
        : (record.penalty_kinds || []).includes("warning") ? gettext("Warning") : record.status_label),
      h("dt", {}, gettext("Decided on")), h("dd", {}, chineseDate(record.decided_on || record.filed_on)),
      record.payment_due ? [h("dt", {}, gettext("Pay by")), h("dd", {}, `${chineseDate(record.payment_due)} ${gettext("at the bank (the officer collects no money, art. 67)")}`)] : null,
      h("dt", {}, gettext("Status")), h("dd", {}, record.status_label)),
    qr ? h("img", { class: "qr", src: qr.qr, alt: fmt(gettext("QR code of action code %(code)s: scan it to verify the decision"), { code: record.code }) }) : null,
    qr ? h("p", { class: "muted" }, gettext("The party scans the code to check the decision on the public verify page.")) : null,
    h("div", { class: "actions" },
      documents.map((d) => h("button", { type: "button", class: "document", dataset: { kind: d.kind },
        onclick: () => downloadDocument(record.code, d.kind) }, fmt(gettext("Download %(number)s (PDF)"), { number: d.number }))),
      documents.length ? null : h("p", { class: "hint" }, gettext("The decision document is being generated.")),
      h("button", { type: "button", onclick: () => print() }, gettext("Print"))));
}

function conflictView(app, item) {
  const c = item.conflict;
  return h("section", { class: "card alert", id: "conflict", role: "alert" },
    h("h2", {}, gettext("Request id conflict (409)")), h("p", {}, c.detail),
    h("div", { class: "compare" },
      h("div", { class: "card" }, h("h3", {}, gettext("Already recorded on the server")), h("pre", {}, describe(c.original.body))),
      h("div", { class: "card" }, h("h3", {}, gettext("Your version on this phone")), h("pre", {}, describe(c.current.body)))),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary", id: "keep-server", onclick: async () => {
        await outbox.update(item.id, { state: "sent", result: c.original.response, conflict: null, sent_at: new Date().toISOString() });
        toast(gettext("The recorded version is kept."));
        app.rerender();
      } }, gettext("Keep the recorded version")),
      h("button", { type: "button", id: "send-as-new", onclick: async () => {
        const fresh = await outbox.resendAsNew(item.id);
        location.hash = `#/record/${fresh.id}`;
      } }, gettext("Send mine as a new record"))));
}

function refusalView(app, item) {
  return h("section", { class: "card alert", id: "refusal", role: "alert" },
    h("h2", {}, gettext("Refused by the server")),
    h("ul", {}, messagesOf(item.refusal).map((message) => h("li", {}, message))),
    h("p", { class: "muted" }, gettext("Nothing was recorded. Correct it and send it again, or discard it.")),
    h("div", { class: "actions" },
      item.draft ? h("button", { type: "button", class: "primary", onclick: () => editDraft(app, item) }, gettext("Correct and send again")) : null,
      h("button", { type: "button", class: "danger", onclick: async () => { await discard(item); location.hash = "#/outbox"; } }, gettext("Discard"))));
}

async function discard(item) {
  for (const other of await outbox.items()) if (other.after === item.id) await outbox.remove(other.id);
  await outbox.remove(item.id);
}

// The officer changes a pending or refused case: the same request id (a changed body after a lost answer is
// exactly what the server then reports as a conflict). New photos join the item; earlier ones stay.
function editDraft(app, item) {
  renderSpot(app, { draft: item.draft, onDone: async (main, after) => {
    for (const spec of after) {
      if (spec.kind === "evidence") await outbox.enqueue({ ...spec, after: item.id }, { hold: true });
    }
    await outbox.retry(item.id, { body: main.body, draft: main.draft, label: main.label });
    location.hash = `#/record/${item.id}`;
  } });
}

export async function renderRecord(app, id) {
  const item = (await outbox.items()).find((i) => i.id === id);
  if (!item) { location.hash = "#/outbox"; return; }
  setTitle(item.kind === "case" ? gettext("Recorded case") : gettext("Recorded item"));
  const parts = [h("p", {}, h("strong", {}, item.label), " ", stateBadge(item)),
    h("p", { class: "muted" }, fmt(gettext("Recorded %(time)s"), { time: chineseDateTime(item.created_at) }))];
  if (item.state === "pending") {
    parts.push(h("p", { class: "card notice", role: "status" }, gettext("Waiting to be sent: the action code and the decision document are issued by the server when the phone is online.")));
    if (item.attempts) {
      parts.push(h("p", { class: "hint", id: "send-error" }, fmt(gettext("Sending failed %(n)s times (no answer); the phone tries again by itself."), { n: item.attempts })));
    }
    if (item.draft) parts.push(h("button", { type: "button", id: "edit-pending", onclick: () => editDraft(app, item) }, gettext("Change before sending")));
  }
  if (item.state === "conflict") parts.push(conflictView(app, item));
  if (item.state === "refused") parts.push(refusalView(app, item));
  if (item.state === "sent" && item.result && item.result.code && item.kind === "case") {
    parts.push(h("p", { class: "badge ok", id: "synced" }, item.replayed ? gettext("Synced (the server already had it: the same case)") : gettext("Synced")));
    let record = item.result;
    if (navigator.onLine && !(record.documents || []).length) {
      try {
        const fresh = await get(`cases/${encodeURIComponent(record.code)}/`);
        if (fresh.ok) { record = fresh.data; await outbox.update(item.id, { result: record }); }
      } catch { /* offline: the stored answer */ }
    }
    parts.push(decisionView(record, await qrOf(record.code)));
  }
  const dependants = (await outbox.items()).filter((i) => i.after === item.id);
  if (dependants.length) {
    parts.push(h("h3", {}, gettext("With it")), h("ul", { class: "list" }, dependants.map((d) => h("li", {},
      h("a", { class: "row-link", href: `#/record/${d.id}` }, h("span", { class: "main" }, d.label), h("span", { class: "side" }, stateBadge(d)))))));
  }
  parts.push(h("p", {}, h("a", { href: "#/outbox" }, gettext("Back to the sync list"))));
  mount(...parts);
}

export async function renderCase(app, code) {
  setTitle(gettext("Case"));
  const row = app.data.cases.find((c) => c.code === code);
  let record = row ? { ...row, documents: row.documents } : null;
  if (navigator.onLine) {
    try {
      const answer = await get(`cases/${encodeURIComponent(code)}/`);
      if (answer.ok) record = answer.data;
    } catch { /* offline */ }
  }
  if (!record) { mount(h("p", { class: "empty" }, gettext("This case is not on the phone.")), h("a", { href: "#/" }, gettext("Back"))); return; }
  const deliver = (record.actions || []).includes("deliver") ? h("button", { type: "button", class: "primary big", id: "deliver",
    onclick: async () => {
      await outbox.enqueue({ kind: "transition", label: `${record.code} · ${gettext("Record delivery")}`, method: "POST",
        path: `/api/v1/cases/${encodeURIComponent(record.code)}/transition/`,
        body: { action: "deliver", delivered_on: isoDay(), expected_status: record.status } });
      toast(gettext("Delivery recorded; it is sent with the next sync."));
      location.hash = "#/";
    } }, gettext("Delivered to the party today")) : null;
  mount(decisionView(record, navigator.onLine ? await qrOf(record.code) : await kvGet(`qr:${record.code}`)), deliver,
    h("p", {}, h("a", { href: "#/" }, gettext("Back to today's tasks"))));
}
