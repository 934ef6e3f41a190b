import { Page, BrowserContext, request as playwrightRequest } from '@playwright/test';
import { test, expect } from './fixtures';
import { logIn, shot } from './helpers';

const SILVER = '13800000002';
const BRONZE = '13800000001';

/** Keys in the encrypted offline store, without creating the database if it is absent. */
async function storedKeys(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    if (!dbs.some((d) => d.name === 'portal-offline')) return [];
    return new Promise<string[]>((resolve) => {
      const r = indexedDB.open('portal-offline');
      // Never create the store here (the app may be between deleting and recreating it).
      r.onupgradeneeded = () => r.transaction!.abort();
      r.onsuccess = () => {
        const db = r.result;
        if (!db.objectStoreNames.contains('data')) { db.close(); resolve([]); return; }
        const q = db.transaction('data').objectStore('data').getAllKeys();
        q.onsuccess = () => { db.close(); resolve(q.result as string[]); };
      };
      r.onerror = () => resolve([]);
    });
  });
}

/** The stored schedule record as text, to prove it is ciphertext. */
async function storedScheduleBytes(page: Page): Promise<string> {
  return page.evaluate(() => new Promise<string>((resolve) => {
    const r = indexedDB.open('portal-offline');
    r.onsuccess = () => {
      const q = r.result.transaction('data').objectStore('data').get('schedule');
      q.onsuccess = () => { r.result.close(); resolve(new TextDecoder().decode(q.result.ct)); };
    };
  }));
}

/** Logs made on the server since `since` (unix seconds), for this session's member. */
async function serverLogsSince(context: BrowserContext, baseURL: string, since: number) {
  const res = await context.request.get(`${baseURL}/api/v1/schedule`);
  expect(res.ok()).toBeTruthy();
  const view = await res.json();
  return view.logs.filter((l: { at: number; id: string }) => l.at >= since && !l.id.includes('-seed-'));
}

async function openSchedule(page: Page, phone: string) {
  await page.goto('/schedule');
  await logIn(page, phone);
  await expect(page).toHaveURL(/\/schedule$/);
  await expect(page.getByTestId('today-doses').getByTestId('dose').first()).toBeVisible();
  await expect.poll(() => storedKeys(page)).toContain('schedule');
}

