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
  // Signed in once the login form is gone (home, or the consent screen). A caller's next
  // page.goto must not cancel the login request before its session cookie is set.
  await expect(page.locator('#code')).toHaveCount(0);
}

export function tab(page: Page, name: RegExp) {
  return page.getByRole('navigation', { name: 'main' }).getByRole('link', { name });
}

export const SILVER = { phone: '13800000002', name: '李建国' };

/** Dev mode's demo staff, one per role (scripts print them with `make run`). */
export const STAFF = {
  pharmacist: { phone: '13600000001', name: '药师 陈敏' },
  service: { phone: '13600000002', name: '客服 小王' },
  editor: { phone: '13600000003', name: '编辑 刘洋' },
};

/** A staff console session token, signed in through the staff login endpoint. */
export async function staffToken(request: APIRequestContext, phone: string): Promise<string> {
  const res = await request.post('/api/v1/staff/auth/login', { data: { phone, code: '246810' } });
  expect(res.status()).toBe(200);
  return (await res.json()).token;
}

/** A hand-off code from the admin endpoint, as the mini-program's backend would get one. */
export async function handoffCode(request: APIRequestContext, phone: string): Promise<string> {
  const res = await request.post('/api/v1/admin/handoff-codes', {
    headers: { authorization: 'Bearer dev-admin-token' }, data: { phone },
  });
  expect(res.status()).toBe(200);
  return (await res.json()).code;
}

// The demo members live in Asia/Shanghai; a prescription dated today passes review.
export const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const [y, m, d] = today.split('-');

export const LINES = [
  '上海市第六人民医院 门诊处方笺',
  '姓名: 张桂兰   性别: 女   年龄: 72岁',
  `科别: 心内科   日期: ${y}年${m}月${d}日`,
  'Rp:',
  '1. 苯磺酸氨氯地平片 5mg×28片',
  '   用法: 每次1片 每日1次 口服',
  '2. 盐酸二甲双胍缓释片 0.5g×60片',
  '   用法: 每次1片 每日2次 口服',
  '医师: 李明   审核药师: 王芳',
];

/** A phone-like photo of a prescription: rendered with the CJK font, slightly rotated, JPEG. */
export async function prescriptionPhoto(page: Page, lines = LINES): Promise<Buffer> {
  const paper = await page.context().newPage();
  await paper.setViewportSize({ width: 1500, height: 760 });
  await paper.setContent(`<body style="margin:0;background:#fff">
    <div style="font:38px 'Noto Sans CJK SC';line-height:66px;padding:60px;transform:rotate(0.8deg);white-space:pre;color:#222">${lines.join('\n')}</div></body>`);
  const jpeg = await paper.screenshot({ type: 'jpeg', quality: 75 });
  await paper.close();
  return jpeg;
}
