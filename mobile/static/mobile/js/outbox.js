// The outbox: everything recorded on the phone is queued in IndexedDB with its own client request id and the
// true time, and sent when the network returns (or on demand), exactly once: the server answers a re-send with
// the same id and body by the first answer (200), and a changed body under the same id by 409.
import { Offline, request } from "./api.js";
import { outboxAll, outboxDelete, outboxGet, outboxPut } from "./db.js";

export const events = new EventTarget();
const KEEP_SENT_DAYS = 7;

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, "0")).join("");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const changed = () => events.dispatchEvent(new Event("change"));

// item: {kind, label, method, path, body | files, after?, meta?}. `path` may hold "{after}", replaced by the
// code of the record the item `after` created (a photo waits for its case).
export async function enqueue(item, { hold = false } = {}) {
  const entry = { created_at: new Date().toISOString(), ...item, id: uuid(), state: "pending", attempts: 0 };
  await outboxPut(entry);
  changed();
  if (!hold) flush(); // `hold`: more items follow (a case and its photos), the caller flushes once
  return entry;
}

export async function update(id, changes) {
  const item = await outboxGet(id);
  if (!item) return null;
  Object.assign(item, changes);
  await outboxPut(item);
  changed();
  return item;
}

export async function remove(id) {
  await outboxDelete(id);
  changed();
}

export async function items() {
  return outboxAll();
}

export async function counts() {
  const all = await outboxAll();
  const by = (state) => all.filter((i) => i.state === state).length;
  return { pending: by("pending"), refused: by("refused"), conflict: by("conflict"), sent: by("sent") };
}

let running = false;
let again = false;
let authLost = false;
let sentSome = false;

export const needsLogin = () => authLost;

export async function flush() {
  if (running) { again = true; return; }
  running = true;
  try {
    do { again = false; await doFlush(); } while (again);
  } finally {
    running = false;
    changed();
    if (sentSome) { sentSome = false; events.dispatchEvent(new Event("synced")); } // the server's data moved on
  }
}

function codeOf(result) {
  return result && (result.code || result.id);
}

async function doFlush() {
  if (!navigator.onLine) return;
  const all = await outboxAll();
  const byId = Object.fromEntries(all.map((i) => [i.id, i]));
  const stale = Date.now() - KEEP_SENT_DAYS * 86400000;
  for (const item of all) {
    if (item.state === "sent" && Date.parse(item.sent_at) < stale) await outboxDelete(item.id);
  }
  for (const item of all) {
    if (item.state !== "pending") continue;
    let path = item.path;
    if (item.after) {
      const first = byId[item.after];
      if (!first || first.state !== "sent") continue; // waits for its case (refused/conflict: stays waiting)
      path = path.replace("{after}", encodeURIComponent(codeOf(first.result)));
    }
    const outcome = await send(item, path);
    if (outcome === "stop") return;
    byId[item.id] = await outboxGet(item.id);
  }
}

async function send(item, path) {
  const headers = { "X-Client-Request-ID": item.id };
  let form;
  if (item.files) {
    form = new FormData();
    for (const [key, value] of Object.entries(item.body || {})) form.append(key, value);
    for (const [key, file] of Object.entries(item.files)) form.append(key, file.blob, file.name);
  }
  let answer;
  try {
    answer = await request(item.method, path, form ? { form, headers } : { json: item.body, headers });
  } catch (error) {
    if (error instanceof Offline) {
      await update(item.id, { attempts: item.attempts + 1, last_error: "offline" });
      return "stop";
    }
    throw error;
  }
  if (answer.ok) {
    authLost = false;
    sentSome = true;
    await update(item.id, { state: "sent", sent_at: new Date().toISOString(), result: answer.data,
      replayed: answer.headers.get("X-Client-Request-ID-Replayed") === "true", sent_path: path });
    return "next";
  }
  if (answer.status === 401) { // token expired or revoked: keep everything, ask to sign in again
    authLost = true;
    return "stop";
  }
  if (answer.status === 409 && answer.data && answer.data.code === "client_request_conflict") {
    await update(item.id, { state: "conflict", conflict: answer.data });
    return "next";
  }
  if (answer.status >= 500 || answer.status === 429 || answer.status === 0) {
    await update(item.id, { attempts: item.attempts + 1, last_error: `HTTP ${answer.status}` });
    return "stop";
  }
  // Refused by the server's rules (400/403/404): back to the officer as a task.
  await update(item.id, { state: "refused", refusal: answer.data, refused_at: new Date().toISOString() });
  return "next";
}

// A conflict resolved by sending the officer's version as a new record: a new request id.
export async function resendAsNew(id) {
  const item = await outboxGet(id);
  await outboxDelete(id);
  const { conflict, refusal, result, ...rest } = item;
  return enqueue({ ...rest, resent_from: id });
}

// Back to pending after the officer corrected a refused item (or a changed pending one): the same id.
export async function retry(id, changes = {}) {
  await update(id, { ...changes, state: "pending", refusal: null, conflict: null });
  flush();
}

addEventListener("online", () => flush());