for (const mode of ['with a service worker', 'without service workers (iOS WeChat)'] as const) {
  test.describe(`offline schedule ${mode}`, () => {
    test.use({ serviceWorkers: mode.startsWith('with a') ? 'allow' : 'block' });

    test('shows the schedule offline, queues a dose, syncs it once, and logout wipes it', async ({ page, context, baseURL }) => {
      const sw = mode.startsWith('with a');
      const phone = sw ? SILVER : BRONZE;
      const since = Math.floor(Date.now() / 1000) - 5;
      await openSchedule(page, phone);
      // Health data on the device is ciphertext.
      expect(await storedScheduleBytes(page)).not.toMatch(/二甲双胍|氨氯地平/);

      if (sw) {
        await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
        // A cold start with no network at all: the shell from the service worker, the
        // profile and schedule from the encrypted store.
        await context.setOffline(true);
        await page.reload();
      } else {
        // No service worker: the page itself cannot load offline, so a reload is tested
        // with only the API unreachable; then the network goes away with the page open.
        await context.route('**/api/**', (route) => route.abort('internetdisconnected'));
        await page.reload();
        await expect(page.getByTestId('today-doses').getByTestId('dose').first()).toBeVisible();
        await expect(page.locator('.banner.offline')).toContainText(/当前离线/);
        await context.unroute('**/api/**');
        await context.setOffline(true);
        await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /首页/ }).click();
        await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /用药/ }).click();
      }
      const first = page.getByTestId('today-doses').getByTestId('dose').first();
      await expect(first).toBeVisible();
      await expect(page.locator('.banner.offline')).toContainText(/当前离线/);

      await first.getByRole('button', { name: '已服用' }).click();
      await expect(first.getByTestId('pending')).toHaveText('待同步');
      await expect(first.getByTestId('dose-state')).toContainText('已服用');
      await expect(page.getByTestId('unsent')).toContainText('1 条服药记录待同步');
      await shot(page, `schedule-offline-pending-${sw ? 'sw' : 'no-sw'}`);

      // Back online: the outbox is replayed and the dose is on the server exactly once.
      await context.setOffline(false);
      await expect(first.getByTestId('pending')).toHaveCount(0, { timeout: 40_000 });
      await expect(page.getByTestId('unsent')).toHaveCount(0);
      await expect.poll(async () => (await serverLogsSince(context, baseURL!, since)).length).toBe(1);
      await page.reload();
      await expect(first.getByTestId('dose-state')).toContainText('已服用');
      expect((await serverLogsSince(context, baseURL!, since)).length).toBe(1);

      // An undo made offline and then logout: the member is warned before it is lost.
      await context.setOffline(true);
      await first.getByRole('button', { name: '撤销' }).click();
      await expect(first.getByRole('button', { name: '已服用' })).toBeVisible();
      await expect(page.getByTestId('unsent')).toContainText('1 条服药记录待同步');
      await page.getByRole('navigation', { name: 'main' }).getByRole('link', { name: /我的/ }).click();
      let warned = '';
      page.once('dialog', (d) => { warned = d.message(); d.accept(); });
      await page.getByRole('button', { name: '退出登录' }).click();
      await expect(page).toHaveURL(/\/login/);
      expect(warned).toContain('1 条服药记录未同步');
      await expect.poll(() => storedKeys(page)).toEqual([]);
    });

    test('every screen meant for offline use opens with no network', async ({ page, context }) => {
      const sw = mode.startsWith('with a');
      await openSchedule(page, sw ? SILVER : BRONZE);
      // Their code arrives while the device idles after the first screen (src/lazy.rs).
      const fetched = () => page.evaluate(() => performance.getEntriesByType('resource')
        .map((r) => r.name.split('/').pop()!).filter((n) => n.startsWith('split_')));
      await expect.poll(fetched, { timeout: 20_000 }).toEqual(
        expect.arrayContaining(['split_schedule_more.wasm', 'split_me.wasm', 'split_articles.wasm']));
      const medicine = (await (await context.request.get('/api/v1/schedule')).json()).medications[0];
      if (sw) {
        await page.waitForFunction(() => navigator.serviceWorker?.controller != null);
        // A cold start with no network: the service worker has the shell and these chunks.
        await context.setOffline(true);
      } else {
        await context.setOffline(true);
      }
      const open = async (path: string) => {
        if (sw) {
          await page.goto(path);
        } else {
          // No service worker: the page stays open and the router follows an in-app link.
          await page.evaluate((href) => {
            const a = Object.assign(document.createElement('a'), { href, textContent: 'go', id: 'go' });
            a.style.cssText = 'position:fixed;top:0;left:0;z-index:99999;padding:1rem;background:#fff';
            document.getElementById('go')?.remove();
            document.body.append(a);
          }, path);
          await page.locator('#go').click();
        }
        await expect(page).toHaveURL(new RegExp(path + '$'));
        await expect(page.getByTestId('chunk-failed')).toHaveCount(0);
      };
      await open('/schedule/week');
      await expect(page.getByTestId('week-day').first()).toBeVisible();
      await open('/schedule/medicines');
      await expect(page.getByTestId('medicine').first()).toBeVisible();
      await open(`/schedule/medicines/${medicine.id}`);
      await expect(page.getByRole('heading', { level: 1 })).toContainText(medicine.name);
      await open('/wallet');
      await expect(page.getByTestId('member-barcode')).toBeVisible();
      await open('/articles/saved');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的收藏');
      await shot(page, `offline-screens-${sw ? 'sw' : 'no-sw'}`);
      await context.setOffline(false);
    });
  });
}

