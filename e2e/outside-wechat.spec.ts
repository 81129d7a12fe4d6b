import { expect, test } from '@playwright/test';
import { REAL_BASE_URL } from '../playwright.config';
import { screenshot } from './support';

const DESKTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

test.describe('with mock mode off', () => {
  test.use({
    baseURL: REAL_BASE_URL,
    userAgent: DESKTOP_UA,
    viewport: { width: 1280, height: 800 },
    isMobile: false,
    hasTouch: false,
    deviceScaleFactor: 1,
  });

  test('a desktop browser asking for /profile gets the open-in-WeChat page with a QR code of the link', async ({
    page,
  }) => {
    await page.goto('/profile');
    await expect(page).toHaveURL(`${REAL_BASE_URL}/auth/wechat?returnTo=%2Fprofile`);
    await expect(page.getByRole('heading', { name: '请在微信中打开此页面' })).toBeVisible();
    const qr = page.getByRole('img', { name: '本页链接的二维码' });
    await expect(qr).toBeVisible();
    await expect(qr.locator('svg')).toHaveCount(1);
    await expect(page.getByRole('textbox', { name: '本页链接' })).toHaveValue(
      `${REAL_BASE_URL}/auth/wechat?returnTo=%2Fprofile`,
    );
    await screenshot(page, 'desktop-open-in-wechat');
  });

  test('every /mock-wechat/... path answers 404', async ({ page, request }) => {
    const health = await request.get('/api/health');
    expect(await health.json()).toMatchObject({ mode: 'wechat' });
    for (const path of [
      'connect/oauth2/authorize?appid=wxmock0000000000001&redirect_uri=x&response_type=code&scope=snsapi_base&state=a',
      'sns/oauth2/access_token',
      'sns/userinfo',
      '__stats',
      'qlogo/mmopen/x/132',
    ]) {
      expect({ path, status: (await request.get(`/mock-wechat/${path}`)).status() }).toEqual({ path, status: 404 });
    }
    expect(
      (await request.post('/mock-wechat/connect/oauth2/authorize/confirm', { form: { decision: 'allow' } })).status(),
    ).toBe(404);
    const response = await page.goto('/mock-wechat/connect/oauth2/authorize');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
    await screenshot(page, 'mock-off-404');
  });
});
