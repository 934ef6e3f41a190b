import { test, expect } from './fixtures';
import { GOLD, SILVER, logIn, shot, tab } from './helpers';

test('a member logs in, sees the home summary, visits every screen, switches language and logs out', async ({ page }) => {
  await page.goto('/');
  await shot(page, 'login-zh');
  await logIn(page);

  await expect(page.getByTestId('greeting')).toHaveText(`您好，${GOLD.name}`);
  await expect(page.getByTestId('tier-card')).toContainText('黄金会员');
  await expect(page.getByTestId('tier-card')).toContainText('药品 85 折');
  const homePoints = (await page.getByTestId('points-card').locator('.big-number').textContent())!;
  await expect(page.getByTestId('points-card')).toContainText('过期');
  await shot(page, 'home-zh');

  await page.getByTestId('points-card').click();
  await expect(page).toHaveURL(/\/points$/);
  await expect(page.getByTestId('points-balance')).toHaveText(homePoints);
  await expect(page.getByText('兑换：¥10 药品券')).toBeVisible();
  await shot(page, 'points-zh');

  await page.goBack();
  await page.getByTestId('tier-card').click();
  await expect(page.getByRole('heading', { name: '各等级权益对比' })).toBeVisible();
  const compare = page.getByTestId('tier-compare');
  await expect(compare.locator('thead th.current')).toContainText('黄金会员');
  await expect(compare.locator('tbody tr').first()).toContainText('药品 95 折药品 9 折药品 85 折');
  await expect(page.getByTestId('keep-tier')).toHaveText('明年消费满 ¥5,000 可保持黄金会员');
  await shot(page, 'tier-zh');

  await tab(page, /用药/).click();
  await expect(page.getByText('门冬胰岛素注射液').first()).toBeVisible();
  await expect(page.getByText(/2–8 °C/).first()).toBeVisible();
  await shot(page, 'schedule-zh');

  await tab(page, /处方/).click();
  await expect(page.getByText('还没有上传过处方')).toBeVisible();
  await shot(page, 'prescriptions-empty-zh');

  await tab(page, /资讯/).click();
  await expect(page.getByText('在家量血压，这几步做对了才准')).toBeVisible();
  await shot(page, 'articles-zh');

  await tab(page, /我的/).click();
  await expect(page.getByTestId('profile-name')).toHaveText(GOLD.name);
  await expect(page.getByText('138****0003')).toBeVisible();
  await shot(page, 'settings-zh');
  await page.getByRole('link', { name: '问卷调研' }).click();
  // The survey due, or the empty state once there is none (other tests may have answered).
  await expect(page.getByTestId('survey-form').or(page.getByText(/目前没有需要您填写的问卷/))).toBeVisible();

  // Language switch, persisted across a reload.
  await tab(page, /我的/).click();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Me' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await shot(page, 'settings-en');
  await page.reload();
  await tab(page, /Home/).click();
  await expect(page.getByTestId('greeting')).toHaveText(`Hello, ${GOLD.name}`);
  await expect(page.getByTestId('tier-card')).toContainText('Gold');
  await expect(page.getByTestId('tier-card')).toContainText('15% off drugs');
  await shot(page, 'home-en');
  await tab(page, /Articles/).click();
  await expect(page.getByText('Measuring blood pressure at home: get these steps right')).toBeVisible();
  await shot(page, 'articles-en');

  // Large text makes the whole interface bigger.
  await tab(page, /^Me$/).click();
  const before = await page.getByTestId('profile-name').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await page.getByRole('switch', { name: /Large text/ }).check();
  await expect(page.locator('html')).toHaveClass(/large-text/);
  const after = await page.getByTestId('profile-name').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(after).toBeGreaterThan(before * 1.15);
  await tab(page, /Home/).click();
  await expect(page.getByTestId('greeting')).toBeVisible();
  await shot(page, 'home-en-large');
  await tab(page, /^Me$/).click();
  await page.getByRole('switch', { name: /Large text/ }).uncheck();
  await page.getByRole('button', { name: 'English' }).isVisible();
  await page.getByRole('button', { name: '中文' }).click();

  // Logout ends the session: protected screens send the member back to login.
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/points');
  await expect(page).toHaveURL(/\/login\?next=%2Fpoints/);
});

test('a deep link survives login: the member lands where they were going', async ({ page }) => {
  await page.goto('/schedule');
  await expect(page).toHaveURL(/\/login\?next=%2Fschedule/);
  await logIn(page, '13800000002');
  await expect(page).toHaveURL(/\/schedule$/);
  await expect(page.getByText('盐酸二甲双胍缓释片').first()).toBeVisible();
});

test('a wrong code and a bad number get clear messages and keep what was typed', async ({ page }) => {
  await page.goto('/login');
  await page.locator('#phone').fill('12345');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('alert')).toHaveText('请输入正确的 11 位手机号');
  await page.locator('#phone').fill('138 0000 0001');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('button', { name: /秒后可重发/ })).toBeDisabled();
  await page.locator('#code').fill('000000');
  await page.getByRole('button', { name: /^登录$/ }).click();
  await expect(page.getByRole('alert')).toHaveText('验证码错误或已过期');
  await expect(page.locator('#phone')).toHaveValue('138 0000 0001');
  await shot(page, 'login-error-zh');
});