test('a dose queued on a dropped line and sent at the next start shows as taken, not as the copy from before', async ({ page, context, baseURL }) => {
  const since = Math.floor(Date.now() / 1000) - 5;
  await openSchedule(page, '13800000003');
  // A dose not logged yet (earlier tests may have logged some of today's).
  const rows = page.getByTestId('today-doses').getByTestId('dose');
  let i = 0;
  while (!(await rows.nth(i).getByRole('button', { name: '已服用' }).isVisible())) i++;
  const first = rows.nth(i);
  await context.route('**/api/v1/doses', (route) => route.abort('internetdisconnected'));
  await first.getByRole('button', { name: '已服用' }).click();
  await expect(first.getByTestId('pending')).toHaveText('待同步');

  // The app starts again with the line back: boot.js asks for the schedule early, before the
  // outbox is sent; that early copy must not hide the dose the outbox just delivered.
  await context.unroute('**/api/v1/doses');
  await page.reload();
  await expect.poll(async () => (await serverLogsSince(context, baseURL!, since)).length).toBe(1);
  await expect(first.getByTestId('pending')).toHaveCount(0);
  await page.waitForTimeout(1000);
  await expect(first.getByTestId('dose-state')).toContainText('已服用');
  await expect(first.getByRole('button', { name: '撤销' })).toBeVisible();
});

test('today, week and medicines screens show states, reminders and adherence', async ({ page }) => {
  await openSchedule(page, SILVER);
  await expect(page.getByTestId('reminder').first()).toBeVisible();
  await shot(page, 'schedule-today');
  await page.getByRole('link', { name: '日历' }).click();
  await expect(page.getByTestId('week-day')).toHaveCount(14);
  await expect(page.locator('.day-doses .missed').first()).toBeVisible();
  await shot(page, 'schedule-week');
  await page.getByRole('link', { name: '药品' }).click();
  await expect(page.getByTestId('adherence')).toContainText('%');
  await expect(page.getByTestId('medicine')).toHaveCount(2);
  const ics = await page.request.get(await page.getByTestId('ics-link').getAttribute('href') as string);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  expect(await ics.text()).toContain('BEGIN:VALARM');
  // The subscription link works for a calendar app that has no session at all.
  await page.getByTestId('feed-create').click();
  const webcal = (await page.getByTestId('feed-link').getAttribute('href'))!;
  expect(webcal).toMatch(/^webcal:\/\/.+\/api\/v1\/feeds\/[0-9a-f]{64}\/schedule\.ics$/);
  const anonymous = await playwrightRequest.newContext();
  const feed = await anonymous.get(webcal.replace(/^webcal:/, 'http:'));
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');
  await anonymous.dispose();
  await shot(page, 'schedule-medicines');
  await page.getByTestId('medicine').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('二甲双胍');
  await shot(page, 'schedule-medicine-detail');
});

test('a member adds a medicine, is told about a bad field, changes it and removes it', async ({ page }) => {
  await openSchedule(page, BRONZE);
  await page.getByRole('link', { name: '药品' }).click();
  await page.getByTestId('add-medicine').click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('alert')).toHaveText('请检查：药品名称');
  await page.locator('#name').fill('阿司匹林肠溶片');
  await page.locator('#strength').fill('100 mg');
  await page.locator('#time-0').fill('21:30');
  await page.locator('#food').fill('饭后服用');
  await page.locator('#supply').fill('30');
  await shot(page, 'schedule-add-medicine');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('阿司匹林肠溶片');
  await expect(page.getByText('约剩 30 天')).toBeVisible();

  await page.getByRole('link', { name: '修改' }).click();
  await page.locator('#amount').fill('2');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('约剩 15 天')).toBeVisible();

  await page.getByRole('link', { name: '修改' }).click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: '从计划中删除' }).click();
  await expect(page).toHaveURL(/\/schedule\/medicines$/);
  await expect(page.getByTestId('medicine')).toHaveCount(1);
});

