import { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import AxeBuilder from '@axe-core/playwright';
import { GOLD, handoffCode } from './helpers';

// Every screen, at three phone widths, light and dark: screenshots to look at, no horizontal
// scroll, axe-core with zero serious or critical findings, and not one CSP violation.
const SCREENS = [
  '/', '/points', '/points/rules', '/rewards', '/wallet', '/tier', '/prescriptions', '/prescriptions/new',
  '/schedule', '/schedule/week', '/schedule/medicines', '/schedule/add', '/articles', '/articles/saved',
  '/articles/home-blood-pressure', '/feedback', '/survey', '/settings', '/settings/account', '/settings/health', '/consult', '/medicines', '/family', '/no-such-page',
];
const VIEWPORTS = [{ width: 320, height: 640 }, { width: 375, height: 812 }, { width: 412, height: 915 }];

/** Collects CSP violations and script errors for the whole test, across navigations. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('.loading, .boot')).toHaveCount(0);
}

/** Serious and critical axe-core findings (WCAG 2.1 A and AA), one line each. */
async function axe(page: Page, label: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** A line when the page is wider than the viewport (the member would have to pan). */
async function sideways(page: Page, label: string): Promise<string[]> {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  return scroll > width ? [`${label}: ${scroll} px wide in ${width} px`] : [];
}

function name(path: string) {
  return path === '/' ? 'home' : path.slice(1).replace(/\//g, '-');
}

test('signed out: the login screen passes axe, fits 320 px and violates no CSP rule', async ({ page }) => {
  const problems = watchProblems(page);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/login');
    await expect(page.locator('#phone')).toBeVisible();
    expect(await axe(page, `login ${scheme}`)).toEqual([]);
    for (const vp of VIEWPORTS) {
      await page.setViewportSize(vp);
      expect(await sideways(page, `login ${vp.width}`)).toEqual([]);
      await page.screenshot({ path: `../artifacts/screenshots/screens/login-${vp.width}-${scheme}.png`, fullPage: true });
    }
  }
  expect(problems).toEqual([]);
});

test('signed in: every screen passes axe in light and dark, fits 320–412 px with large text, no CSP violation', async ({ page, request }) => {
  test.setTimeout(300_000);
  const problems = watchProblems(page);
  await page.goto(`/?code=${await handoffCode(request, GOLD.phone)}`);
  await expect(page.getByTestId('greeting')).toBeVisible();
  const csp = (await page.request.get('/')).headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  const findings: string[] = [];

  for (const path of SCREENS) {
    await page.setViewportSize(VIEWPORTS[1]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(path);
    await settled(page);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      findings.push(...await axe(page, `${path} ${scheme}`));
      for (const vp of VIEWPORTS) {
        await page.setViewportSize(vp);
        findings.push(...await sideways(page, `${path} ${vp.width} ${scheme}`));
        await page.screenshot({ path: `../artifacts/screenshots/screens/${name(path)}-${vp.width}-${scheme}.png`, fullPage: true });
      }
    }
  }

  // Large text at the narrowest width is the hardest fit.
  await page.goto('/settings');
  await page.getByRole('switch', { name: /大字|Large text/ }).check();
  await page.setViewportSize(VIEWPORTS[0]);
  for (const path of SCREENS) {
    await page.goto(path);
    await settled(page);
    findings.push(...await sideways(page, `${path} large text 320`));
  }
  await page.goto('/settings');
  await page.getByRole('switch', { name: /大字|Large text/ }).uncheck();
  expect(findings).toEqual([]);
  expect(problems).toEqual([]);
});

test('touch targets are at least 44 px and focus is visible', async ({ page, request }) => {
  await page.goto(`/?code=${await handoffCode(request, GOLD.phone)}`);
  await expect(page.getByTestId('greeting')).toBeVisible();
  for (const path of ['/', '/schedule', '/settings', '/rewards', '/articles']) {
    await page.goto(path);
    await settled(page);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, a.button, nav a, [role=switch], input:not([type=hidden]), select')]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        // A switch or checkbox is tapped through its whole label.
        .map((el) => el.closest('label') ?? el)
        .map((el) => { const r = el.getBoundingClientRect(); return { el: el.outerHTML.slice(0, 80), h: r.height, w: r.width }; })
        .filter((r) => r.h < 44 || r.w < 44));
    expect(small, path).toEqual([]);
  }
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe('none');
});

test('the installable app: a manifest with a Chinese name, 192 and 512 icons, standalone display', async ({ page, request }) => {
  await page.goto('/login');
  const href = await page.locator('link[rel=manifest]').getAttribute('href');
  const res = await request.get(href!);
  expect(res.headers()['content-type']).toContain('manifest+json');
  const manifest = await res.json();
  expect(manifest).toMatchObject({ name: '药房会员中心', lang: 'zh-CN', display: 'standalone', theme_color: '#0b6e4f', start_url: '/' });
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i: any) => i.sizes === size && i.purpose === 'any');
    const png = await request.get(icon.src);
    expect(png.headers()['content-type']).toBe('image/png');
    const body = await png.body();
    expect([body.readUInt32BE(16), body.readUInt32BE(20)].join('x')).toBe(size);
  }
  // The service worker registers where the browser has one.
  await expect.poll(() => page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration()))).toBe(true);
});
