import { expect, test } from '@playwright/test';
import { MOCK_AUTHORIZE, PROFILE_URL, answerConsent, field, screenshot } from './support';

test('snsapi_base signs in silently with the openid only, and 获取完整资料 upgrades to the full profile', async ({
  page,
}) => {
  await page.goto('/auth/wechat?scope=snsapi_base&returnTo=%2Fprofile');
  await expect(page).toHaveURL(PROFILE_URL);
  await expect(page.getByRole('heading', { name: '已识别你的微信身份' })).toBeVisible();
  await expect(field(page, 'openid')).toContainText('oMockFullProfile000000000001');
  await expect(page.getByText('张小明')).toHaveCount(0);
  await screenshot(page, 'base-openid-only');

  await page.getByRole('link', { name: '获取完整资料' }).click();
  await expect(page).toHaveURL(MOCK_AUTHORIZE);
  await expect(page).toHaveURL(/scope=snsapi_userinfo/);
  await answerConsent(page, { persona: 'full' });
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page).toHaveTitle('张小明的个人主页');
  await expect(field(page, '城市')).toContainText('深圳');
  await screenshot(page, 'base-upgraded-to-full');
});

test('a silent sign-in ends on a clean address: no #wechat_redirect carried over from WeChat’s page, returnTo’s query kept', async ({
  page,
  baseURL,
}) => {
  // Every hop of a snsapi_base sign-in is a redirect, so the browser carries the authorize URL's fragment along.
  await page.goto('/auth/wechat?scope=snsapi_base&returnTo=%2Fprofile%3Ftab%3D1');
  await expect(page.getByRole('heading', { name: '已识别你的微信身份' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => location.href)).toBe(`${baseURL}/profile?tab=1`);
});