test('losing the network shows an offline message, and retry recovers', async ({ page, context }) => {
  await page.goto('/');
  await logIn(page);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await context.setOffline(true);
  await tab(page, /资讯/).click();
  await expect(page.locator('[data-state="offline"]')).toContainText('网络不可用');
  await shot(page, 'articles-offline-zh');
  await context.setOffline(false);
  await page.getByRole('button', { name: '重试' }).click();
  await expect(page.getByText('在家量血压，这几步做对了才准')).toBeVisible();
});

test('the static skeleton paints before the app arrives', async ({ page }) => {
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto('/');
  await expect(page.getByText('正在加载… Loading…')).toBeVisible();
  await shot(page, 'skeleton');
});

test.describe('first load', () => {
  // Without a service worker the wasm comes over the network, where the test can hold it back.
  test.use({ serviceWorkers: 'block' });

  test('the first screen\'s data is asked for once, while the wasm is still loading, and never shown to the next member', async ({ page }) => {
    await page.goto('/');
    await logIn(page);
    await expect(page.getByTestId('greeting')).toHaveText(`您好，${GOLD.name}`);

    // A returning member opens the home screen cold on a slow line (the wasm takes a second).
    await page.route('**/*_bg.wasm', async (route) => { await new Promise((r) => setTimeout(r, 1000)); await route.continue(); });
    let wasmArrived = false;
    const asked: { path: string; beforeWasm: boolean }[] = [];
    // The main module (route chunks the previous page fetched while idle may still arrive).
    page.on('response', (r) => { if (r.url().endsWith('_bg.wasm')) wasmArrived = true; });
    const homeLangs: (string | null)[] = [];
    page.on('request', (r) => {
      if (!r.url().includes('/api/v1/')) return;
      const url = new URL(r.url());
      asked.push({ path: url.pathname, beforeWasm: !wasmArrived });
      if (url.pathname === '/api/v1/home') homeLangs.push(url.searchParams.get('lang'));
    });
    // Home's own schedule sync starts after the greeting shows (the schedule is kept for
    // offline use): it must be done before the schedule screen's requests are counted.
    const homeSchedule = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/schedule');
    await page.goto('/');
    await expect(page.getByTestId('greeting')).toHaveText(`您好，${GOLD.name}`);
    await expect(page.getByTestId('points-card').locator('.big-number')).not.toBeEmpty();
    expect(asked.filter((a) => a.path === '/api/v1/home')).toEqual([{ path: '/api/v1/home', beforeWasm: true }]);
    expect(asked.filter((a) => a.path === '/api/v1/me')).toEqual([{ path: '/api/v1/me', beforeWasm: true }]);
    // The schedule opened cold: asked for once, early, and that answer is the one used (an
    // untaken early answer would also keep its connection open).
    await homeSchedule;
    asked.length = 0;
    wasmArrived = false;
    await page.goto('/schedule');
    await page.waitForLoadState('networkidle');
    expect(asked.filter((a) => a.path === '/api/v1/schedule')).toEqual([{ path: '/api/v1/schedule', beforeWasm: true }]);

    // boot.js picks the language as the app does (src/prefs.rs): a member who chose English
    // gets home asked for once, early, in English; a mismatch would ask twice.
    await page.evaluate(() => localStorage.setItem('portal.locale', 'en'));
    asked.length = 0;
    homeLangs.length = 0;
    wasmArrived = false;
    await page.goto('/');
    await expect(page.getByTestId('points-card').locator('.big-number')).not.toBeEmpty();
    await page.waitForLoadState('networkidle');
    expect(asked.filter((a) => a.path === '/api/v1/home')).toEqual([{ path: '/api/v1/home', beforeWasm: true }]);
    expect(homeLangs).toEqual(['en']);
    // Unrouted while no wasm request is held (a held one would outlive the next navigation).
    await page.unroute('**/*_bg.wasm');
    await page.evaluate(() => localStorage.setItem('portal.locale', 'zh-CN'));
    await page.goto('/');

    // Signed out, the early answers are 401s: the next member sees their own data.
    await tab(page, /我的/).click();
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/');
    await logIn(page, SILVER.phone);
    await expect(page.getByTestId('greeting')).toHaveText(`您好，${SILVER.name}`);
  });
});

test('an unknown address shows a page-not-found screen with a way home', async ({ page }) => {
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
  await shot(page, 'not-found-zh');
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page).toHaveURL(/\/login/);
});

test('a server that cannot be reached at start-up gets an offline message, not a login form', async ({ page }) => {
  await page.route('**/api/v1/me', (route) => route.abort('internetdisconnected'));
  await page.goto('/points');
  await expect(page.locator('[data-state="offline"]')).toContainText('网络不可用');
  await expect(page.locator('#phone')).toHaveCount(0);
  await shot(page, 'startup-offline-zh');
  await page.unroute('**/api/v1/me');
  await page.getByRole('button', { name: '重试' }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fpoints/);
});
