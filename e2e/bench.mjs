// Load metrics for the built portal under Lighthouse-like mobile throttling
// (150 ms RTT, 1.6 Mbps down, 750 kbps up, 4× CPU slowdown), phone viewport, cold cache.
// Usage: BASE_URL=http://127.0.0.1:PORT node bench.mjs [runs]  → prints JSON to stdout.
import { chromium } from '@playwright/test';

const base = process.env.BASE_URL;
const runs = Number(process.argv[2] || 3);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function throttled() {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, locale: 'zh-CN' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return { context, page };
}

const samples = [];
for (let i = 0; i < runs; i++) {
  const { context, page } = await throttled();
  await page.addInitScript(() => {
    window.__lcp = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; })
      .observe({ type: 'largest-contentful-paint', buffered: true });
  });
  const t0 = Date.now();
  await page.goto(base + '/login', { waitUntil: 'commit' });
  // "Interactive": the app has replaced the skeleton with the real login form.
  await page.locator('#phone').waitFor({ timeout: 120_000 });
  const interactive = Date.now() - t0;
  const m = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { ttfb: nav.responseStart, fcp: fcp ? fcp.startTime : null, lcp: window.__lcp };
  });
  // Then log in and time the home summary: the first screen a member actually uses.
  await page.locator('#phone').fill('13800000003');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.locator('#code').fill('246810');
  const t1 = Date.now();
  await page.getByRole('button', { name: /^登录$/ }).click();
  await page.getByTestId('greeting').waitFor({ timeout: 120_000 });
  samples.push({ ...m, interactive, login_to_home: Date.now() - t1 });
  await context.close();
}
await browser.close();

const median = (k) => {
  const v = samples.map((s) => s[k]).filter((x) => x != null).sort((a, b) => a - b);
  return v.length ? Math.round(v[Math.floor(v.length / 2)]) : null;
};
console.log(JSON.stringify({
  runs,
  throttling: '150 ms RTT, 1.6 Mbps down, 4x CPU, 375x812',
  median_ms: Object.fromEntries(['ttfb', 'fcp', 'lcp', 'interactive', 'login_to_home'].map((k) => [k, median(k)])),
  samples,
}, null, 2));
