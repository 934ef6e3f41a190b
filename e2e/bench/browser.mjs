// Browser half of `make bench`: load metrics of the built portal under Lighthouse's mobile
// profile (150 ms RTT, 1.6 Mbps down, 750 kbps up, 4× CPU slowdown; CDP throttling), phone
// viewport. Prints one JSON object on stdout; budgets are judged by report.mjs, not here.
//
// Env: BASE_URL (the real server with demo data), BENCH_STATIC_DIR (the directory that server
// serves, where the static comparison pages are written), BENCH_RUNS (cold runs, default 5).
//
// "Data visible" is the render time of the element the app marks `elementtiming="data-visible"`
// (Element Timing API): the login heading, the home points balance, the first dose's time. The
// static pages are snapshots of the rendered screens, so they carry the same mark.
import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';

const base = process.env.BASE_URL;
const staticDir = process.env.BENCH_STATIC_DIR;
const runs = Number(process.env.BENCH_RUNS || 5);
const PHONE = '13800000003'; // the gold demo member: three medicines on the schedule
const CODE = '246810';
const SCREENS = [
  { name: 'login', path: '/login', session: false },
  { name: 'home', path: '/', session: true },
  { name: 'schedule', path: '/schedule', session: true },
];
const log = (...a) => console.error('[bench]', ...a);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

/** Observers installed before any page script: LCP, CLS, long tasks, the data mark, events. */
function instrument() {
  const p = (window.__perf = { lcp: 0, cls: 0, long: [], dv: null, events: [] });
  const watch = (type, fn, extra = {}) => {
    try { new PerformanceObserver((l) => l.getEntries().forEach(fn)).observe({ type, buffered: true, ...extra }); } catch {}
  };
  watch('largest-contentful-paint', (e) => { p.lcp = e.renderTime || e.startTime; });
  watch('layout-shift', (e) => { if (!e.hadRecentInput) p.cls += e.value; });
  watch('longtask', (e) => p.long.push([e.startTime, e.duration]));
  watch('element', (e) => {
    if (e.identifier === 'data-visible' && p.dv == null) p.dv = e.renderTime || e.loadTime;
  });
  watch('event', (e) => {
    if (e.interactionId) p.events.push({ id: e.interactionId, name: e.name, duration: e.duration, start: e.startTime });
  }, { durationThreshold: 16 });
}

async function newContext({ session, phone = PHONE }) {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 }, isMobile: true, locale: 'zh-CN',
  });
  await context.addInitScript(instrument);
  if (session) {
    // Straight to the API (not throttled): the cookie is what a returning member already has.
    await context.request.post(`${base}/api/v1/auth/code`, { data: { phone } });
    const res = await context.request.post(`${base}/api/v1/auth/login`, { data: { phone, code: CODE } });
    if (!res.ok()) throw new Error(`login failed: ${res.status()}`);
  }
  return context;
}

async function throttle(page, { network = true } = {}) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  if (network) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return cdp;
}

/** Loads `url` in `page` and returns the paint metrics once the data mark has painted. */
async function measureLoad(page, url) {
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  await page.waitForFunction(() => window.__perf && window.__perf.dv != null, null, { timeout: 120_000, polling: 50 });
  // Let late shifts, the LCP candidate and trailing long tasks land.
  await page.waitForTimeout(1500);
  return page.evaluate(() => {
    const p = window.__perf;
    const fcpEntry = performance.getEntriesByName('first-contentful-paint')[0];
    const fcp = fcpEntry ? fcpEntry.startTime : null;
    const nav = performance.getEntriesByType('navigation')[0];
    // (No TTFB: CDP's emulated latency happens before the navigation entry's request starts.)
    // Lighthouse's TBT: the part of every long task after first paint beyond 50 ms.
    const tbt = p.long.filter(([s]) => fcp == null || s >= fcp).reduce((t, [, d]) => t + Math.max(0, d - 50), 0);
    return {
      fcp, lcp: Math.max(p.lcp, fcp || 0), tbt, cls: p.cls, data_visible: p.dv,
      transferred: performance.getEntriesByType('resource').reduce((t, r) => t + (r.transferSize || 0), nav ? nav.transferSize : 0),
    };
  });
}

