// Service worker: keeps the app shell (index.html and the hashed bundle) so a cold start
// with no network still opens the portal; the schedule itself comes from the app's own
// encrypted store. API responses never enter this cache (health data stays encrypted).
// scripts/build-portal.sh stamps VERSION with the build's hash, so each deploy installs a
// new worker and the app offers to reload.
const VERSION = '__BUILD__';
const SHELL = 'shell-' + VERSION;

// Files a text names: quoted "/x.js" or "./x.wasm" paths, resolved against the file's own URL
// (the glue and the chunk loader live in the build's folder, pkg/b-<hash>/).
// ("./portal_bg.js" in the glue names its import object, not a file.)
const assetsIn = (text, base) =>
  [...text.matchAll(/["'(](\.?\/[^"'()\s]+\.(?:js|wasm|css|svg))["')]/g)]
    .map((m) => new URL(m[1], base).pathname)
    .filter((p) => !p.endsWith('_bg.js'));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    const index = await fetch('/', { cache: 'no-cache' });
    if (!index.ok) throw new Error('index.html ' + index.status);
    const html = await index.clone().text();
    await cache.put('/', index);
    const root = self.location.origin + '/';
    const assets = new Set(assetsIn(html, root));
    // The start module and the glue name what the app needs at start (the glue: its snippets,
    // the chunk loader, the main module); they are read, the rest only kept. Route chunks load
    // on demand: the build's offline.json lists those of the screens that work offline
    // (scripts/split-wasm.sh). Snippets and the chunk loader are not read: their code names
    // paths that are not files (examples in comments, every chunk).
    const fromHtml = new Set(assets);
    const done = new Set();
    let js;
    while ((js = [...assets].find((a) => a.endsWith('.js') && !done.has(a)))) {
      done.add(js);
      const res = await fetch(js);
      if (!res.ok) throw new Error(js + ' ' + res.status);
      await cache.put(js, res.clone());
      assets.delete(js);
      if (!fromHtml.has(js) && !js.endsWith('/portal.js')) continue;
      const base = new URL(js, root);
      for (const a of assetsIn(await res.text(), base)) if (!done.has(a)) assets.add(a);
      if (js.endsWith('/portal.js')) {
        const offline = await fetch(new URL('offline.json', base));
        if (!offline.ok) throw new Error('offline.json ' + offline.status);
        for (const f of await offline.json()) assets.add(new URL(f, base).pathname);
      }
    }
    await cache.addAll([...assets]);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('shell-') && key !== SHELL) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

// The page asks a waiting update to take over once the member agreed to reload.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz' || url.pathname === '/sw.js') return;
  if (req.mode === 'navigate') {
    // Network first (index.html is no-cache, so updates arrive); the shell when offline.
    event.respondWith(fetch(req).catch(async () => (await caches.match('/', { cacheName: SHELL })) || Response.error()));
    return;
  }
  event.respondWith((async () => {
    const hit = await caches.match(req, { cacheName: SHELL });
    if (hit) return hit;
    const res = await fetch(req);
    if (res.ok && url.pathname.match(/\.(js|wasm|css|svg)$/)) {
      const cache = await caches.open(SHELL);
      cache.put(req, res.clone());
    }
    return res;
  })());
});
