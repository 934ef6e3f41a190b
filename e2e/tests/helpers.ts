import { APIRequestContext, expect, Page } from '@playwright/test';

export const GOLD = { phone: '13800000003', name: '张桂兰' };

/** Saves a phone-viewport screenshot into the ignored artifacts folder. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `../artifacts/screenshots/${name}.png`, fullPage: true });
}

/** Logs in through the real form, reading the dev-mode code the server shows. */
export async function logIn(page: Page, phone = GOLD.phone) {
  await expect(page).toHaveURL(/\/login/);
  await page.locator('#phone').fill(phone);
  await page.getByRole('button', { name: /获取验证码|Get code/ }).click();
  const hint = page.getByText(/演示环境验证码|Demo code/);
  await expect(hint).toBeVisible();
  const code = (await hint.textContent())!.match(/\d{6}/)![0];
  await page.locator('#code').fill(code);
  await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
}

export function tab(page: Page, name: RegExp) {
  return page.getByRole('navigation', { name: 'main' }).getByRole('link', { name });
}

export const SILVER = { phone: '13800000002', name: '李建国' };

/** A hand-off code from the admin endpoint, as the mini-program's backend would get one. */
export async function handoffCode(request: APIRequestContext, phone: string): Promise<string> {
  const res = await request.post('/api/v1/admin/handoff-codes', {
    headers: { authorization: 'Bearer dev-admin-token' }, data: { phone },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).code;
}