/** The rendered screen without scripts: what a server-rendered page with the same content is. */
async function snapshot(page, name) {
  const html = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true);
    doc.querySelectorAll('script, template, link[rel=modulepreload], link[rel=preload], link[rel=manifest]').forEach((n) => n.remove());
    return '<!DOCTYPE html>\n' + doc.outerHTML;
  });
  const file = join(staticDir, `bench-static-${name}.html`);
  writeFileSync(file, html);
  writeFileSync(file + '.br', brotliCompressSync(Buffer.from(html)));
  return `/bench-static-${name}.html`;
}

/** Waits (at most 15 s, so a broken worker cannot hang the bench) for the service worker. */
const workerReady = (page) => page.evaluate(() => Promise.race([
  navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : false,
  new Promise((r) => setTimeout(() => r(false), 15000)),
]));

const median = (xs) => {
  const v = xs.filter((x) => x != null).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};
const summarise = (samples) => Object.fromEntries(
  ['fcp', 'lcp', 'tbt', 'cls', 'data_visible', 'transferred'].map((k) => [k, median(samples.map((s) => s[k]))]),
);

// One unmeasured pass so the server's first-request work does not count against run 1.
{
  const context = await newContext({ session: true });
  const page = await context.newPage();
  await measureLoad(page, base + '/schedule');
  await context.close();
}

const screens = {};
for (const screen of SCREENS) {
  const cold = [];
  let warm = null;
  let staticPath = null;
  for (let i = 0; i < runs; i++) {
    const context = await newContext(screen);
    const page = await context.newPage();
    await throttle(page);
    cold.push(await measureLoad(page, base + screen.path));
    if (i === runs - 1) {
      staticPath = await snapshot(page, screen.name);
      // Warm: the same member comes back; HTTP cache and service worker in place.
      await workerReady(page);
      const again = await context.newPage();
      await throttle(again);
      warm = await measureLoad(again, base + screen.path);
    }
    await context.close();
  }
  const statics = [];
  for (let i = 0; i < runs; i++) {
    const context = await newContext({ session: false });
    const page = await context.newPage();
    await throttle(page);
    statics.push(await measureLoad(page, base + staticPath));
    await context.close();
  }
  const portal = summarise(cold);
  const stat = summarise(statics);
  screens[screen.name] = {
    cold: portal, warm, static: stat,
    ratio: portal.data_visible && stat.data_visible ? portal.data_visible / stat.data_visible : null,
    samples: cold.map((s) => s.data_visible),
  };
  log(screen.name, JSON.stringify(screens[screen.name].cold), 'static', stat.data_visible);
}

// Opening a lazy screen from home (the tier card): its chunk fetched on the tap (idle
// prefetching held back), and after the idle prefetch. Tap → the screen's heading painted.
async function openLazy(prefetched) {
  const context = await newContext({ session: true });
  if (!prefetched) await context.addInitScript(() => { window.requestIdleCallback = () => 0; });
  const page = await context.newPage();
  await throttle(page);
  await measureLoad(page, base + '/');
  if (prefetched) {
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.includes('/split_me.wasm') && r.responseEnd > 0), null, { timeout: 60_000 });
    await page.waitForTimeout(1000);
  }
  const t = await page.evaluate(() => new Promise((resolve) => {
    const start = performance.now();
    const done = () => document.querySelector('main#main h1') && !document.querySelector('main#main > .loading');
    new MutationObserver((_, obs) => {
      if (done()) { obs.disconnect(); requestAnimationFrame(() => resolve(performance.now() - start)); }
    }).observe(document.body, { childList: true, subtree: true });
    document.querySelector('[data-testid=tier-card]').click();
  }));
  await context.close();
  return t;
}
const lazyCold = [];
const lazyPrefetched = [];
for (let i = 0; i < runs; i++) {
  lazyCold.push(await openLazy(false));
  lazyPrefetched.push(await openLazy(true));
}
log('lazy screen', JSON.stringify({ lazyCold, lazyPrefetched }));

// Offline cold start: the member opened the schedule once; now there is no network at all.
const offline = [];
for (let i = 0; i < runs; i++) {
  const context = await newContext({ session: true });
  const first = await context.newPage();
  await measureLoad(first, base + '/schedule');
  await workerReady(first);
  await first.close();
  await context.setOffline(true);
  const page = await context.newPage();
  await throttle(page, { network: false });
  const m = await measureLoad(page, base + '/schedule');
  offline.push(m.data_visible);
  await context.close();
}
log('offline', JSON.stringify(offline));

