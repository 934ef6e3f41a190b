import { readFileSync } from 'node:fs';
import { Browser, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { GOLD } from './helpers';

/**
 * Route chunks (src/lazy.rs): every lazy route in the router's table opens, directly by URL
 * and by navigation inside the app; a cold home fetches no other screen's code before the
 * device idles; a chunk that fails to arrive shows an error whose Retry works.
 */

/** `path → screen` for every `lazy(Screen::…)` route in src/app.rs (the runner starts in e2e/): a new route is tested too. */
const LAZY_ROUTES = [...readFileSync('../src/app.rs', 'utf8')
  .matchAll(/path!\("([^"]+)"\)\s+view=\|\|\s*lazy\(Screen::(\w+)\)/g)].map((m) => ({ path: m[1], screen: m[2] }));

/** Real ids for the routes' parameters, read from the API as the signed-in member. */
async function params(page: Page): Promise<Record<string, string>> {
  const get = async (url: string) => (await page.request.get(url)).json();
  const schedule = await get('/api/v1/schedule');
  const articles = await get('/api/v1/articles');
  const prescriptions = await get('/api/v1/prescriptions');
  // A dependant for the family routes (removed after the run: the demo member has none).
  const added = await page.request.post('/api/v1/family/dependants', { data: { name: '路由测试' } });
  expect(added.status()).toBe(201);
  const medication = schedule.medications?.[0]?.id;
  const article = (articles.items ?? articles.articles ?? articles)[0]?.slug;
  const prescription = (prescriptions.items ?? prescriptions)[0]?.id ?? 'none';
  const person = (await added.json()).id;
  expect(medication, 'the demo member has a medication').toBeTruthy();
  expect(article, 'there is an article').toBeTruthy();
  return { ':id': medication, ':slug': article, ':person': person, 'prescriptions/:id': prescription, 'family/:id': person };
}

function fill(path: string, ids: Record<string, string>): string {
  let out = path;
  for (const [key, value] of Object.entries(ids).filter(([k]) => k.includes('/'))) {
    out = out.replace(key, key.replace(/:\w+$/, value));
  }
  return out.replace(/:\w+/g, (p) => ids[p] ?? (() => { throw new Error(`no sample value for ${p} in ${path}`); })());
}

/** Signs in through the API (one login for the whole file: codes are rate-limited). */
async function signedInPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.BASE_URL, viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.addLocatorHandler(page.getByTestId('reminder-notice'), (n) => n.getByRole('button').click());
  const code = await (await page.request.post('/api/v1/auth/code', { data: { phone: GOLD.phone } })).json();
  const login = await page.request.post('/api/v1/auth/login', { data: { phone: GOLD.phone, code: code.dev_code } });
  expect(login.ok()).toBeTruthy();
  return page;
}

/** The screen is there: not the skeleton, not the chunk error, and it has a heading or state. */
async function expectScreen(page: Page, path: string) {
  const main = page.locator('main#main');
  await expect(main.getByTestId('chunk-failed'), path).toHaveCount(0);
  await expect(main.locator('h1, h2, .error-state, .empty').first(), path).toBeVisible();
  await expect(main.locator('> .loading'), path).toHaveCount(0);
  await expect(main.getByTestId('chunk-failed'), path).toHaveCount(0);
}

test.describe('every lazy route', () => {
  test.describe.configure({ mode: 'serial' });
  let page: Page;
  let ids: Record<string, string>;
  const crashes: string[] = [];

  test.beforeAll(async ({ browser }) => {
    page = await signedInPage(browser);
    page.on('pageerror', (e) => crashes.push(e.message));
    await page.goto('/');
    ids = await params(page);
  });
  test.afterAll(async () => {
    await page.request.delete(`/api/v1/family/dependants/${ids[':person']}`);
    await page.context().close();
  });

  test('the route table has lazy routes', () => {
    expect(LAZY_ROUTES.length).toBeGreaterThan(20);
  });

  for (const { path, screen } of LAZY_ROUTES) {
    test(`${path} (${screen}) opens by URL and by navigation`, async () => {
      const url = fill(path, ids);
      await page.goto(url);
      await expectScreen(page, url);
      // In-app navigation: home first (no reload), then a link the router follows.
      await page.goto('/');
      await expect(page.getByTestId('greeting')).toBeVisible();
      await page.evaluate((href) => {
        const a = document.createElement('a');
        a.href = href;
        a.textContent = 'go';
        a.id = 'smoke-link';
        a.style.cssText = 'position:fixed;top:0;left:0;z-index:99999;padding:1rem;background:#fff';
        document.body.append(a);
        (window as any).__samePage = true;
      }, url);
      await page.locator('#smoke-link').click();
      await expect(page).toHaveURL(new RegExp(url.replace(/[.?]/g, '\\$&') + '$'));
      await expectScreen(page, url);
      expect(await page.evaluate(() => (window as any).__samePage), 'the router navigated (no page load)').toBe(true);
      expect(crashes, 'no uncaught error or panic').toEqual([]);
    });
  }
});

test.describe('chunk requests', () => {
  // Requests of a service worker bypass the page's routes: these are about the network itself.
  test.use({ serviceWorkers: 'block' });

  test('a cold home fetches no other screen before the device idles, then the likely next ones', async ({ page, context }) => {
    const code = await (await context.request.post('/api/v1/auth/code', { data: { phone: GOLD.phone } })).json();
    await context.request.post('/api/v1/auth/login', { data: { phone: GOLD.phone, code: code.dev_code } });
    const wasm: string[] = [];
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(new URL(r.url()).pathname.split('/').pop()!); });
    // Idle callbacks never fire until the test lets them.
    await page.addInitScript(() => {
      const queued: Array<() => void> = [];
      (window as any).requestIdleCallback = (f: () => void) => { queued.push(f); return queued.length; };
      (window as any).__runIdle = () => queued.splice(0).forEach((f) => f());
    });
    await page.goto('/');
    await expect(page.getByTestId('greeting')).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(wasm, 'only the main module before idle').toEqual(['portal_bg.wasm']);
    // (The app asks for an idle moment a few seconds after the first screen settles.)
    await expect.poll(async () => {
      await page.evaluate(() => (window as any).__runIdle());
      return wasm.filter((f) => f.startsWith('split_')).length;
    }, { timeout: 20_000 }).toBe(4);
    // Then opening one of them fetches nothing more.
    const before = wasm.length;
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /处方/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(wasm.length).toBe(before);
  });

  test('a screen whose code cannot be fetched says so, and Retry opens it', async ({ page, context }) => {
    const code = await (await context.request.post('/api/v1/auth/code', { data: { phone: GOLD.phone } })).json();
    await context.request.post('/api/v1/auth/login', { data: { phone: GOLD.phone, code: code.dev_code } });
    let fail = true;
    await page.route('**/split_*.wasm', (route) => (fail ? route.abort('connectionreset') : route.continue()));
    const crashes: string[] = [];
    page.on('pageerror', (e) => crashes.push(e.message));
    await page.goto('/tier');
    const failed = page.getByTestId('chunk-failed');
    await expect(failed).toBeVisible();
    await expect(failed).toContainText('页面没有加载出来');
    await expect(failed.getByRole('button', { name: '刷新应用' })).toBeVisible();
    // The rest of the app still works: the tab bar leads home.
    await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /首页/ }).click();
    await expect(page.getByTestId('greeting')).toBeVisible();
    await page.goBack();
    await expect(failed).toBeVisible();
    fail = false;
    await failed.getByRole('button', { name: '重试' }).click();
    await expect(failed).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(crashes).toEqual([]);
  });
});
