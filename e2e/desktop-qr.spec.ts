import { expect, test, type Page } from '@playwright/test';
import { DESKTOP, PROFILE_URL, field, screenshot, seriousViolations } from './support';

const MOCK_QR_PAGE =
  /\/mock-wechat\/connect\/qrconnect\?appid=wxmockopen00000001&redirect_uri=[^&]+&response_type=code&scope=snsapi_login&state=[A-Za-z0-9]{32}#wechat_redirect$/;

// The mock server has the mock's own website app, so QR sign-in is on.
test.use(DESKTOP);

test('a desktop browser signs in through the mock’s QR page and lands on its profile, with the website app’s openid', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('link', { name: '微信扫码登录' }).click();
  await expect(page).toHaveURL(MOCK_QR_PAGE);
  await expect(page.getByRole('img', { name: '模拟的登录二维码' })).toBeVisible();
  await screenshot(page, 'desktop-qr-page');
  await page.getByRole('radio', { name: /^张小明/ }).check();
  await page.getByRole('button', { name: '模拟扫码并确认' }).click();

  await expect(page).toHaveURL(PROFILE_URL);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('张小明');
  await expect(field(page, '登录方式')).toContainText('微信扫码登录（网站应用）');
  await expect(field(page, 'openid')).toContainText('oWebFullProfile0000000000001');
  await expect(field(page, 'unionid')).toContainText('oUnionFullProfile00000000001');
  // WECHAT-PROTOCOL §18: the website app's openid is not the account's, so there is nothing to ask.
  await page.waitForLoadState('load');
  await expect(page.getByText('公众号', { exact: true })).toHaveCount(0);
  await screenshot(page, 'desktop-qr-profile');

  // The landing page of a signed-in desktop user goes straight to the profile, with no second sign-in offered.
  await page.goto('/');
  await expect(page.getByRole('link', { name: '微信扫码登录' })).toHaveCount(0);
  await page.getByRole('link', { name: '查看我的微信资料' }).click();
  await expect(page).toHaveURL(PROFILE_URL);
});

test('取消 on the mock’s QR page ends on a page whose 重新授权 starts the QR sign-in again', async ({ page }) => {
  await page.goto('/auth/wechat/qr?returnTo=%2Fprofile');
  await expect(page).toHaveURL(MOCK_QR_PAGE);
  await page.getByRole('button', { name: '取消' }).click();
  await expect(page.getByRole('heading', { name: '你没有授权，我们无法显示你的资料' })).toBeVisible();
  await page.getByRole('link', { name: '重新授权' }).click();
  await expect(page).toHaveURL(MOCK_QR_PAGE);
});

test('the desktop landing page with 微信扫码登录 and the mock’s QR page have no serious or critical accessibility violations', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: '微信扫码登录' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'desktop-qr-landing');
  await page.getByRole('link', { name: '微信扫码登录' }).click();
  await expect(page).toHaveURL(MOCK_QR_PAGE);
  expect(await seriousViolations(page)).toEqual([]);
});
