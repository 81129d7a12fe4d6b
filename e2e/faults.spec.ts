import { expect, test } from '@playwright/test';
import { answerConsent, screenshot } from './support';

test('when WeChat is busy the user sees a 502 page whose 重试 leads through authorization to the profile', async ({
  page,
}) => {
  await page.goto('/profile');
  const failure = page.waitForResponse((r) => r.url().includes('/auth/wechat/callback'));
  await answerConsent(page, { fault: 'busy' });
  expect((await failure).status()).toBe(502);
  await expect(page.getByRole('heading', { name: '微信暂时无法响应' })).toBeVisible();
  await screenshot(page, 'fault-busy-502');

  await page.getByRole('link', { name: '重试' }).click();
  await answerConsent(page);
  await expect(page).toHaveTitle('张小明的个人主页');
});

test('when WeChat does not answer in time the user sees a 504 page with 重试', async ({ page }) => {
  await page.goto('/profile');
  const failure = page.waitForResponse((r) => r.url().includes('/auth/wechat/callback'));
  await answerConsent(page, { fault: 'slow' });
  expect((await failure).status()).toBe(504);
  await expect(page.getByRole('heading', { name: '微信响应超时' })).toBeVisible();
  await expect(page.getByRole('link', { name: '重试' })).toBeVisible();
  await screenshot(page, 'fault-slow-504');
});

test('when the code turns out invalid the app restarts authorization once, the mock says why, and the user can still sign in', async ({
  page,
}) => {
  await page.goto('/profile');
  await answerConsent(page, { fault: 'invalid-code' });
  await expect(page.getByRole('status')).toContainText('刚才模拟了「code 无效（errcode 40029）」');
  await screenshot(page, 'fault-invalid-code-notice');
  await answerConsent(page);
  await expect(page).toHaveTitle('张小明的个人主页');
  await screenshot(page, 'fault-invalid-code-restarted');
});
