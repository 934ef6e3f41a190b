// Lighthouse (mobile preset: simulated 150 ms RTT, 1.6 Mbps, 4x CPU) on the three first
// screens, median of BENCH_LH_RUNS (default 3) runs each, next to the CDP figures of
// browser.mjs. The signed-in screens get the session cookie a returning member already has.
// Prints one JSON object on stdout. Env: BASE_URL, LIGHTHOUSE (the binary), CHROME_PATH.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const runs = Number(process.env.BENCH_LH_RUNS || 3);
const PHONE = '13800000003';

async function cookie() {
  await fetch(`${base}/api/v1/auth/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: PHONE }) });
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: PHONE, code: '246810' }),
  });
  if (!res.ok) throw new Error(`login ${res.status}`);
  return res.headers.get('set-cookie').split(';')[0];
}

const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const session = await cookie();
const out = {};
for (const [name, path, signedIn] of [['login', '/login', false], ['home', '/', true], ['schedule', '/schedule', true]]) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const file = join(dir, `${name}-${i}.json`);
    const args = [`${base}${path}`, '--quiet', '--output=json', `--output-path=${file}`, '--only-categories=performance',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu'];
    if (signedIn) args.push(`--extra-headers=${JSON.stringify({ Cookie: session })}`);
    execFileSync(process.env.LIGHTHOUSE || 'lighthouse', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    const r = JSON.parse(readFileSync(file, 'utf8'));
    samples.push({
      score: r.categories.performance.score * 100,
      fcp: r.audits['first-contentful-paint'].numericValue,
      lcp: r.audits['largest-contentful-paint'].numericValue,
      tbt: r.audits['total-blocking-time'].numericValue,
      cls: r.audits['cumulative-layout-shift'].numericValue,
    });
  }
  out[name] = Object.fromEntries(['score', 'fcp', 'lcp', 'tbt', 'cls'].map((k) => [k, median(samples.map((s) => s[k]))]));
  console.error('[lighthouse]', name, JSON.stringify(out[name]));
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(out));
