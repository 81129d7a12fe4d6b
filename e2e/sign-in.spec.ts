import { expect, test } from '@playwright/test';
import { MOCK_AUTHORIZE, answerConsent, field, screenshot } from './support';

test('a WeChat user who taps 允许 lands on a profile page that shows the chosen persona', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: '查看我的微信资料' }).click();
  await expect(page).toHaveURL(MOCK_AUTHORIZE);
  await expect(page.getByText('微信网页授权示例')).toBeVisible();
  await answerConsent(page, { persona: 'full' });
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page).toHaveTitle('张小明的个人主页');
  await expect(page.getByRole('heading', { name: '张小明' })).toBeVisible();
  await expect(field(page, '性别')).toContainText('男');
  await expect(field(page, '省份')).toContainText('广东');
  await expect(field(page, '城市')).toContainText('深圳');
  await expect(field(page, 'openid')).toContainText('oMockFullProfile000000000001');
  await expect(field(page, 'unionid')).toContainText('oUnionFullProfile00000000001');
  const avatar = page.getByRole('img', { name: '张小明的头像' });
  await expect(avatar).toBeVisible();
  await expect.poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await screenshot(page, 'sign-in-allow-full');
});

test('the landing page sends a first sign-in straight to authorization, and a signed-in user straight to the profile', async ({
  page,
}) => {
  await page.goto('/');
  const button = page.getByRole('link', { name: '查看我的微信资料' });
  await expect(button).toHaveAttribute('href', '/auth/wechat?returnTo=%2Fprofile');
  await button.click();
  await answerConsent(page, { persona: 'full' });
  await expect(page).toHaveTitle('张小明的个人主页');
  await page.goto('/');
  await expect(button).toHaveAttribute('href', '/profile');
  await button.click();
  await expect(page).toHaveTitle('张小明的个人主页');
});

test('a user who picks the emoji persona sees the nickname with its emoji intact', async ({ page }) => {
  await page.goto('/profile');
  await answerConsent(page, { persona: 'emoji' });
  await expect(page).toHaveTitle('🐼熊猫🎋Panda✨的个人主页');
  await expect(page.getByRole('heading', { name: '🐼熊猫🎋Panda✨' })).toBeVisible();
  await screenshot(page, 'sign-in-emoji');
});

test('a user who taps 拒绝 sees why the profile cannot be shown, and 重新授权 brings the consent sheet back', async ({
  page,
}) => {
  await page.goto('/profile');
  const refusal = page.waitForResponse((r) => r.url().includes('/auth/wechat/callback'));
  await answerConsent(page, { allow: false });
  expect((await refusal).status()).toBe(403);
  await expect(page.getByRole('heading', { name: '你没有授权，我们无法显示你的资料' })).toBeVisible();
  await screenshot(page, 'refused');

  await page.getByRole('link', { name: '重新授权' }).click();
  await answerConsent(page, { persona: 'full' });
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page).toHaveTitle('张小明的个人主页');
});

test('the landing page opened with a returnTo signs in to it when its button is tapped', async ({ page, baseURL }) => {
  await page.goto('/?returnTo=%2Fprofile%3Ftab%3D1');
  const button = page.getByRole('link', { name: '查看我的微信资料' });
  await expect(button).toHaveAttribute('href', '/auth/wechat?returnTo=%2Fprofile%3Ftab%3D1');
  await button.click();
  await answerConsent(page, { persona: 'full' });
  await expect(page).toHaveURL(`${baseURL}/profile?tab=1`);
  await expect(page).toHaveTitle('张小明的个人主页');
});

test('two tabs that each started a sign-in both finish, the later one first, each on its own returnTo', async ({
  context,
  baseURL,
}) => {
  const [first, second] = [await context.newPage(), await context.newPage()];
  await first.goto('/auth/wechat?returnTo=%2Fprofile%3Ftab%3D1');
  await second.goto('/auth/wechat?returnTo=%2Fprofile%3Ftab%3D2');
  await answerConsent(second, { persona: 'post2021' });
  await expect(second).toHaveURL(`${baseURL}/profile?tab=2`);
  await answerConsent(first, { persona: 'full' });
  await expect(first).toHaveURL(`${baseURL}/profile?tab=1`);
  await expect(first).toHaveTitle('张小明的个人主页');
});
