import { Page, BrowserContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { handoffCode, SILVER } from './helpers';

// A simulated WeChat mini-program host: the web-view's user agent, the JSSDK's flag and a fake
// `wx.miniProgram` that records every call (the real one would open native pages).
const MINI_PROGRAM_UA =
  'Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0 Mobile Safari/537.36 ' +
  'XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47 miniProgram/wx0123456789abcdef';

function installFakeWx() {
  const calls: Array<{ name: string; arg: unknown }> = [];
  (window as any).__wxCalls = calls;
  (window as any).__wxjs_environment = 'miniprogram';
  const record = (name: string) => (arg: unknown) => { calls.push({ name, arg: JSON.parse(JSON.stringify(arg ?? null)) }); };
  (window as any).wx = {
    miniProgram: {
      navigateTo: record('navigateTo'), navigateBack: record('navigateBack'), redirectTo: record('redirectTo'),
      postMessage: record('postMessage'), getEnv: (cb: (r: { miniprogram: boolean }) => void) => cb({ miniprogram: true }),
    },
  };
}

async function wxCalls(page: Page, name: string): Promise<any[]> {
  return page.evaluate((n) => (window as any).__wxCalls.filter((c: any) => c.name === n).map((c: any) => c.arg), name);
}

async function miniProgram(browser: import('@playwright/test').Browser, baseURL: string): Promise<[BrowserContext, Page]> {
  const context = await browser.newContext({
    baseURL, userAgent: MINI_PROGRAM_UA, viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN',
  });
  await context.addInitScript(installFakeWx);
  return [context, await context.newPage()];
}

test('in the mini-program: the hand-off code signs in and leaves the URL, checkout and share go to the host, a 401 opens native login', async ({ browser, baseURL, request }) => {
  const [context, page] = await miniProgram(browser, baseURL!);
  const code = await handoffCode(request, SILVER.phone);
  await page.goto(`/schedule?code=${code}&from=wx`);
  await expect(page.getByRole('heading', { name: '用药计划' })).toBeVisible();
  // The code is gone from the address bar (and so from history and shared links); the rest stays.
  expect(new URL(page.url()).search).toBe('?from=wx');
  // Replaced, not pushed: about:blank plus this one page, so Back cannot bring the code back.
  expect(await page.evaluate(() => history.length)).toBe(2);

  await page.goto('/wallet');
  await page.locator('.coupon', { hasText: '满 ¥99 减 ¥10' }).getByTestId('checkout').click();
  const navigations = await wxCalls(page, 'navigateTo');
  expect(navigations).toHaveLength(1);
  const [checkout] = navigations;
  expect(checkout.url).toMatch(/^\/pages\/checkout\/checkout\?coupon=benefit%3Asilver-10-off-99%3Ademo-silver%3A\d{4}-\d{2}$/);
  await expect(page.getByText('网页版不能付款')).toHaveCount(0);

  await page.goto('/articles');
  await page.getByText('在家量血压，这几步做对了才准').click();
  await page.getByTestId('share').click();
  await expect(page.getByText('请点右上角 ··· 分享给家人朋友')).toBeVisible();
  const [shared] = await wxCalls(page, 'postMessage');
  expect(shared.data).toMatchObject({ type: 'share', title: '在家量血压，这几步做对了才准' });
  expect(shared.data.path).toMatch(/^\/articles\/[a-z0-9-]+$/);

  // The session ends elsewhere (logout on another device, expiry): the next load gets a 401
  // and the member is sent to WeChat's native login, once.
  expect((await page.request.post('/api/v1/auth/logout')).status()).toBe(204);
  await page.goto('/points');
  await expect(page).toHaveURL(/\/login/);
  await expect.poll(() => wxCalls(page, 'navigateTo')).toEqual([{ url: '/pages/login/login?from=portal' }]);
  await page.getByTestId('wechat-login').click();
  expect(await wxCalls(page, 'navigateTo')).toHaveLength(2);

  // A used code (a shared link, a reload) signs nobody in and says why.
  await page.goto(`/?code=${code}`);
  await expect(page.getByText('登录链接已失效，请重新登录。')).toBeVisible();
  expect(page.url()).not.toContain(code);
  await expect.poll(() => wxCalls(page, 'navigateTo')).toEqual([{ url: '/pages/login/login?from=portal' }]);
  await context.close();
});

test('in a browser the same flows behave as a browser: web login, a note instead of payment, the link copied', async ({ browser, baseURL, request }) => {
  const context = await browser.newContext({ baseURL, viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const page = await context.newPage();
  // A hand-off link opened in a browser (e.g. forwarded) still works once.
  const code = await handoffCode(request, SILVER.phone);
  await page.goto(`/?code=${code}`);
  await expect(page.getByTestId('greeting')).toHaveText(`您好，${SILVER.name}`);
  expect(page.url()).not.toContain('code=');
  expect(await page.evaluate(() => typeof (window as any).wx)).toBe('undefined');

  await page.goto('/wallet');
  await page.locator('.coupon', { hasText: '满 ¥99 减 ¥10' }).getByTestId('checkout').click();
  await expect(page.getByText(/网页版不能付款/)).toBeVisible();

  await page.goto('/articles');
  await page.getByText('在家量血压，这几步做对了才准').click();
  const path = new URL(page.url()).pathname;
  await page.getByTestId('share').click();
  await expect(page.getByText(/链接已复制/)).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}${path}`);

  expect((await page.request.post('/api/v1/auth/logout')).status()).toBe(204);
  await page.goto('/points');
  await expect(page).toHaveURL(/\/login\?next=%2Fpoints/);
  await expect(page.getByTestId('wechat-login')).toHaveCount(0);
  await context.close();
});

test('in WeChat on iOS (no miniProgram in the UA): the portal loads the JSSDK and getEnv confirms the web-view', async ({ browser, baseURL, request }) => {
  const iosWeChat = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN';
  const context = await browser.newContext({ baseURL, userAgent: iosWeChat, viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  // WeChat's JSSDK from its official host, stood in for by the same recording fake.
  let loads = 0;
  await context.route('https://res.wx.qq.com/open/js/jweixin-1.6.0.js', (route) => {
    loads += 1;
    const body = `(${installFakeWx.toString()})(); delete window.__wxjs_environment;`;
    return route.fulfill({ status: 200, contentType: 'application/javascript', body });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (/Content.Security.Policy/i.test(m.text())) problems.push(m.text()); });
  await page.goto(`/wallet?code=${await handoffCode(request, SILVER.phone)}`);
  await expect.poll(() => page.evaluate(() => typeof (window as any).wx?.miniProgram)).toBe('object');
  await page.locator('.coupon', { hasText: '满 ¥99 减 ¥10' }).getByTestId('checkout').click();
  await expect.poll(() => wxCalls(page, 'navigateTo')).toHaveLength(1);
  const calls = await wxCalls(page, 'navigateTo');
  expect(calls).toHaveLength(1);
  expect(calls[0].url).toMatch(/^\/pages\/checkout\/checkout\?coupon=/);
  expect(loads).toBe(1);
  expect(problems).toEqual([]);
  await context.close();
});
