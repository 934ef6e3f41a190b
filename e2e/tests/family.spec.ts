import { Page, APIRequestContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { logIn, shot, tab } from './helpers';

const ADMIN = { authorization: 'Bearer dev-admin-token' };

// The son's phone is 18 hours behind his mother's home (Asia/Shanghai), so on most runs their
// calendars show different days: what is "today" for her must come from her schedule.
test.use({ timezoneId: 'Pacific/Honolulu' });

async function newMember(page: Page, request: APIRequestContext, phone: string, name: string) {
  const res = await request.post('/api/v1/admin/members', { headers: ADMIN, data: { phone, name } });
  expect(res.status()).toBe(201);
  await page.goto('/family');
  await logIn(page, phone);
  await page.getByTestId('consent-accept').click();
  await expect(tab(page, /我的/)).toBeVisible();
}

test('a son manages his mother\'s medicines, lets his sister look, sees her visits and takes access away', async ({ page, request, browser, baseURL }) => {
  await newMember(page, request, '13900000884', '陈志明');
  await page.goto('/settings');
  await page.getByRole('link', { name: '家人代管与照看' }).click();
  await expect(page.getByRole('heading', { name: '家人', exact: true })).toBeVisible();

  // A parent without a phone: a profile of her own, opened in one tap.
  await page.getByLabel('为家人建立档案（如没有手机的父母）').fill('妈妈');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  const people = page.getByTestId('family-people');
  await expect(people).toContainText('妈妈');
  await expect(people).toContainText('由我代管');
  await people.getByRole('link', { name: /妈妈/ }).click();
  await expect(page.getByRole('heading', { name: '妈妈 的用药' })).toBeVisible();
  // The full medicine form, sent for her: strength, amount, times, food note.
  await page.getByRole('link', { name: '为TA添加药品' }).click();
  await expect(page.getByTestId('medicine-for')).toHaveText('妈妈 的用药');
  // It starts on her calendar's today (her home zone), whatever zone this phone is in.
  const herToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  await expect(page.locator('#start')).toHaveValue(herToday);
  await page.locator('#name').fill('苯磺酸氨氯地平片');
  await page.locator('#strength').fill('5mg');
  await page.locator('#time-0').fill('23:59');
  await page.locator('#food').fill('早饭后');
  await shot(page, 'family-add-medicine-zh');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: '妈妈 的用药' })).toBeVisible();
  const dose = page.getByTestId('care-dose');
  await expect(dose).toHaveCount(1);
  await expect(dose).toContainText('苯磺酸氨氯地平片');
  await expect(dose).toContainText('5mg');
  // The son logs her dose for her.
  await dose.getByRole('button', { name: '已服用' }).click();
  await expect(dose.getByRole('button', { name: '撤销' })).toBeVisible();
  await shot(page, 'family-dependant-zh');
  // His own schedule is untouched.
  const own = await (await page.context().request.get('/api/v1/schedule')).json();
  expect(own.medications).toEqual([]);

  // An invitation for his sister: read-only.
  await page.goto('/family');
  await page.getByRole('radio', { name: '妈妈' }).check();
  await page.getByRole('radio', { name: '可查看', exact: true }).check();
  await page.getByTestId('make-code').click();
  const code = (await page.getByTestId('invite-code').locator('strong').textContent())!;
  expect(code).toMatch(/^[2-9A-Z]{10}$/);
  await shot(page, 'family-invite-zh');

  const sisterContext = await browser.newContext({ baseURL, viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const sister = await sisterContext.newPage();
  await newMember(sister, sisterContext.request, '13900000886', '陈志红');
  await sister.goto('/family');
  await sister.getByLabel('输入家人给我的邀请码').fill(code.toLowerCase());
  await sister.getByRole('button', { name: '确认' }).click();
  await expect(sister.getByText('已添加：妈妈')).toBeVisible();
  await sister.getByTestId('family-people').getByRole('link', { name: /妈妈/ }).click();
  await expect(sister.getByText('您可以查看，但不能记录服药。')).toBeVisible();
  await expect(sister.getByTestId('care-dose')).toContainText('苯磺酸氨氯地平片');
  await expect(sister.getByTestId('care-dose').getByRole('button')).toHaveCount(0);
  await expect(sister.getByTestId('care-add')).toHaveCount(0);
  await shot(sister, 'family-caregiver-zh');

  // The son sees who can look and when they did; taking access away is immediate.
  await page.reload();
  const carer = page.getByTestId('carer');
  await expect(carer).toContainText('陈志红 可以查看 妈妈 的用药');
  await carer.getByRole('button', { name: '查看访问记录' }).click();
  await expect(carer.getByTestId('care-log')).toContainText('查看了用药计划');
  page.once('dialog', (d) => d.accept());
  await carer.getByRole('button', { name: '取消授权' }).click();
  await expect(page.getByTestId('carer')).toHaveCount(0);
  await sister.reload();
  await expect(sister.getByTestId('care-gone')).toBeVisible();
  await sister.goto('/family');
  await expect(sister.getByText('还没有。', { exact: false })).toBeVisible();
  await sisterContext.close();
});
