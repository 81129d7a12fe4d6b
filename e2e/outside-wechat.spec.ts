import { expect, test, type Locator } from '@playwright/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { REAL_BASE_URL, WECHAT_IPHONE_UA } from '../playwright.config';
import { screenshot } from './support';

/** What a phone's camera reads from a QR code on the screen. */
async function readQrCode(code: Locator): Promise<string> {
  const { data, width, height } = PNG.sync.read(await code.screenshot());
  return jsQR(new Uint8ClampedArray(data), width, height)?.data ?? '';
}

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
    await expect(page.getByRole('textbox', { name: '本页链接' })).toHaveValue(`${REAL_BASE_URL}/`);
    await screenshot(page, 'desktop-open-in-wechat');
  });

  test('its copy link and its QR code open the landing page in WeChat, which starts no authorization until its button is tapped', async ({
    page,
    browser,
  }) => {
    await page.goto('/auth/wechat?returnTo=%2Fprofile%3Ftab%3D1');
    const copyLink = await page.getByRole('textbox', { name: '本页链接' }).inputValue();
    const qrTarget = await readQrCode(page.getByRole('img', { name: '本页链接的二维码' }));
    expect(copyLink).toBe(`${REAL_BASE_URL}/?returnTo=%2Fprofile%3Ftab%3D1`);
    expect(qrTarget).toBe(copyLink);

    const wechat = await browser.newContext({ userAgent: WECHAT_IPHONE_UA, viewport: { width: 390, height: 844 } });
    const tab = await wechat.newPage();
    const signInsStarted: string[] = [];
    // What /auth/wechat answers is recorded, and WeChat's page is never asked for: no request leaves the machine.
    await tab.route(/\/auth\/wechat(\?|$)/, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      signInsStarted.push(answer.headers()['location'] ?? `${answer.status()}`);
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>微信授权</title>' });
    });
    for (const link of [copyLink, qrTarget]) {
      await tab.goto(link);
      await expect(tab).toHaveURL(link);
      await expect(tab.getByRole('heading', { name: '微信个人主页' })).toBeVisible();
    }
    expect(signInsStarted).toEqual([]);
    await tab.getByRole('link', { name: '查看我的微信资料' }).click();
    await expect.poll(() => signInsStarted.length).toBe(1);
    const authorize = new URL(signInsStarted[0] as string);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(authorize.searchParams.get('scope')).toBe('snsapi_userinfo');
    await wechat.close();
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
