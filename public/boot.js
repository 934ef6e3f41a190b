// Starts the wasm app. Trunk's default starter is an inline script, which the
// Content-Security-Policy forbids (script-src 'self'): this file does the same from the
// origin. scripts/split-wasm.sh fills in the build's file names (its content-hashed folder);
// Trunk then hashes this file and gives it an integrity attribute.
//
// It also asks for the first screen's data now, while the wasm downloads and compiles, instead
// of after: one round trip less before the member sees it. The app's client (src/early.rs)
// takes each answer once, by URL; what it never takes is dropped after a few seconds.
// Which URLs, and the language rule, are stated in api/src/boot.rs; its test runs this file in
// Node and fails when the two differ.
const early = {};
const want = (url) => { early[url] = fetch(url, { headers: { Accept: 'application/json' } }); };
const path = location.pathname;
// A mini-program hand-off code is spent first (src/session.rs): who we are may change.
const handoff = new URLSearchParams(location.search).has('code');
if (!handoff) want('/api/v1/me');
if (handoff) {
  // nothing early
} else if (path === '/') {
  // The locale the app will choose (src/prefs.rs): stored, else the browser's, else zh-CN.
  const pick = (t) => (t || '').toLowerCase().startsWith('zh') ? 'zh-CN' : (t || '').toLowerCase().startsWith('en') ? 'en' : null;
  let stored = null;
  try { stored = localStorage.getItem('portal.locale'); } catch {}
  want('/api/v1/home?lang=' + (pick(stored) || pick(navigator.language) || 'zh-CN'));
} else if (path === '/schedule') {
  want('/api/v1/schedule');
}
window.__early = early;
// An answer nobody took (and its error, offline) must not surface later as stale data.
for (const p of Object.values(early)) p.catch(() => {});
setTimeout(() => { window.__early = {}; }, 15000);

const { default: init } = await import('__BUNDLE_JS__');
await init({ module_or_path: '__BUNDLE_WASM__' });
