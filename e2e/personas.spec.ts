import { expect, test } from '@playwright/test';
import { field, screenshot, signIn } from './support';

test('a snapshot-mode user is told to tap 使用完整服务, is not shown as a real account and has no 公众号 row', async ({
  page,
}) => {
  await signIn(page, 'snapshot');
  await expect(page.getByRole('status').filter({ hasText: '使用完整服务' })).toBeVisible();
  await expect(field(page, 'openid')).not.toContainText('oMockSnapshotVirtual00000003');
  await page.waitForLoadState('load');
  await expect(page.getByText('公众号', { exact: true })).toHaveCount(0);
  await screenshot(page, 'snapshot-notice');
});

test('a user who joined after 2021 sees 未公开 where WeChat sends nothing, never a blank, undefined or null', async ({
  page,
}) => {
  await signIn(page, 'post2021');
  await expect(page).toHaveTitle('恩爸的个人主页');
  for (const label of ['省份', '城市', '国家']) await expect(field(page, label)).toContainText('未公开');
  await expect(page.locator('main')).not.toContainText(/undefined|null/);
  await screenshot(page, 'post2021-placeholders');
});

test('a user without an avatar or unionid sees a placeholder picture and no unionid row', async ({ page }) => {
  await signIn(page, 'no-avatar');
  await expect(page).toHaveTitle('李雷的个人主页');
  await expect(page.getByRole('img', { name: /李雷的头像/ })).toBeVisible();
  await expect(page.getByText('unionid', { exact: true })).toHaveCount(0);
  await screenshot(page, 'no-avatar');
});
