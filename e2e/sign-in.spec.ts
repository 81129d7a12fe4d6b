import { expect, test } from '@playwright/test';

test('a WeChat user who taps 允许 lands on a profile page that shows the chosen persona', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: '查看我的微信资料' }).click();
  await expect(page.getByRole('button', { name: '允许' })).toBeVisible();
  await page.getByRole('button', { name: '允许' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page).toHaveTitle('张小明的个人主页');
  await expect(page.getByText('oMockFullProfile000000000001')).toBeVisible();
  await page.screenshot({ path: 'e2e/screenshots/profile-full.png', fullPage: true });
});
