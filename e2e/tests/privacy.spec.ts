import { Page, APIRequestContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { handoffCode, logIn, shot, tab } from './helpers';

const ADMIN = { authorization: 'Bearer dev-admin-token' };

/** A member the platform registers now: not a demo member, so consent is asked at first login. */
async function register(request: APIRequestContext, phone: string, name: string) {
  const res = await request.post('/api/v1/admin/members', { headers: ADMIN, data: { phone, name } });
  expect(res.status()).toBe(201);
}

async function offlineKeys(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    if (!dbs.some((d) => d.name === 'portal-offline')) return 0;
    return new Promise<number>((resolve) => {
      const r = indexedDB.open('portal-offline');
      // The app may delete and recreate the store (a new member claims the device) between
      // the listing and this open: never create it here, or the app would find it empty.
      r.onupgradeneeded = () => r.transaction!.abort();
      r.onsuccess = () => {
        const db = r.result;
        if (!db.objectStoreNames.contains('data')) { db.close(); resolve(0); return; }
        const q = db.transaction('data').objectStore('data').count();
        q.onsuccess = () => { db.close(); resolve(q.result); };
        q.onerror = () => { db.close(); resolve(0); };
      };
      r.onerror = () => resolve(0);
    });
  });
}

test('a new member reads what is collected and why, agrees, exports their data and deletes the account', async ({ page, request }) => {
  const phone = '13900000777';
  await register(request, phone, '赵新华');
  await page.goto('/');
  await logIn(page, phone);
  const consent = page.getByRole('heading', { name: '个人信息保护说明' });
  await expect(consent).toBeVisible();
  await expect(page.getByText(/处方与用药计划/)).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'main' })).toHaveCount(0); // nothing else opens yet
  await shot(page, 'consent-zh');
  await page.getByTestId('consent-accept').click();
  await expect(tab(page, /我的/)).toBeVisible();

  // Marketing is off until turned on, and the choice is the server's.
  await page.goto('/settings');
  const marketing = page.getByTestId('marketing');
  await expect(marketing).not.toBeChecked();
  await expect(marketing).toBeEnabled();
  await marketing.check();
  await expect(marketing).toBeEnabled();
  await page.reload();
  await expect(page.getByTestId('marketing')).toBeChecked();

  await page.getByRole('link', { name: '我的数据与账户' }).click();
  await expect(page.getByRole('heading', { name: '我的数据与账户' })).toBeVisible();
  await expect(page.getByText(/同意了隐私政策/)).toBeVisible();
  await shot(page, 'account-zh');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const exported = JSON.parse(await (await download.createReadStream())!.toArray().then((c) => Buffer.concat(c).toString()));
  expect(exported.profile.phone).toBe(phone);
  expect(exported.profile.marketing).toBe(1);
  expect(JSON.stringify(exported)).not.toContain('_hash');

  // The delete button waits for the member to say they understand, then asks once more.
  const del = page.getByTestId('delete-account');
  await expect(del).toBeDisabled();
  await page.getByTestId('delete-understand').check();
  page.once('dialog', (d) => d.accept());
  await del.click();
  await expect(page).toHaveURL(/\/login/);
  expect(await offlineKeys(page)).toBe(0);
  // The account is gone: its code no longer signs anyone in.
  const code = await request.post('/api/v1/auth/code', { data: { phone } });
  const login = await request.post('/api/v1/auth/login', { data: { phone, code: (await code.json()).dev_code } });
  expect(login.status()).toBe(400);
});

test('declining consent signs the member out; agreeing later works', async ({ page, request }) => {
  const phone = '13900000778';
  await register(request, phone, '钱守义');
  await page.goto('/');
  await logIn(page, phone);
  await page.getByRole('button', { name: '不同意，退出' }).click();
  await expect(page).toHaveURL(/\/login/);
  await logIn(page, phone);
  await expect(page.getByRole('heading', { name: '个人信息保护说明' })).toBeVisible();
});

test('before consent the portal asks for no health data; after it the schedule loads', async ({ page, request }) => {
  const phone = '13900000781';
  await register(request, phone, '周敏');
  await page.goto('/');
  const healthCalls: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/^\/api\/v1\/(schedule|medications|doses|prescriptions|me\/health|consultations|family|home)/.test(path)) {
      healthCalls.push(path);
    }
  });
  await logIn(page, phone);
  await expect(page.getByRole('heading', { name: '个人信息保护说明' })).toBeVisible();
  // The schedule sync and the home screen would have asked by now if they started.
  await page.waitForTimeout(1500);
  expect(healthCalls).toEqual([]);
  const schedule = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/schedule');
  await page.getByTestId('consent-accept').click();
  expect((await schedule).status()).toBe(200);
  await tab(page, /用药/).click();
  await expect(page.getByText('今天没有需要按时服用的药')).toBeVisible();
});

test('the consent screen in English with large text fits the phone', async ({ page, request }) => {
  const phone = '13900000779';
  await register(request, phone, 'Li Wei');
  await page.goto('/');
  await page.evaluate(() => { localStorage.setItem('portal.locale', 'en'); localStorage.setItem('portal.largeText', '1'); });
  await page.reload();
  await logIn(page, phone);
  await expect(page.getByRole('heading', { name: 'How we protect your personal information' })).toBeVisible();
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(wide).toBe(false);
  await shot(page, 'consent-en-large');
});

test('log out on all devices ends the session in the mini-program too', async ({ browser, baseURL }) => {
  const phone = '13900000780';
  const web = await browser.newContext();
  const wechat = await browser.newContext();
  const pa = await web.newPage();
  const pb = await wechat.newPage();
  await register(web.request, phone, '孙立');
  await pa.goto(baseURL + '/');
  await logIn(pa, phone);
  await pa.getByTestId('consent-accept').click();
  await expect(tab(pa, /我的/)).toBeVisible();
  // The second device opens the portal the way the mini-program does: with a hand-off code.
  await pb.goto(baseURL + '/?code=' + (await handoffCode(wechat.request, phone)));
  await expect(tab(pb, /我的/)).toBeVisible();
  await expect.poll(() => offlineKeys(pb)).toBeGreaterThan(0); // kept for offline use
  await pa.goto(baseURL + '/settings/account');
  pa.once('dialog', (d) => d.accept());
  await pa.getByTestId('logout-all').click();
  await expect(pa).toHaveURL(/\/login/);
  await pb.reload();
  await expect(pb).toHaveURL(/\/login/);
  // The other device learns of it at its next request and wipes what it kept.
  await expect.poll(() => offlineKeys(pb)).toBe(0);
  await web.close();
  await wechat.close();
});
