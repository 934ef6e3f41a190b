import { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';
import { GOLD, logIn, prescriptionPhoto, shot, SILVER, STAFF } from './helpers';

// The staff console at /staff, desktop first: a pharmacist, member service and an editor at
// work, each in a browser of their own beside the member's phone.

const BRONZE = '13800000001';

async function desk(browser: Browser, locale = 'zh-CN', width = 1280): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width, height: 860 }, locale, isMobile: false, hasTouch: false });
}

/** Signs in through the console's own form with the code dev mode fills in. */
async function staffLogIn(page: Page, phone: string) {
  await page.goto('/staff');
  await page.locator('#staff-phone').fill(phone);
  await page.getByRole('button', { name: /获取验证码|Send code/ }).click();
  await expect(page.locator('#staff-code')).toHaveValue(/^\d{6}$/);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await expect(page.getByRole('tablist')).toBeVisible();
}

/** Serious and critical axe-core findings on the console as it is now. */
async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0].target}`);
}

/** Uploads the sample prescription and submits what was read, through the API as the member's app does. */
async function submittedPrescription(request: APIRequestContext, page: Page, key: string): Promise<string> {
  const res = await request.post('/api/v1/prescriptions', {
    headers: { 'Idempotency-Key': key },
    multipart: { page: { name: 'rx.jpg', mimeType: 'image/jpeg', buffer: await prescriptionPhoto(page) } },
  });
  expect(res.status()).toBe(201);
  const id = (await res.json()).id;
  let rx = await (await request.get(`/api/v1/prescriptions/${id}`)).json();
  for (let i = 0; i < 120 && ['uploaded', 'recognising'].includes(rx.status); i++) {
    await new Promise((r) => setTimeout(r, 500));
    rx = await (await request.get(`/api/v1/prescriptions/${id}`)).json();
  }
  expect(rx.status).toBe('recognised');
  const sent = await request.post(`/api/v1/prescriptions/${id}/submit`, { data: { fields: rx.fields } });
  expect(sent.status()).toBe(200);
  return id;
}

test('a pharmacist approves in the console and the member sees it; a rejection reaches the member in English', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const pharmacist = await desk(browser);
  const staffPage = await pharmacist.newPage();
  try {
    // Signed in first: while the console polls, dev mode's automatic pharmacist stands aside.
    await staffLogIn(staffPage, STAFF.pharmacist.phone);
    await expect(staffPage.locator('.staff-who')).toContainText('药师 陈敏');

    // The member uploads through the portal and sends it for review.
    await page.goto('/');
    await logIn(page, GOLD.phone);
    await page.goto('/prescriptions/new');
    await page.getByTestId('rx-file').setInputFiles({ name: 'IMG_3001.jpg', mimeType: 'image/jpeg', buffer: await prescriptionPhoto(page) });
    await page.getByRole('button', { name: '提交上传' }).click();
    await expect(page.getByRole('heading', { name: '请核对识别结果' })).toBeVisible({ timeout: 90_000 });
    const id = page.url().split('/').pop()!;
    await page.getByRole('button', { name: '确认无误，提交药师审核' }).click();
    await expect(page.getByRole('heading', { name: '药师审核中' })).toBeVisible();

    // It appears in the queue with its waiting time; the pharmacist opens it.
    const item = staffPage.locator(`.staff-item[data-id="${id}"]`);
    await expect(item).toBeVisible({ timeout: 20_000 });
    await expect(item).toContainText(/已等待 \d+分\d\d秒/);
    await expect(item).toContainText('距 5 分钟目标还剩');
    await shot(staffPage, 'staff-queue-zh');
    await item.getByRole('button', { name: '审核' }).click();
    const pane = staffPage.getByTestId('review-pane');
    await expect(pane.locator('img')).toHaveJSProperty('complete', true);
    expect(await pane.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    await expect(pane).toContainText('二甲双胍');
    await pane.getByRole('button', { name: '旋转' }).click();
    await pane.getByRole('button', { name: '放大' }).click();
    // Turned a quarter and zoomed: the landscape photo's long side is 640 × 1.25 px, and its
    // box stands upright so the scroll reaches every edge.
    await expect(pane.locator('img')).toHaveAttribute('style', /width: 800px.*rotate\(90deg\)/);
    await expect(pane.locator('.staff-page-box')).toHaveAttribute('style', /height: 800px/);
    expect(await axe(staffPage)).toEqual([]);
    await shot(staffPage, 'staff-review-zh');
    await pane.getByRole('button', { name: '审核通过' }).dblclick();
    await expect(pane).toHaveCount(0);

    // The member's screen, still open, turns to approved.
    await expect(page.getByRole('heading', { name: '审核通过' })).toBeVisible({ timeout: 30_000 });
    const trail = await (await staffPage.request.get(`/api/v1/staff/prescriptions/${id}/access-log`)).json();
    expect(trail.filter((r: { action: string }) => r.action === 'decide')).toEqual([
      expect.objectContaining({ actor_kind: 'staff', actor: 'staff-pharmacist' }),
    ]);

    // A second member, reading in English, has one rejected with a reason and a note.
    const phone = await browser.newContext({ locale: 'en-GB', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const member = await phone.newPage();
    await member.goto('/');
    await logIn(member, SILVER.phone);
    const rejected = await submittedPrescription(phone.request, member, `e2e-staff-reject-${Date.now()}`);
    const next = staffPage.locator(`.staff-item[data-id="${rejected}"]`);
    await expect(next).toBeVisible({ timeout: 20_000 });
    await next.getByRole('button', { name: '审核' }).click();
    await pane.locator('#reject-reason').selectOption({ label: '处方已过期' });
    await pane.locator('#reject-note').fill('Please bring a new prescription from your doctor.');
    await pane.getByRole('button', { name: '驳回' }).click();
    await expect(pane).toHaveCount(0);
    await member.goto(`/prescriptions/${rejected}`);
    await expect(member.getByText('Not approved: The prescription has expired (or its date is wrong)')).toBeVisible();
    await expect(member.getByText('Please bring a new prescription from your doctor.')).toBeVisible();
    await shot(member, 'staff-rejected-member-en');
    await phone.close();
  } finally {
    await staffPage.request.post('/api/v1/staff/auth/logout');
    await pharmacist.close();
  }
});

test('member service answers a complaint and the member reads the reply', async ({ page, browser }) => {
  await page.goto('/');
  await logIn(page, BRONZE);
  await expect(page.getByTestId('greeting')).toBeVisible();
  const text = `药品送错了规格，请尽快处理 ${Date.now()}`;
  const sent = await page.request.post('/api/v1/feedback', {
    headers: { 'Idempotency-Key': `e2e-complaint-${Date.now()}` },
    multipart: { category: 'complaint', major: 'true', text, photo: { name: 'box.png', mimeType: 'image/png', buffer: await page.screenshot() } },
  });
  expect(sent.status()).toBe(201);
  const id = (await sent.json()).id;

  const service = await desk(browser, 'en-GB', 1024);
  const staffPage = await service.newPage();
  await staffLogIn(staffPage, STAFF.service.phone);
  // Member service works on feedback only: no review queue for them.
  await expect(staffPage.getByRole('tab')).toHaveText(['Feedback', 'Reports']);
  const item = staffPage.locator(`.staff-item-card[data-id="${id}"]`);
  await expect(item).toContainText(text);
  await expect(item).toContainText('Complaint');
  const photo = item.getByRole('img', { name: 'Photo the member attached' });
  await expect(photo).toHaveJSProperty('complete', true);
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  await item.getByLabel('Reply').fill('We are sending the right strength today; the courier will collect the wrong box.');
  await item.getByLabel('Also mark resolved').check();
  expect(await axe(staffPage)).toEqual([]);
  await shot(staffPage, 'staff-feedback-en');
  await item.getByRole('button', { name: 'Send reply' }).dblclick();
  await expect(item).toHaveCount(0);
  await staffPage.request.post('/api/v1/staff/auth/logout');
  await service.close();

  await page.goto('/feedback');
  const mine = page.getByTestId('my-feedback');
  await expect(mine).toContainText('courier will collect the wrong box');
  await expect(mine).toContainText('客服 小王');
  await shot(page, 'staff-feedback-reply-member-zh');
});

test('the NPS report draws the seeded monthly scores, and the editor publishes an article members can read', async ({ page, browser }) => {
  const editor = await desk(browser, 'zh-CN', 820);
  const staffPage = await editor.newPage();
  await staffLogIn(staffPage, STAFF.editor.phone);
  await expect(staffPage.getByRole('tab')).toHaveText(['健康文章', '报表']);

  await staffPage.getByRole('tab', { name: '报表' }).click();
  const report = await (await staffPage.request.get('/api/v1/staff/surveys/nps/report?months=12')).json();
  expect(report.trend.length).toBeGreaterThanOrEqual(6);
  const bars = staffPage.getByTestId('nps-chart').locator('g[data-month]');
  await expect(bars).toHaveCount(report.trend.length);
  for (const [i, m] of report.trend.entries()) {
    await expect(bars.nth(i)).toHaveAttribute('data-month', m.month);
    await expect(bars.nth(i)).toHaveAttribute('data-score', String(m.score));
    await expect(bars.nth(i).locator('text.value')).toHaveText(String(m.score));
  }
  await expect(staffPage.getByTestId('nps-score')).toHaveText(String(report.nps));
  expect(await axe(staffPage)).toEqual([]);
  await shot(staffPage, 'staff-reports-zh');

  await staffPage.getByRole('tab', { name: '健康文章' }).click();
  const slug = `e2e-staff-${Date.now()}`;
  await staffPage.getByLabel('文章地址').fill(slug);
  await staffPage.getByLabel('标题').fill('降压药漏服了怎么办');
  await staffPage.getByLabel('摘要').fill('想起来时离下次服药还远就补上，近了就跳过，不要一次吃两份。');
  await staffPage.getByLabel('高血压').check();
  await staffPage.getByLabel('正文').fill('## 先看时间\n\n离下一次服药**超过一半间隔**，就补服。\n\n<script>alert(1)</script>');
  await staffPage.getByLabel('作者').fill('陈敏');
  await staffPage.getByLabel('资质').fill('执业药师');
  await expect(staffPage.locator('.staff-preview h2', { hasText: '先看时间' })).toBeVisible();
  await expect(staffPage.locator('.staff-preview')).toContainText('<script>alert(1)</script>');
  await shot(staffPage, 'staff-editor-zh');
  await staffPage.getByRole('button', { name: '发布' }).dblclick();
  await expect(staffPage.getByRole('status')).toContainText('已发布');
  const row = staffPage.locator(`tr[data-slug="${slug}"]`);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('已上线');

  await page.goto('/');
  await logIn(page, BRONZE);
  await page.goto(`/articles/${slug}`);
  await expect(page.getByTestId('article').getByRole('heading', { level: 1 })).toHaveText('降压药漏服了怎么办');

  // Corrected from the list, then taken offline: members can no longer open it.
  await staffPage.getByRole('button', { name: '新文章' }).click();
  await expect(staffPage.getByLabel('标题')).toHaveValue('');
  await row.getByRole('button', { name: '编辑' }).click();
  await expect(staffPage.getByLabel('标题')).toHaveValue('降压药漏服了怎么办');
  await expect(staffPage.getByLabel('正文')).toHaveValue(/## 先看时间/);
  await row.getByRole('button', { name: '下线' }).click();
  await expect(row).toContainText('已下线');
  await page.goto(`/articles/${slug}`);
  await expect(page.locator('.error-state')).toBeVisible();
  await expect(page.getByText('降压药漏服了怎么办')).toHaveCount(0);

  // The session ends elsewhere (signed out on another device, or expired): the next call
  // brings the sign-in form back instead of an error in every tab.
  await staffPage.request.post('/api/v1/staff/auth/logout');
  await staffPage.getByRole('tab', { name: '报表' }).click();
  await expect(staffPage.locator('#staff-phone')).toBeVisible();
  await editor.close();
});
