/* The phone app's service worker (scope {{ scope }}): the app shell is cached at install and served from the
   cache, so the app opens without signal. API calls always go to the network; the app keeps its own data and
   its outbox in IndexedDB. Version {{ version }} changes whenever the shell or one of its files changes. */
const VERSION = "{{ version }}";
const CACHE = "shell-" + VERSION;
const SHELL = {{ shell_json|safe }};
const APP = {{ scope_json|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // data: network only, the app falls back to IndexedDB
  if (request.mode === "navigate") {
    if (url.pathname !== APP) return; // other pages of the site: network
    event.respondWith(fromShell(APP, request));
    return;
  }
  if (!SHELL.includes(url.pathname)) return;
  event.respondWith(fromShell(url.pathname, request));
});

// Cache first; a miss (e.g. after logout emptied the caches) is fetched and cached again.
async function fromShell(key, request) {
  const cached = await caches.match(key);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(key, response.clone());
  }
  return response;
}
