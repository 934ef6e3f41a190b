import { Page, APIRequestContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { logIn, shot, staffToken, STAFF, tab } from './helpers';

const ADMIN = { authorization: 'Bearer dev-admin-token' };

/** A newly registered member (no demo schedule), signed in with consent given. */
async function newMember(page: Page, request: APIRequestContext, phone: string, name: string) {
  const res = await request.post('/api/v1/admin/members', { headers: ADMIN, data: { phone, name } });
  expect(res.status()).toBe(201);
  await page.goto('/schedule');
  await logIn(page, phone);
  await page.getByTestId('consent-accept').click();
  await expect(tab(page, /我的/)).toBeVisible();
}

/** Adds a medicine through the real form (from the medicines list, so the schedule and its
 * date are loaded); lands on its page. */
async function addMedicine(page: Page, name: string, time: string) {
  await page.goto('/schedule/medicines');
  await expect(page.getByTestId('adherence')).toBeVisible();
  await page.getByTestId('add-medicine').click();
  await page.locator('#name').fill(name);
  await page.locator('#time-0').fill(time);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

test('a drug that interacts with one on the schedule is flagged; the member asks a pharmacist and reads the reply', async ({ page, request, context }) => {
  await newMember(page, request, '13900000881', '周海燕');
  await addMedicine(page, '阿托伐他汀钙片', '21:00');
  // A known drug carries the dictionary's note; nothing to warn about yet.
  await expect(page.getByTestId('drug-card')).toContainText('肌肉酸痛');
  await expect(page.getByTestId('safety-warning')).toHaveCount(0);

  // The name field suggests dictionary names, from pinyin initials too.
  await page.goto('/schedule/medicines');
  await page.getByTestId('add-medicine').click();
  await page.locator('#name').fill('klms');
  await expect(page.locator('#drug-names option[value="克拉霉素"]')).toHaveCount(1);
  await addMedicine(page, '克拉霉素片', '08:00');
  const warning = page.getByTestId('safety-warning');
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText('阿托伐他汀钙片 和 克拉霉素片 可能相互作用');
  await expect(warning).toContainText('重要');
  await expect(warning).toContainText('不要自行停药');
  await shot(page, 'health-warning-zh');

  // Saving was never blocked: both are on the schedule, and today's screen shows it too.
  await page.goto('/schedule');
  await expect(page.getByTestId('safety-warnings').getByTestId('safety-warning')).toHaveCount(1);

  await warning.getByRole('button', { name: '问药师' }).click();
  const form = warning.getByTestId('ask-form');
  await expect(form.locator('textarea')).toHaveValue(/可能相互作用/);
  await form.locator('textarea').fill('我在吃阿托伐他汀，医生又开了克拉霉素，能一起吃吗？');
  // A double tap files one question.
  await form.getByRole('button', { name: '发送给药师' }).dblclick();
  await expect(warning.getByTestId('ask-sent')).toBeVisible();
  const mine = await (await context.request.get('/api/v1/consultations')).json();
  expect(mine.length).toBe(1);
  expect(mine[0].medicines).toEqual(['阿托伐他汀钙片', '克拉霉素片']);

  // The pharmacist answers (through the staff API; the console's own test answers in the UI);
  // the member reads it under 问药师.
  const pharmacist = { authorization: `Bearer ${await staffToken(request, STAFF.pharmacist.phone)}` };
  const queue = await (await request.get('/api/v1/staff/consultations', { headers: pharmacist })).json();
  const asked = queue.find((c: { id: string }) => c.id === mine[0].id);
  const reply = '两药同用会升高阿托伐他汀浓度，增加肌肉损伤风险。请联系开药医生换用其他抗生素，期间不要自行停用他汀。';
  const res = await request.post(`/api/v1/staff/consultations/${asked.id}/reply`, { headers: pharmacist, data: { reply } });
  expect(res.status()).toBe(200);
  await request.post('/api/v1/staff/auth/logout', { headers: pharmacist });
  await page.goto('/settings');
  await page.getByRole('link', { name: '问药师（用药咨询）' }).click();
  await expect(page.getByTestId('pharmacist-reply')).toContainText('肌肉损伤');
  await expect(page.getByTestId('question')).toContainText('能一起吃吗');
  await shot(page, 'health-consult-zh');
});

test('the health profile states its purpose, needs consent, drives allergy and age checks, and can be deleted', async ({ page, request }) => {
  await newMember(page, request, '13900000882', '吴国强');
  await addMedicine(page, '阿奇霉素片', '08:00');
  await expect(page.getByTestId('safety-warning')).toHaveCount(0);

  await page.goto('/settings');
  await page.getByRole('link', { name: /^健康档案/ }).click();
  await expect(page.getByTestId('health-purpose')).toContainText('每一项都可以不填');
  await page.getByLabel('大环内酯类（阿奇霉素等）').check();
  await page.getByLabel('高血压').check();
  await page.getByRole('radio', { name: '80岁及以上' }).check();
  await page.getByRole('button', { name: '保存健康档案' }).click();
  await expect(page.getByRole('alert')).toHaveText('请先勾选同意，才能保存健康档案。');
  await page.getByTestId('health-consent').check();
  await page.getByRole('button', { name: '保存健康档案' }).click();
  await expect(page.getByTestId('health-saved')).toBeVisible();
  await shot(page, 'health-profile-zh');

  // Read back from the server after a reload.
  await page.reload();
  await expect(page.getByLabel('大环内酯类（阿奇霉素等）')).toBeChecked();
  await expect(page.getByLabel('高血压')).toBeChecked();

  await page.goto('/schedule');
  const warning = page.getByTestId('safety-warning');
  await expect(warning).toHaveCount(1);
  await expect(warning).toContainText('您记录了对大环内酯类（阿奇霉素等）过敏');

  await page.goto('/settings/health');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: '删除健康档案' }).click();
  await expect(page.getByText('健康档案已删除。')).toBeVisible();
  await expect(page.getByLabel('大环内酯类（阿奇霉素等）')).not.toBeChecked();
  await page.goto('/schedule');
  await expect(page.getByTestId('today-doses')).toBeVisible();
  await expect(page.getByTestId('safety-warning')).toHaveCount(0);

  // English, large text: the same screen reads well.
  await page.evaluate(() => { localStorage.setItem('portal.locale', 'en'); localStorage.setItem('portal.largeText', '1'); });
  await page.goto('/settings/health');
  await expect(page.getByRole('heading', { name: 'Health profile' })).toBeVisible();
  await expect(page.getByTestId('health-purpose')).toContainText('Every field is optional');
  await shot(page, 'health-profile-en-large');
});

test('medicine search finds brands and pinyin initials, and offline still finds what is on the schedule', async ({ page, request, context }) => {
  await newMember(page, request, '13900000883', '郑丽');
  await addMedicine(page, '甘精胰岛素注射液', '21:00');
  await page.goto('/medicines');
  const query = page.getByRole('searchbox');
  await query.fill('立普妥');
  await page.getByRole('button', { name: '搜索' }).click();
  const results = page.getByTestId('drug-results');
  await expect(results.getByTestId('drug-card').first()).toContainText('阿托伐他汀');
  await expect(results.getByTestId('drug-card').first()).toContainText('处方药');
  await query.fill('gjyds');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(results.getByTestId('drug-card').first()).toContainText('需冷藏 2–8 °C');
  await shot(page, 'health-search-zh');

  await context.setOffline(true);
  await query.fill('lantus');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(results).toContainText('现在离线');
  await expect(results.getByTestId('drug-card')).toHaveCount(1);
  await expect(results.getByTestId('drug-card')).toContainText('甘精胰岛素');
  await query.fill('立普妥');
  await page.getByRole('button', { name: '搜索' }).click();
  await expect(results).toContainText('没有找到这个药');
  await shot(page, 'health-search-offline');
  await context.setOffline(false);
});
