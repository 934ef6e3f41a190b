import { Page, APIRequestContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { logIn } from './helpers';

const ADMIN = { authorization: 'Bearer dev-admin-token' };

/** A registered member with 1,000 points, signed in through the form, consent given. */
async function member(page: Page, request: APIRequestContext, phone: string): Promise<void> {
  const res = await request.post('/api/v1/admin/members', { headers: ADMIN, data: { phone, name: '测试会员' } });
  expect(res.status()).toBe(201);
  const { id } = await res.json();
  const order = await request.post('/api/v1/admin/orders', { headers: ADMIN, data: { order_id: `fault-${phone}`, member_id: id, amount_fen: 100_000 } });
  expect(order.status()).toBe(200);
  await page.goto('/');
  await logIn(page, phone);
  await page.getByTestId('consent-accept').click();
  await expect(page.getByRole('navigation', { name: 'main' })).toBeVisible();
}

/** The first request to `url` reaches the server, which acts on it; its answer never arrives. */
async function loseFirstAnswer(page: Page, url: string, method: string): Promise<() => number> {
  let reached = 0;
  await page.route(url, async (route) => {
    if (route.request().method() !== method || reached > 0) return route.continue();
    reached += 1;
    const answer = await route.fetch();
    expect(answer.ok()).toBe(true); // the server did it …
    await route.abort('connectionreset'); // … and the phone never heard
  });
  return () => reached;
}

test('a redemption the server made but whose answer was lost is retried without a second charge', async ({ page, request }) => {
  await member(page, request, '13900000791');
  await page.goto('/rewards');
  await expect(page.getByTestId('rewards-balance')).toContainText('1,000');
  const reached = await loseFirstAnswer(page, '**/api/v1/rewards/*/redeem', 'POST');
  await page.locator('[data-reward="free-delivery"]').getByRole('button', { name: '兑换' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '确认兑换' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('不会重复扣分');
  expect(reached()).toBe(1);
  await page.getByRole('dialog').getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('dialog')).toContainText('兑换成功');
  // One coupon, one charge: the retry was answered from the first redemption.
  const coupons = await (await page.request.get('/api/v1/coupons')).json();
  expect(coupons.filter((c: any) => c.kind === 'free_delivery' && c.source === 'redeem')).toHaveLength(1);
  const points = await (await page.request.get('/api/v1/points')).json();
  expect(points.balance).toBe(700);
});

test('feedback the server filed but whose answer was lost is filed once when sent again', async ({ page, request }) => {
  await member(page, request, '13900000792');
  await page.goto('/feedback');
  const reached = await loseFirstAnswer(page, '**/api/v1/feedback', 'POST');
  await page.getByRole('radio', { name: '建议' }).check();
  const text = '希望周末也能送药上门，谢谢';
  await page.getByRole('textbox').fill(text);
  await page.getByRole('button', { name: '提交反馈' }).click();
  await expect(page.getByRole('alert')).toContainText('您填写的内容都还在');
  expect(reached()).toBe(1);
  await expect(page.getByRole('textbox')).toHaveValue(text);
  await page.getByRole('button', { name: '提交反馈' }).click();
  await expect(page.getByTestId('feedback-sent')).toContainText('最晚');
  await expect(page.getByTestId('my-feedback').locator('li')).toHaveCount(1);
  const mine = await (await page.request.get('/api/v1/feedback')).json();
  expect(mine).toHaveLength(1);
});
