import { expect, test } from '@playwright/test';
import { MOCK_AUTHORIZE, screenshot, signIn } from './support';

test('退出登录 returns home, and /profile then asks WeChat for authorization again', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/:\d+\/$/);
  await expect(page.getByRole('link', { name: '查看我的微信资料' })).toBeVisible();
  await screenshot(page, 'logged-out-home');

  await page.goto('/profile');
  await expect(page).toHaveURL(MOCK_AUTHORIZE);
  await expect(page.getByRole('button', { name: '允许', exact: true })).toBeVisible();
  await screenshot(page, 'consent-after-logout');
});

test('a copy of the session cookie taken before 退出登录 shows no profile afterwards', async ({ page, context }) => {
  await signIn(page);
  const copy = (await context.cookies()).find((cookie) => cookie.name === 'wx_session');
  expect(copy?.value).toBeTruthy();
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/:\d+\/$/);

  await context.addCookies([copy!]);
  await page.goto('/profile');
  await expect(page).toHaveURL(MOCK_AUTHORIZE);
  await expect(page.getByRole('heading', { name: '张小明' })).toHaveCount(0);
});
