import { test as base, expect } from '@playwright/test';

/**
 * The test's page closes the in-app dose reminder whenever it appears. The demo schedules have
 * doses at fixed clock times, so a run that happens within 15 minutes of one gets the notice
 * over the button it is about to tap (seen: "退出登录", a survey's "提交"). The notice itself is
 * tested on purpose, with a set clock, in schedule.spec.ts.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    await page.addLocatorHandler(page.getByTestId('reminder-notice'), async (notice) => {
      await notice.getByRole('button').click();
    });
    await use(page);
  },
});

export { expect };
