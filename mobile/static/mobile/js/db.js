// The phone's own store (IndexedDB, through idb): the signed-in device token, the working data, the outbox.
import { deleteDB, openDB } from "../../vendor/idb-8.0.4/index.js";

const NAME = "zhifa-m";
let dbPromise = null;

function db() {
  dbPromise ??= openDB(NAME, 1, {
    upgrade(database) {
      database.createObjectStore("kv");
      const outbox = database.createObjectStore("outbox", { keyPath: "id" });
      outbox.createIndex("created_at", "created_at");
    },
    // Another tab signs out (deletes the database): let it, and open afresh when needed.
    blocking() { dbPromise?.then((database) => database.close()); dbPromise = null; },
  });
  return dbPromise;
}

export const kvGet = async (key) => (await db()).get("kv", key);
export const kvSet = async (key, value) => (await db()).put("kv", value, key);
export const kvDelete = async (key) => (await db()).delete("kv", key);

export async function outboxAll() {
  return (await db()).getAllFromIndex("outbox", "created_at");
}
export const outboxGet = async (id) => (await db()).get("outbox", id);
export const outboxPut = async (item) => (await db()).put("outbox", item);
export const outboxDelete = async (id) => (await db()).delete("outbox", id);

// Logout: nothing of the officer's stays on the phone (IndexedDB and the caches).
export async function wipe() {
  const open = dbPromise;
  dbPromise = null;
  if (open) (await open).close();
  await deleteDB(NAME);
  if (globalThis.caches) {
    for (const key of await caches.keys()) await caches.delete(key);
  }
}
