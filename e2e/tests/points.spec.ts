import { test, expect } from './fixtures';
import { execFileSync } from 'node:child_process';
import { logIn, shot, tab } from './helpers';

const SILVER = '13800000002';

function balanceOf(text: string | null): number {
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

test('a Silver member redeems a reward once, sees the coupon in the wallet and the ledger entry', async ({ page }) => {
  await page.goto('/');
  await logIn(page, SILVER);
  await expect(page.getByTestId('tier-card')).toContainText('白银会员');
  await expect(page.getByTestId('tier-card')).toContainText('再消费 ¥2,320 升级黄金会员');
  await expect(page.getByTestId('tier-card')).toContainText('今年已消费 ¥2,680 / ¥5,000');
  const homeBalance = balanceOf(await page.getByTestId('points-card').locator('.big-number').textContent());

  await page.getByTestId('points-card').click();
  await expect(page.getByTestId('points-balance')).toHaveText(/\d/);
  expect(balanceOf(await page.getByTestId('points-balance').textContent())).toBe(homeBalance);
  await shot(page, 'points-history-zh');
  await page.getByRole('link', { name: '积分规则' }).click();
  await expect(page.getByText('购药每消费 ¥1 得 1 分')).toBeVisible();
  await shot(page, 'points-rules-zh');
  await page.goBack();

  await page.getByRole('link', { name: '兑换好礼' }).click();
  await expect(page.getByTestId('rewards-balance')).toContainText(String(homeBalance).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  await shot(page, 'rewards-zh');
  await page.locator('[data-reward="coupon-10"]').getByRole('button', { name: '兑换' }).click();
  const sheet = page.getByRole('dialog');
  await expect(sheet).toContainText('用 500 分兑换“¥10 药品券”？');
  await expect(sheet).toContainText(`兑换后剩余 ${(homeBalance - 500).toLocaleString('en-US')} 分`);
  await shot(page, 'redeem-confirm-zh');
  // A double tap on confirm must charge once.
  await sheet.getByRole('button', { name: '确认兑换' }).dblclick();
  await expect(sheet).toContainText('兑换成功');
  await shot(page, 'redeem-done-zh');
  await sheet.getByRole('link', { name: '查看卡券' }).click();

  await expect(page).toHaveURL(/\/wallet$/);
  await expect(page.locator('.coupon', { hasText: '¥10 药品券' })).toContainText('可使用');
  // A redemption is a moment to ask the NPS question: offered in a sheet that blocks nothing,
  // and "not now" closes it for good (it counts as asked).
  const survey = page.getByTestId('survey-sheet');
  await expect(survey).toContainText('您有多大可能向亲友推荐我们的药房？');
  await survey.getByRole('button', { name: '以后再说' }).click();
  await expect(survey).toHaveCount(0);
  await shot(page, 'wallet-zh');
  // The member card's barcode scans back to the member's id (a real decoder reads the pixels).
  await page.getByTestId('member-barcode').screenshot({ path: '../artifacts/screenshots/barcode.png' });
  const decoded = execFileSync('zbarimg', ['--raw', '-q', '../artifacts/screenshots/barcode.png'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  expect(decoded).toBe('demo-silver');

  await page.goto('/points');
  expect(balanceOf(await page.getByTestId('points-balance').textContent())).toBe(homeBalance - 500);
  await page.getByRole('button', { name: '使用', exact: true }).click();
  await expect(page.getByTestId('ledger').locator('li').first()).toContainText('-500');
  await tab(page, /首页/).click();
  expect(balanceOf(await page.getByTestId('points-card').locator('.big-number').textContent())).toBe(homeBalance - 500);
});

test('a redemption interrupted by the network can be retried without a second charge', async ({ page, context }) => {
  await page.goto('/');
  await logIn(page, SILVER);
  await page.goto('/rewards');
  await expect(page.getByTestId('rewards-balance')).toHaveText(/\d/);
  const before = balanceOf(await page.getByTestId('rewards-balance').textContent());
  await page.locator('[data-reward="free-delivery"]').getByRole('button', { name: '兑换' }).click();
  await context.setOffline(true);
  await page.getByRole('dialog').getByRole('button', { name: '确认兑换' }).click();
  await expect(page.getByRole('dialog').getByRole('alert')).toContainText('不会重复扣分');
  await shot(page, 'redeem-offline-zh');
  await context.setOffline(false);
  await page.getByRole('dialog').getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('dialog')).toContainText('兑换成功');
  await page.getByRole('dialog').getByRole('button', { name: '关闭' }).click();
  await expect(page.getByTestId('rewards-balance')).toContainText((before - 300).toLocaleString('en-US'));
});

test('rules, rewards and wallet read well in English', async ({ page }) => {
  await page.goto('/');
  await logIn(page, '13800000001');
  await tab(page, /我的/).click();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  await page.goto('/points/rules');
  await expect(page.getByText('1 point for every ¥1 you spend on medicines')).toBeVisible();
  await shot(page, 'points-rules-en');
  await page.goto('/points');
  await expect(page.getByTestId('ledger')).toContainText('Order points');
  await shot(page, 'points-history-en');
  await page.getByRole('button', { name: 'Expired', exact: true }).click();
  await expect(page.getByTestId('ledger').locator('li')).toHaveCount(1);
  await expect(page.getByTestId('ledger')).toContainText('-150');
  await shot(page, 'points-expired-en');
  await page.goto('/rewards');
  await expect(page.locator('[data-reward="online-consult"]')).toContainText('One online consultation');
  await shot(page, 'rewards-en');
  await page.goto('/wallet');
  await expect(page.locator('.coupon', { hasText: '¥10 birthday coupon' })).toContainText('Ready to use');
  await shot(page, 'wallet-en');
  await page.goto('/tier');
  await expect(page.locator('.notice.birthday')).toContainText('Happy birthday');
  await shot(page, 'tier-birthday-en');
  await tab(page, /^Me$/).click();
  await page.getByRole('button', { name: '中文' }).click();
});