test('the schedule reads well in English with large text, and in dark mode', async ({ page }) => {
  await page.addInitScript(() => {
    localStorage.setItem('portal.locale', 'en');
    localStorage.setItem('portal.largeText', '1');
  });
  await page.goto('/schedule');
  await expect(page).toHaveURL(/\/login/);
  await page.locator('#phone').fill('13800000003');
  await page.getByRole('button', { name: 'Get code' }).click();
  const code = (await page.getByText(/Demo code/).textContent())!.match(/\d{6}/)![0];
  await page.locator('#code').fill(code);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('today-doses').getByTestId('dose').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Taken' }).first()).toBeVisible();
  await expect(page.getByText(/Keep|2–8 °C/).first()).toBeVisible();
  // Nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await shot(page, 'schedule-today-en-large');
  await page.getByRole('link', { name: 'Medicines' }).first().click();
  await page.getByRole('link', { name: 'Calendar', exact: true }).click();
  await shot(page, 'schedule-week-en-large');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('navigation', { name: 'Medication schedule' }).getByRole('link', { name: 'Medicines' }).click();
  await expect(page.getByTestId('adherence')).toBeVisible();
  await shot(page, 'schedule-medicines-en-dark');
});

test('a dose recorded twice is flagged on the row, in plain words', async ({ page, context, baseURL }) => {
  await openSchedule(page, '13800000003');
  const api = context.request;
  const today = (await (await api.get(`${baseURL}/api/v1/schedule`)).json()).today;
  const created = await api.post(`${baseURL}/api/v1/medications`, { data: {
    name: '测试用药', strength: '', form: '', dose_amount: 1, dose_unit: '片',
    timing: { kind: 'times', times: ['00:00'] }, start_date: today, end_date: null,
    storage_note: null, food_note: null, supply_on_hand: null, renewal_date: null, prescription_id: null,
  } });
  const med = await created.json();
  const view = await (await api.get(`${baseURL}/api/v1/schedule`)).json();
  const occ = view.occurrences.find((o: { medication_id: string; local_date: string }) => o.medication_id === med.id && o.local_date === view.today);
  for (const id of ['twice-aaaa-1', 'twice-bbbb-2']) {
    const res = await api.post(`${baseURL}/api/v1/doses`, { data: { id, medication_id: med.id, scheduled_at: occ.at, action: 'taken' } });
    expect(res.status()).toBe(201);
  }
  await page.reload();
  const row = page.getByTestId('today-doses').getByTestId('dose').filter({ hasText: '测试用药' });
  await expect(row.getByTestId('dose-flag').first()).toContainText('记录了两次服用');
  await shot(page, 'schedule-double-dose');
  expect((await api.delete(`${baseURL}/api/v1/medications/${med.id}`)).status()).toBe(204);
});

test('a dose falling due while the portal is open is announced in the app, and the notice closes when read', async ({ page }) => {
  // The fixtures close this notice in every other test; here it is what is tested.
  await page.removeLocatorHandler(page.getByTestId('reminder-notice'));
  await openSchedule(page, SILVER);
  const view = await (await page.request.get('/api/v1/schedule')).json();
  const now = Date.now() / 1000;
  // A dose not logged already (the offline test takes today's first dose, which is still to
  // come when this runs after midnight in Shanghai) and the only one due at its time.
  type Occ = { medication_id: string; at: number };
  const logged = (o: Occ) => view.logs.some((l: { medication_id: string; scheduled_at: number }) =>
    l.medication_id === o.medication_id && l.scheduled_at === o.at);
  const open = view.occurrences.filter((o: Occ) => !logged(o));
  const next = open.find((o: Occ) => o.at > now + 3600 && open.filter((p: Occ) => p.at === o.at).length === 1);
  const med = view.medications.find((m: { id: string }) => m.id === next.medication_id);
  // A minute after that dose was due, on the phone's clock; the page starts again with it.
  await page.clock.setFixedTime(new Date((next.at + 60) * 1000));
  await page.reload();
  const notice = page.getByTestId('reminder-notice');
  await expect(notice).toContainText(med.name);
  await shot(page, 'schedule-reminder-notice');
  await notice.getByRole('button', { name: '知道了' }).click();
  await expect(notice).toHaveCount(0);
});
