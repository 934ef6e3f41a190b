import { execFileSync } from 'node:child_process';
import { test, expect } from './fixtures';
import { GOLD, logIn, shot } from './helpers';

// Bring a friend and this month's offers, through the real server with demo data.
const ADMIN = { authorization: 'Bearer dev-admin-token' };
const BRONZE = '13800000001';

test('a friend joins through the invite, orders, and the inviter finds the ¥200 voucher in the wallet', async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await logIn(page, GOLD.phone);
  await expect(page.getByTestId('greeting')).toBeVisible();
  await page.goto('/settings');
  await page.getByRole('link', { name: '邀请好友得 ¥200 药品券' }).click();
  const code = (await page.getByTestId('invite-code').textContent())!.trim();
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
  await expect(page.getByTestId('invite-link')).toHaveText(new RegExp(`/join\\?ref=${code}$`));
  // The QR code drawn on the device scans back to the invite link (a real decoder reads the pixels).
  await page.getByTestId('invite-qr').screenshot({ path: '../artifacts/screenshots/invite-qr.png' });
  const decoded = execFileSync('zbarimg', ['--raw', '-q', '../artifacts/screenshots/invite-qr.png'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  expect(decoded).toBe(await page.getByTestId('invite-link').textContent());
  await shot(page, 'invite-zh');

  // The friend opens the link on their own phone, in English, and joins.
  const phone = await browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const friend = await phone.newPage();
  const number = `137${String(Date.now()).slice(-8)}`;
  await friend.goto(`/join?ref=${code}`);
  await expect(friend.getByRole('heading', { name: 'Join the member centre' })).toBeVisible();
  await friend.getByLabel('Mobile number').fill(number);
  await friend.getByRole('button', { name: 'Get code' }).click();
  const hint = await friend.getByText(/Demo code: \d{6}/).textContent();
  await friend.getByLabel('Code').fill(hint!.match(/\d{6}/)![0]);
  await friend.getByLabel('Your name').fill('Wang Fang');
  await shot(friend, 'join-en');
  await friend.getByRole('button', { name: 'Join', exact: true }).dblclick();
  // A new member is asked for consent first, as at any first login.
  await friend.getByTestId('consent-accept').click();
  await expect(friend.getByTestId('greeting')).toContainText('Wang Fang');
  await friend.goto('/wallet');
  await expect(friend.locator('.coupon', { hasText: 'Welcome coupon' })).toBeVisible();
  const friendId = (await (await friend.request.get('/api/v1/me')).json()).id;
  await phone.close();

  // Before the friend orders: waiting for the first order.
  await page.reload();
  await expect(page.getByTestId('invited').locator('li').first()).toContainText('等待首单');
  await expect(page.getByTestId('invited').locator('li').first()).toContainText(`${number.slice(0, 3)}****${number.slice(7)}`);
  const posted = await request.post('/api/v1/admin/orders', { headers: ADMIN, data: { order_id: `e2e-ref-${Date.now()}`, member_id: friendId, amount_fen: 16_800 } });
  expect(posted.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('invited').locator('li').first()).toContainText('已发放');
  await shot(page, 'invite-awarded-zh');
  await page.goto('/wallet');
  await expect(page.locator('.coupon', { hasText: '好友推荐奖励 · ¥200 药品券' })).toContainText('可使用');
});

test('a member with amlodipine on the schedule sees this month\'s offer on home and claims it', async ({ page }) => {
  await page.goto('/');
  await logIn(page, BRONZE);
  const offer = page.getByTestId('offer-card');
  await expect(offer).toContainText('本月慢病用药补贴');
  await expect(offer).toContainText('你的 氨氯地平 9折起');
  await shot(page, 'home-offer-zh');
  await offer.click();
  await expect(page.getByRole('heading', { name: '本月优惠' })).toBeVisible();
  const first = page.getByTestId('offer').first();
  await expect(first).toContainText('你的 氨氯地平 9折起');
  await shot(page, 'offers-zh');
  // A double tap claims one coupon.
  await first.getByRole('button', { name: '领取优惠券' }).dblclick();
  await first.getByRole('link', { name: '已放入卡包，去看看' }).click();
  await expect(page).toHaveURL(/\/wallet$/);
  await expect(page.locator('.coupon', { hasText: '本月慢病用药补贴 · 9折' })).toHaveCount(1);
  await page.goto('/');
  await expect(page.getByTestId('greeting')).toBeVisible();
  // Claimed: home moves on to the next offer running this month.
  await expect(page.getByTestId('offer-card')).toContainText('检测+购药套餐');
});
