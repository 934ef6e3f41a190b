// Renders the app icons (public/*.png) from their SVG sources with the system Chromium.
// Run from e2e/ after changing an icon: node render-icons.mjs
import { chromium } from '@playwright/test';
import fs from 'fs';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const [src, size, out] of [['../public/favicon.svg', 192, 'icon-192.png'], ['../public/favicon.svg', 512, 'icon-512.png'], ['../public/icon-maskable.svg', 512, 'icon-maskable-512.png']]) {
  const svg = fs.readFileSync(src, 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.screenshot({ path: `../public/${out}`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}
await browser.close();
