import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { logIn, shot, staffToken, STAFF, tab } from './helpers';

const BRONZE = '13800000001';

/** Fails the test if any script the page did not ship runs (an alert from injected markup). */
function forbidDialogs(page: Page) {
  page.on('dialog', async (d) => {
    await d.dismiss();
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
}

test('a member finds an article by search, reads it, saves it, and reads it again offline', async ({ page, context }) => {
  forbidDialogs(page);
  await page.goto('/');
  await logIn(page, BRONZE);
  await tab(page, /资讯/).click();
  await expect(page.getByTestId('article-list').locator('li').first()).toBeVisible();
  await shot(page, 'articles-zh');

  await page.getByRole('searchbox', { name: '搜索健康资讯' }).fill('低血糖');
  await page.getByRole('button', { name: '搜索', exact: true }).click();
  const result = page.getByTestId('article-list').getByRole('link', { name: /低血糖：认出来，及时处理/ });
  await expect(result).toBeVisible();
  await shot(page, 'articles-search-zh');
  await result.click();

  const article = page.getByTestId('article');
  await expect(article.getByRole('heading', { level: 1 })).toHaveText('低血糖：认出来，及时处理');
  await expect(article.getByRole('heading', { name: '怎么处理（"15-15"原则）' })).toBeVisible();
  await expect(article.getByRole('note')).toContainText('不能代替医生的诊断和建议');
  await expect(article.locator('strong', { hasText: '不要喂食' })).toBeVisible();
  await page.getByRole('button', { name: '收藏' }).click();
  await expect(page.getByRole('button', { name: '已收藏' })).toHaveAttribute('aria-pressed', 'true');
  await page.mouse.wheel(0, 5000);
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await shot(page, 'article-zh');

  await page.getByRole('link', { name: '返回资讯列表' }).click();
  await page.getByRole('link', { name: '我的收藏' }).click();
  await expect(page.getByRole('link', { name: /低血糖：认出来/ })).toBeVisible();
  await shot(page, 'articles-saved-zh');

  // Offline: the article read a moment ago opens from the device, the list offers it.
  await context.setOffline(true);
  await page.getByRole('link', { name: /低血糖：认出来/ }).click();
  await expect(page.getByRole('status')).toContainText('当前没有网络');
  await expect(page.getByTestId('article').getByRole('heading', { level: 1 })).toHaveText('低血糖：认出来，及时处理');
  await page.getByRole('link', { name: '返回资讯列表' }).click();
  await expect(page.getByText('最近读过、可以离线阅读的文章')).toBeVisible();
  await expect(page.getByRole('link', { name: /低血糖：认出来/ })).toContainText('已读完');
  await shot(page, 'articles-offline-recent-zh');
  await context.setOffline(false);
});

test('markup in an article is shown as text and cannot run', async ({ page, request }) => {
  forbidDialogs(page);
  const body = '## 安全测试\n\n<img src=x onerror="alert(1)"><script>alert(2)</script>\n\n[点这里](javascript:alert(3)) 和 [国家药监局](https://www.nmpa.gov.cn/)\n\n> 本文为一般健康知识，不能代替医生的诊断和建议。';
  const res = await request.put('/api/v1/staff/articles/e2e-markup', {
    headers: { Authorization: `Bearer ${await staffToken(request, STAFF.editor.phone)}` },
    data: { lang: 'zh-CN', title: '标记测试 <b>粗</b>', summary: '摘要', body_md: body, author: '陈药师', credential: '执业药师', tags: ['用药安全'] },
  });
  expect(res.status()).toBe(204);
  await page.goto('/');
  await logIn(page, BRONZE);
  await page.goto('/articles/e2e-markup');
  const article = page.getByTestId('article');
  await expect(article.getByRole('heading', { level: 1 })).toHaveText('标记测试 <b>粗</b>');
  await expect(article).toContainText('<img src=x onerror="alert(1)"><script>alert(2)</script>');
  await expect(article.locator('img[src="x"], script, b')).toHaveCount(0);
  // The javascript: link is left as words; the https one opens safely in a new tab.
  await expect(article.getByRole('link', { name: '点这里' })).toHaveCount(0);
  const external = article.getByRole('link', { name: /国家药监局/ });
  await expect(external).toHaveAttribute('target', '_blank');
  await expect(external).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  await shot(page, 'article-markup-zh');
});

test('a member answers the survey from Me, and sends feedback that shows in My feedback', async ({ page, context }) => {
  forbidDialogs(page);
  await page.goto('/');
  await logIn(page, BRONZE);
  await tab(page, /我的/).click();
  await page.getByRole('link', { name: '问卷调研' }).click();
  const form = page.getByTestId('survey-form');
  await expect(form.getByRole('group', { name: '您有多大可能向亲友推荐我们的药房？' })).toBeVisible();
  await expect(form.getByRole('radio')).toHaveCount(11);
  await expect(form.getByRole('button', { name: '提交' })).toBeDisabled();
  await form.getByRole('radio', { name: '3', exact: true }).check();
  await expect(form.getByText('我们哪里做得不好？')).toBeVisible();
  await form.getByRole('radio', { name: '10', exact: true }).check();
  await expect(form.getByText('您最满意的是哪一点？')).toBeVisible();
  await form.getByRole('textbox').fill('药师讲解很耐心');
  await shot(page, 'survey-zh');
  await form.getByRole('button', { name: '提交' }).click();
  await expect(page.getByTestId('survey-thanks')).toContainText('已为您记入 50 积分');
  await shot(page, 'survey-thanks-zh');
  // Answered: nothing more to ask for now.
  await page.reload();
  await expect(page.getByText(/目前没有需要您填写的问卷/)).toBeVisible();
  await shot(page, 'survey-empty-zh');

  await tab(page, /我的/).click();
  await page.getByRole('link', { name: '意见反馈' }).click();
  await expect(page.getByText('您还没有提交过反馈')).toBeVisible();
  await page.getByRole('radio', { name: '投诉' }).check();
  await expect(page.getByText('我们会在 24 小时内回复您')).toBeVisible();
  await page.getByRole('radio', { name: '建议' }).check();
  await expect(page.getByText('我们会在 72 小时内回复您')).toBeVisible();
  await page.getByRole('checkbox', { name: '这个问题影响到我用药或健康' }).check();
  await expect(page.getByText('我们会在 24 小时内回复您')).toBeVisible();

  await page.getByRole('button', { name: '提交反馈' }).click();
  await expect(page.getByRole('alert')).toContainText('请至少写 5 个字');
  const text = '药盒上的字太小了 <b>看不清</b>，希望能放大';
  await page.getByRole('textbox').fill(text);
  const photo = await page.screenshot({ type: 'png' });
  await page.locator('input[type=file]').setInputFiles({ name: 'box.png', mimeType: 'image/png', buffer: photo });
  await expect(page.getByRole('button', { name: '删除照片' })).toBeVisible();

  // The network drops: everything typed stays, and the retry files it once.
  await context.setOffline(true);
  await page.getByRole('button', { name: '提交反馈' }).click();
  await expect(page.getByRole('alert')).toContainText('您填写的内容都还在');
  await expect(page.getByRole('textbox')).toHaveValue(text);
  await context.setOffline(false);
  await page.getByRole('button', { name: '提交反馈' }).click();
  await expect(page.getByTestId('feedback-sent')).toContainText('最晚');
  const mine = page.getByTestId('my-feedback');
  await expect(mine.locator('li')).toHaveCount(1);
  await expect(mine).toContainText(text);
  await expect(mine).toContainText('待回复');
  await expect(mine.locator('b')).toHaveCount(0);
  await expect(mine.getByRole('img', { name: '您附上的照片' })).toBeVisible();
  await shot(page, 'feedback-zh');
});

test('articles, survey and feedback read well in English with large text', async ({ page }) => {
  await page.goto('/');
  await logIn(page, BRONZE);
  await tab(page, /我的/).click();
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('switch', { name: /Large text/ }).check();
  await tab(page, /Articles|Health/).click();
  await page.getByRole('button', { name: 'Diabetes' }).click();
  await expect(page.getByTestId('article-list')).toContainText('Low blood sugar: spot it, treat it');
  await shot(page, 'articles-en-large');
  await page.getByRole('link', { name: /Low blood sugar/ }).click();
  await expect(page.getByTestId('article')).toContainText('not a substitute for your doctor');
  await shot(page, 'article-en-large');
  await page.goto('/feedback');
  await expect(page.getByRole('group', { name: 'What is it about?' })).toBeVisible();
  await shot(page, 'feedback-en-large');
  await page.goto('/settings');
  await page.getByRole('switch', { name: /Large text/ }).uncheck();
  await page.getByRole('button', { name: '中文' }).click();
});