// Interactions (Event Timing: input delay + handlers + next paint) at 4× CPU, schedule loaded.
async function interaction(page, act) {
  const before = await page.evaluate(() => window.__perf.events.length);
  await act();
  await page.waitForTimeout(600);
  return page.evaluate((n) => {
    const fresh = window.__perf.events.slice(n);
    return fresh.length ? Math.max(...fresh.map((e) => e.duration)) : 0;
  }, before);
}
const taken = [];
const tabs = [];
for (let i = 0; i < runs; i++) {
  const context = await newContext({ session: true });
  const page = await context.newPage();
  await throttle(page);
  await measureLoad(page, base + '/schedule');
  const row = page.getByTestId('dose').filter({ has: page.getByRole('button', { name: '已服用' }) }).first();
  taken.push(await interaction(page, async () => {
    await row.getByRole('button', { name: '已服用' }).click();
    await page.getByRole('button', { name: '撤销' }).first().waitFor();
  }));
  // Put it back so every run marks a dose the same way.
  await page.getByRole('button', { name: '撤销' }).first().click();
  await page.getByRole('button', { name: '已服用' }).first().waitFor();
  tabs.push(await interaction(page, async () => {
    await page.locator('nav.tab-bar a[href="/"]').click();
    await page.getByTestId('greeting').waitFor();
  }));
  await context.close();
}
log('interactions', JSON.stringify({ taken, tabs }));

// A long points ledger: 2,000 orders credited to the bronze member (the shop's admin API), the
// member pages through 1,000 rows with "load more", then scrolls the whole list.
const LEDGER_ROWS = 1000;
{
  const ids = Array.from({ length: 2000 }, (_, i) => `bench-order-${i}`);
  const worker = async () => {
    for (let id = ids.pop(); id; id = ids.pop()) {
      const res = await fetch(`${base}/api/v1/admin/orders`, {
        method: 'POST', headers: { authorization: 'Bearer dev-admin-token', 'content-type': 'application/json' },
        body: JSON.stringify({ order_id: id, member_id: 'demo-bronze', amount_fen: 1000 }),
      });
      if (!res.ok) throw new Error(`order ${id}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}
const ledger = await (async () => {
  const context = await newContext({ session: true, phone: '13800000001' });
  const page = await context.newPage();
  await throttle(page);
  await page.goto(base + '/points', { waitUntil: 'commit' });
  const rows = page.getByTestId('ledger').locator('.list-row');
  const more = page.getByRole('button', { name: '加载更多' });
  await rows.first().waitFor({ timeout: 120_000 });
  let lastTap = 0;
  while ((await rows.count()) < LEDGER_ROWS) {
    const n = await rows.count();
    lastTap = await interaction(page, async () => {
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=ledger] .list-row').length > n, n);
    });
  }
  // Scroll top to bottom in 400 px steps; frame gaps over 50 ms are visible stutter.
  const frames = await page.evaluate(async () => {
    const gaps = [];
    let last = performance.now();
    let on = true;
    const tick = (t) => { gaps.push(t - last); last = t; if (on) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    window.scrollTo(0, 0);
    while (window.scrollY + innerHeight < document.body.scrollHeight - 10) {
      window.scrollBy(0, 400);
      await new Promise((r) => setTimeout(r, 32));
    }
    on = false;
    return gaps;
  });
  await context.close();
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    rows: LEDGER_ROWS,
    load_more_ms: lastTap,
    frames: frames.length,
    frame_p95_ms: sorted[Math.floor(sorted.length * 0.95)],
    long_frames: frames.filter((g) => g > 50).length,
  };
})();
log('ledger', JSON.stringify(ledger));
await browser.close();

console.log(JSON.stringify({
  runs,
  throttling: '150 ms RTT, 1.6 Mbps down, 750 kbps up, 4x CPU, 375x812, cold cache per run',
  screens,
  offline_cold_start: { median: median(offline), samples: offline },
  lazy_screen: {
    on_tap: { median: median(lazyCold), samples: lazyCold },
    prefetched: { median: median(lazyPrefetched), samples: lazyPrefetched },
  },
  interactions: {
    dose_taken: { median: median(taken), samples: taken },
    tab_switch: { median: median(tabs), samples: tabs },
  },
  ledger,
}, null, 2));
