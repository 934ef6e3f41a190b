import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { GOLD } from './helpers';

/**
 * A deploy while a member has the portal open: the page of the earlier build keeps fetching
 * its route chunks from its own build folder (scripts/build-portal.sh keeps the last builds),
 * and when that folder is gone the screen says so and a reload brings the new build.
 * Runs its own server (the same binary as the suite's) on a copy of dist/ it can deploy into.
 */
const SERVER = process.env.SERVER_BIN ?? '../target/debug/server';
const DIST = process.env.DIST_DIR ?? '../dist';

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});

/** The build folder index.html's start module points at. */
function currentBuild(dir: string): { boot: string; build: string } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const boot = html.match(/src="\/(boot-[0-9a-f]+\.js)"/)![1];
  const build = readFileSync(join(dir, boot), 'utf8').match(/\/pkg\/(b-[0-9a-f]{16})\//)![1];
  return { boot, build };
}

/**
 * Deploys a new build into `dir`: a copy of the current one under a new content hash, a new
 * start module and index.html. `keepOld` is what build-portal.sh does; without it every earlier
 * build's folder is gone, as after a deploy that replaced the whole directory.
 */
function deploy(dir: string, tag: string, keepOld: boolean): string {
  const { boot, build } = currentBuild(dir);
  const next = 'b-' + createHash('sha256').update(build + tag).digest('hex').slice(0, 16);
  cpSync(join(dir, 'pkg', build), join(dir, 'pkg', next), { recursive: true });
  if (!keepOld) {
    for (const old of readdirSync(join(dir, 'pkg')).filter((b) => b !== next)) rmSync(join(dir, 'pkg', old), { recursive: true });
  }
  const js = readFileSync(join(dir, boot), 'utf8').replaceAll(`/pkg/${build}/`, `/pkg/${next}/`);
  const nextBoot = `boot-${createHash('sha256').update(js).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, nextBoot), js);
  const integrity = 'sha384-' + createHash('sha384').update(js).digest('base64');
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
    .replaceAll(`/${boot}`, `/${nextBoot}`)
    .replace(/(<script[^>]*boot-[0-9a-f]+\.js[^>]*integrity=")[^"]+(")/, `$1${integrity}$2`)
    .replace(/(<link[^>]*boot-[0-9a-f]+\.js[^>]*integrity=")[^"]+(")/, `$1${integrity}$2`);
  // Drop the precompressed copies of what changed: the server would prefer stale ones.
  for (const f of readdirSync(dir).filter((f) => f.startsWith('index.html.'))) rmSync(join(dir, f));
  writeFileSync(join(dir, 'index.html'), html);
  return next;
}

test.describe('a deploy while the portal is open', () => {
  test.use({ serviceWorkers: 'block' });
  let server: ChildProcess;
  let base: string;
  let root: string;

  test.beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'portal-deploy-'));
    cpSync(DIST, join(root, 'static'), { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(SERVER, ['--mode', 'dev', '--listen', `127.0.0.1:${port}`, '--data-dir', join(root, 'data'),
      '--static-dir', join(root, 'static')], { stdio: 'ignore' });
    await expect.poll(async () => (await fetch(`${base}/readyz`).catch(() => null))?.ok ?? false, { timeout: 30_000 }).toBe(true);
  });
  test.afterAll(() => {
    server?.kill();
    rmSync(root, { recursive: true, force: true });
  });

  test('an open page of the earlier build still opens its screens; a removed build offers a reload that works', async ({ page }) => {
    const crashes: string[] = [];
    page.on('pageerror', (e) => crashes.push(e.message));
    const code = await (await page.request.post(`${base}/api/v1/auth/code`, { data: { phone: GOLD.phone } })).json();
    await page.request.post(`${base}/api/v1/auth/login`, { data: { phone: GOLD.phone, code: code.dev_code } });
    // Idle prefetching is held back, so each screen's code is fetched when it is opened.
    await page.addInitScript(() => { (window as any).requestIdleCallback = () => 0; });
    await page.goto(`${base}/`);
    await expect(page.getByTestId('greeting')).toBeVisible();
    const first = currentBuild(join(root, 'static')).build;

    // Build B is deployed, the earlier build kept: the open page opens a screen from build A.
    const second = deploy(join(root, 'static'), 'B', true);
    const chunks: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) chunks.push(new URL(r.url()).pathname); });
    await page.getByTestId('tier-card').click();
    await expect(page).toHaveURL(/\/tier$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('chunk-failed')).toHaveCount(0);
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((c) => c.startsWith(`/pkg/${first}/`))).toBe(true);

    // Build C is deployed and build A's files are gone: the next screen cannot load; the page
    // says so instead of dying, and a reload opens the screen from build C.
    const third = deploy(join(root, 'static'), 'C', false);
    expect(third).not.toBe(second);
    // (The tier screen's chunk also holds settings: prescriptions live in another one.)
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /处方/ }).click();
    const failed = page.getByTestId('chunk-failed');
    await expect(failed).toBeVisible();
    await expect(failed).toContainText('刷新应用');
    // The app is alive: home still works.
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /首页/ }).click();
    await expect(page.getByTestId('greeting')).toBeVisible();
    await page.goBack();
    await failed.getByRole('button', { name: '刷新应用' }).click();
    await expect(page).toHaveURL(/\/prescriptions$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByTestId('chunk-failed')).toHaveCount(0);
    expect(chunks.some((c) => c.startsWith(`/pkg/${third}/`))).toBe(true);
    expect(crashes).toEqual([]);
  });
});
